package dev.hookline.routing;

import dev.cel.runtime.CelVariableResolver;
import dev.hookline.event.Event;
import java.time.Clock;
import java.time.Instant;

/**
 * What every endpoint's checks share while one event is routed: the routing instant (read once, so
 * every time window judges the same moment) and the CEL variables (bound once, for the first
 * endpoint with a condition, then shared by every condition: handing CEL a resolver rather than a
 * {@code Map} spares it a copy of the variables per evaluation). Confined to the routing thread.
 */
final class RoutingContext {
  final Event event;
  private final Clock clock;
  private Instant now;
  private CelVariableResolver celVariables;

  RoutingContext(Event event, Clock clock) {
    this.event = event;
    this.clock = clock;
  }

  static RoutingContext at(Event event, Instant now) {
    RoutingContext c = new RoutingContext(event, Clock.systemUTC());
    c.now = now;
    return c;
  }

  Instant now() {
    if (now == null) {
      now = clock.instant();
    }
    return now;
  }

  CelVariableResolver celVariables() {
    if (celVariables == null) {
      celVariables = CelEnvironment.resolver(event, now());
    }
    return celVariables;
  }
}
