package dev.hookline.routing;

import dev.hookline.event.Event;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides which endpoints take an event: its type must match one of the endpoint's patterns, and
 * the endpoint must be enabled and pass its {@link Filters}, its {@code when} {@link Condition} and
 * its Java predicates, checked in that order. Every endpoint that does not take the event is
 * accounted for with a {@link Skip} saying why.
 *
 * <p>Thread-safe. Endpoints can be added, replaced and removed while events are routed: each {@link
 * #route} works on a snapshot of the endpoints taken when it starts (copy-on-write), so it never
 * sees half an update. Routing does not block on changes and never throws because of an endpoint: a
 * condition or predicate that fails makes that endpoint skip the event.
 *
 * <pre>{@code
 * Router router = Router.create(Clock.systemUTC());
 * router.add(Endpoint.builder("ops", "https://ops.example.com/hooks").events("*").build());
 * RouteResult result = router.route(event);
 * result.endpoints();   // the endpoints that take it, in registration order
 * result.skipped();     // why each other endpoint does not
 * }</pre>
 */
public interface Router {

  /**
   * A router judging time windows and {@code now} in conditions by {@code clock} (tests pass a
   * fixed clock).
   */
  static Router create(Clock clock) {
    return new RealRouter(Objects.requireNonNull(clock, "clock"));
  }

  /** A router on the system clock. */
  static Router create() {
    return create(Clock.systemUTC());
  }

  /**
   * Registers an endpoint after the existing ones.
   *
   * @throws DuplicateEndpointException when an endpoint with the same id is registered
   */
  void add(Endpoint endpoint);

  /**
   * Registers an endpoint, replacing the one with the same id in its place in the order, or adding
   * it last.
   *
   * @return the endpoint replaced, if any
   */
  Optional<Endpoint> put(Endpoint endpoint);

  /**
   * Unregisters an endpoint. Idempotent.
   *
   * @return the endpoint removed, or empty when none had that id
   */
  Optional<Endpoint> remove(String id);

  /** The endpoint with this id, if registered. */
  Optional<Endpoint> endpoint(String id);

  /** Every registered endpoint, in registration order (a snapshot). */
  List<Endpoint> endpoints();

  /**
   * Routes one event against the current endpoints. Never throws because of an endpoint's filters,
   * condition or predicates.
   */
  RouteResult route(Event event);
}
