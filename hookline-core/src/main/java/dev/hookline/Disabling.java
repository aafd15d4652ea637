package dev.hookline;

import dev.hookline.event.Event;
import dev.hookline.event.EventBus;
import dev.hookline.event.Severity;
import dev.hookline.event.Subscription;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Router;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Disabling an endpoint on the engine's word (a 410 Gone, or failing past the circuit breaker's
 * limit): the router's copy becomes {@code enabled: false}, the user's callback is told, and an
 * {@code endpoint.disabled} event is announced — emitted on the attached buses, or published when
 * none is attached.
 */
final class Disabling {
  private static final System.Logger LOG = System.getLogger(Hookline.class.getName());

  private final Router router;
  private final Clock clock;
  private final Consumer<Endpoint> onDisabled;
  private final Consumer<Event> publish;
  private final List<EventBus> buses = new CopyOnWriteArrayList<>();

  Disabling(Router router, Clock clock, Consumer<Endpoint> onDisabled, Consumer<Event> publish) {
    this.router = router;
    this.clock = clock;
    this.onDisabled = onDisabled;
    this.publish = publish;
  }

  /**
   * Announces on {@code bus} too, until the returned subscription (which also cancels {@code
   * publishing}, the bus's subscription that publishes its events) is cancelled.
   */
  Subscription announceOn(EventBus bus, Subscription publishing) {
    buses.add(bus);
    return new Subscription() {
      @Override
      public void cancel() {
        publishing.cancel();
        buses.remove(bus);
      }

      @Override
      public String pattern() {
        return publishing.pattern();
      }

      @Override
      public boolean isActive() {
        return publishing.isActive();
      }
    };
  }

  /** Disables {@code endpointId} unless it is gone or disabled already. */
  void disable(String endpointId, String reason) {
    Optional<Endpoint> current = router.endpoint(endpointId);
    if (current.isEmpty() || !current.get().enabled()) {
      return;
    }
    Endpoint disabled = current.get().toBuilder().enabled(false).build();
    router.put(disabled);
    LOG.log(System.Logger.Level.WARNING, "endpoint " + endpointId + " disabled: " + reason);
    try {
      onDisabled.accept(disabled);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "the endpoint-disabled callback failed", e);
    }
    Event announcement =
        Event.builder("endpoint.disabled")
            .clock(clock)
            .source("hookline")
            .subject(endpointId)
            .severity(Severity.ERROR)
            .put("endpoint_id", endpointId)
            .put("reason", reason)
            .build();
    try {
      if (buses.isEmpty()) {
        publish.accept(announcement);
      } else {
        for (EventBus bus : buses) {
          bus.emit(announcement);
        }
      }
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING, "cannot announce that " + endpointId + " is disabled", e);
    }
  }
}
