package dev.hookline;

import dev.hookline.delivery.DeliveryEngine;
import dev.hookline.event.Event;
import dev.hookline.event.EventLimits;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Ordering;
import dev.hookline.routing.Skip;
import dev.hookline.store.Accepted;
import dev.hookline.store.Claimed;
import dev.hookline.store.Delivery;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.store.NewDelivery;
import dev.hookline.store.NewEvent;
import dev.hookline.store.Outbox;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Accepting events: each is checked against {@link EventLimits}, planned as one delivery per
 * endpoint its routing names, stored durably with the skip reasons, and the deliveries this node
 * may lease at once are handed straight to the engine (no wait for the next claim).
 */
final class Acceptance {
  /** Where an event goes, and why the others were skipped. */
  record Route(List<Endpoint> endpoints, List<Skip> skipped) {}

  private final Outbox store;
  private final DeliveryEngine engine;
  private final Clock clock;

  Acceptance(Outbox store, DeliveryEngine engine, Clock clock) {
    this.store = store;
    this.engine = engine;
    this.clock = clock;
  }

  /** Accepts {@code events}, each routed by {@code routing}; returns once all are durable. */
  List<PublishResult> accept(List<Event> events, Function<Event, Route> routing) {
    // Every event is checked before any is stored: what the store takes, it can give back.
    events.forEach(EventLimits::check);
    List<NewEvent> planned = new ArrayList<>(events.size());
    List<List<Skip>> skipped = new ArrayList<>(events.size());
    int leasable = 0;
    for (Event event : events) {
      Route route = routing.apply(event);
      List<NewDelivery> deliveries = new ArrayList<>(route.endpoints().size());
      for (Endpoint e : route.endpoints()) {
        boolean fifo = e.ordering() == Ordering.FIFO;
        deliveries.add(new NewDelivery(e.id(), fifo));
        if (!fifo) {
          leasable++;
        }
      }
      Map<String, String> reasons = new LinkedHashMap<>();
      for (Skip s : route.skipped()) {
        reasons.put(s.endpointId(), s.reason().name().toLowerCase(Locale.ROOT) + ": " + s.detail());
      }
      planned.add(new NewEvent(event, deliveries, reasons, event.toJson()));
      skipped.add(route.skipped());
    }
    boolean reserved = leasable > 0 && engine.tryReserve(leasable);
    List<Accepted> accepted;
    try {
      accepted =
          store.acceptAll(
              planned, clock.instant(), reserved ? Optional.of(engine.lease()) : Optional.empty());
    } catch (RuntimeException e) {
      if (reserved) {
        engine.unreserve(leasable);
      }
      throw e;
    }
    List<PublishResult> results = new ArrayList<>(events.size());
    List<Claimed> mine = new ArrayList<>(leasable);
    boolean pending = false;
    for (int i = 0; i < events.size(); i++) {
      Event event = events.get(i);
      Accepted a = accepted.get(i);
      for (Delivery d : a.deliveries()) {
        if (d.status() == DeliveryStatus.IN_FLIGHT) {
          mine.add(new Claimed(d, event, planned.get(i).json()));
        } else {
          pending = true;
        }
      }
      results.add(new PublishResult(event.id(), a.created(), a.deliveries(), skipped.get(i)));
    }
    if (reserved && mine.size() < leasable) {
      engine.unreserve(leasable - mine.size()); // duplicates created nothing
    }
    engine.dispatch(mine);
    if (leasable > 0 && !reserved) {
      engine.noteBacklog();
    } else if (pending) {
      engine.wakeUp();
    }
    return results;
  }
}
