package dev.hookline.routing;

import dev.hookline.event.Event;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * What every endpoint's checks share while one event is routed: the routing instant (read once, so
 * every time window judges the same moment) and the CEL variables (built once, for the first
 * endpoint with a condition). Confined to the routing thread.
 */
final class RoutingContext {
  final Event event;
  private final Clock clock;
  private Instant now;
  private Map<String, Object> celVariables;

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

  Map<String, Object> celVariables() {
    if (celVariables == null) {
      celVariables = CelEnvironment.variables(event, now());
    }
    return celVariables;
  }
}
