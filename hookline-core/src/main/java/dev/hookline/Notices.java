package dev.hookline;

import dev.hookline.delivery.DeadDelivery;
import dev.hookline.delivery.DeliveryListener;
import dev.hookline.delivery.FailureNotice;
import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.OnFailure;
import dev.hookline.routing.RouteResult;
import dev.hookline.routing.Router;
import dev.hookline.routing.Skip;
import dev.hookline.routing.SkipReason;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Hookline's own events about deliveries: alerts (failure rates, slow endpoints) sent to the alert
 * channels and subscribers, and the {@code on_failure} notice of each dead delivery. Each is
 * accepted like any event, with its routing decided here.
 */
final class Notices {
  private static final System.Logger LOG = System.getLogger(Hookline.class.getName());

  private final Router router;
  private final Clock clock;
  private final List<String> channels;
  private final List<Consumer<Event>> alertCallbacks;
  private final BiConsumer<List<Event>, Function<Event, Acceptance.Route>> accept;

  /**
   * @param accept accepts events routed as the function says (a no-op once Hookline is closed)
   */
  Notices(
      Router router,
      Clock clock,
      List<String> channels,
      List<Consumer<Event>> alertCallbacks,
      BiConsumer<List<Event>, Function<Event, Acceptance.Route>> accept) {
    this.router = router;
    this.clock = clock;
    this.channels = List.copyOf(channels);
    this.alertCallbacks = List.copyOf(alertCallbacks);
    this.accept = accept;
  }

  /**
   * Accepts an alert raised about {@code aboutId}: one event, delivered to every alert channel and
   * to the endpoints subscribed to its type (routed as usual), except the endpoint it is about.
   * Then the {@link Hookline.Builder#onAlert} callbacks see it.
   */
  void raise(Event alert, String aboutId) {
    String selfSkip = "an alert about an endpoint is never sent to it";
    List<Endpoint> targets = new ArrayList<>();
    List<Skip> skipped = new ArrayList<>();
    for (String channel : channels) {
      Optional<Endpoint> e = router.endpoint(channel);
      if (channel.equals(aboutId)) {
        skipped.add(new Skip(channel, SkipReason.ALERT_ABOUT_ENDPOINT, selfSkip));
      } else if (e.isEmpty()) {
        LOG.log(
            System.Logger.Level.WARNING,
            "alert channel '"
                + channel
                + "' is not an endpoint; "
                + alert.type()
                + " not sent there");
      } else if (!e.get().enabled()) {
        skipped.add(new Skip(channel, SkipReason.DISABLED, "alert channel is disabled"));
      } else if (targets.stream().noneMatch(t -> t.id().equals(channel))) {
        targets.add(e.get());
      }
    }
    RouteResult routed = router.route(alert);
    for (Endpoint e : routed.endpoints()) {
      if (e.id().equals(aboutId)) {
        skipped.add(new Skip(e.id(), SkipReason.ALERT_ABOUT_ENDPOINT, selfSkip));
      } else if (targets.stream().noneMatch(t -> t.id().equals(e.id()))) {
        targets.add(e);
      }
    }
    for (Skip s : routed.skipped()) {
      if (targets.stream().noneMatch(t -> t.id().equals(s.endpointId()))
          && skipped.stream().noneMatch(k -> k.endpointId().equals(s.endpointId()))) {
        skipped.add(s);
      }
    }
    LOG.log(
        alert.severityOrInfo() == Severity.INFO
            ? System.Logger.Level.INFO
            : System.Logger.Level.WARNING,
        alert.type() + " about endpoint " + aboutId + ": " + alert.data().get("title"));
    accept.accept(
        List.of(alert), e -> new Acceptance.Route(List.copyOf(targets), List.copyOf(skipped)));
    for (Consumer<Event> callback : alertCallbacks) {
      try {
        callback.accept(alert);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "alert callback failed on " + alert.id(), e);
      }
    }
  }

  /** A listener that {@link #announce announces} each dead delivery. */
  DeliveryListener announcer() {
    return new DeliveryListener() {
      @Override
      public void onFailure(DeadDelivery dead) {
        announce(dead);
      }

      @Override
      public String toString() {
        return "on_failure notices";
      }
    };
  }

  /**
   * Publishes the notice about a dead delivery where its endpoint's {@code on_failure} says: to
   * that endpoint only, or as an event of that type routed as usual (never to the endpoint it is
   * about). A notice's own death is not announced, so nothing loops.
   */
  void announce(DeadDelivery dead) {
    if (FailureNotice.isNoticeDeath(dead)) {
      return;
    }
    Optional<OnFailure> onFailure = router.endpoint(dead.endpointId()).flatMap(Endpoint::onFailure);
    if (onFailure.isEmpty()) {
      return;
    }
    Optional<String> targetId = onFailure.get().endpoint();
    if (targetId.isPresent()) {
      Optional<Endpoint> target = router.endpoint(targetId.get());
      if (target.isEmpty()) {
        LOG.log(
            System.Logger.Level.WARNING,
            "on_failure endpoint '"
                + targetId.get()
                + "' of endpoint "
                + dead.endpointId()
                + " does not exist; delivery "
                + dead.deliveryId()
                + " died unannounced");
        return;
      }
      Event notice = FailureNotice.of(dead, FailureNotice.TYPE, clock);
      if (!target.get().enabled()) {
        // Kept as an event with the reason, rather than a delivery that would die at once,
        // unannounced (a notice's death is never announced).
        LOG.log(
            System.Logger.Level.WARNING,
            "on_failure endpoint '"
                + targetId.get()
                + "' of endpoint "
                + dead.endpointId()
                + " is disabled; the notice of delivery "
                + dead.deliveryId()
                + " is stored as event "
                + notice.id()
                + " without a delivery");
        accept.accept(
            List.of(notice),
            e ->
                new Acceptance.Route(
                    List.of(),
                    List.of(
                        new Skip(
                            targetId.get(),
                            SkipReason.DISABLED,
                            "the on_failure endpoint is disabled"))));
        return;
      }
      accept.accept(List.of(notice), e -> new Acceptance.Route(List.of(target.get()), List.of()));
      return;
    }
    Event notice = FailureNotice.of(dead, onFailure.get().eventType().orElseThrow(), clock);
    accept.accept(
        List.of(notice),
        e -> {
          RouteResult r = router.route(e);
          List<Endpoint> targets = new ArrayList<>();
          List<Skip> skipped = new ArrayList<>(r.skipped());
          for (Endpoint t : r.endpoints()) {
            if (t.id().equals(dead.endpointId())) {
              skipped.add(
                  new Skip(
                      t.id(),
                      SkipReason.ALERT_ABOUT_ENDPOINT,
                      "a notice about a dead delivery is never sent to the endpoint it died on"));
            } else {
              targets.add(t);
            }
          }
          return new Acceptance.Route(targets, skipped);
        });
  }
}
