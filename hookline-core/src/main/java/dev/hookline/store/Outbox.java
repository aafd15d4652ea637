package dev.hookline.store;

import dev.hookline.event.Event;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The delivery engine's side of a {@link Store}, the outbox protocol: accept events with their
 * deliveries, claim due ones under a {@link Lease} that another node takes over when it lapses,
 * renew it, complete or release what was claimed, and take rate-limit permits shared by every node.
 *
 * <p>Not API: Hookline's engine and facade call this; users read through {@link Store} (which
 * {@code Hookline.store()} returns) and publish through {@code Hookline}. It may change in any
 * release. Thread-safe, group-committed, times given by the caller, as {@link Store} is.
 */
public interface Outbox extends Store {

  /**
   * The outbox of a store opened by {@link Store#sqlite}, {@link Store#postgres} or {@link
   * Store#open}.
   *
   * @throws IllegalArgumentException when {@code store} was not opened by those factories
   */
  static Outbox of(Store store) {
    if (store instanceof Outbox outbox) {
      return outbox;
    }
    throw new IllegalArgumentException(
        "store "
            + store.describe()
            + " has no outbox: open stores with Store.sqlite(...), Store.postgres(...) or"
            + " Store.open(...)");
  }

  /**
   * Stores an event and its deliveries atomically; idempotent on the event id. Deliveries of
   * non-FIFO endpoints are created already claimed under {@code lease} when one is given (the
   * accepting node sends them at once, with attempt number 1); the others are created pending.
   * Accepts that create deliveries for the same FIFO endpoint commit one after another, each with a
   * greater delivery id than the last, whichever node accepts them (even with its clock behind): so
   * a FIFO endpoint's ids sort in acceptance order, which its claims follow.
   *
   * @return whether the event was new, and the deliveries created
   */
  Accepted accept(
      Event event,
      List<NewDelivery> deliveries,
      Map<String, String> skips,
      Instant now,
      Optional<Lease> lease);

  /**
   * Accepts several events, each atomically and idempotently as {@link #accept} does, sharing
   * transactions where possible: the way to take a batch of events at disk speed from few threads.
   *
   * @return one answer per event, in order
   */
  List<Accepted> acceptAll(List<NewEvent> events, Instant now, Optional<Lease> lease);

  /**
   * Claims up to {@code limit} deliveries that are due at {@code now} (and those whose lease
   * lapsed), leasing them to {@code lease.node()} and numbering their next attempt. A FIFO
   * endpoint's delivery is claimed only when no earlier one of that endpoint is unfinished.
   */
  List<Claimed> claim(Lease lease, int limit, Instant now);

  /**
   * Records attempts and moves their deliveries on. The attempt is always kept; the delivery
   * changes only if {@code completion.node()} still holds it for that attempt number.
   *
   * @return the ids of the deliveries left unchanged for that reason (another node or attempt has
   *     them now): their outcome is not this node's to report
   */
  Set<String> complete(List<Completion> completions, Instant now);

  /** Gives claimed deliveries back unattempted, to be claimed again at their next time. */
  void release(List<Release> releases, Instant now);

  /**
   * Gives back every delivery {@code node} holds: used when a node restarts with the same id after
   * a crash, so its interrupted deliveries are sent again at once instead of after their lease
   * lapses. The attempt each was making is recorded with an unknown outcome (it may or may not have
   * reached the endpoint), and the next attempt gets the next number. A lapsed lease taken over by
   * {@link #claim} is recorded the same way.
   *
   * @return how many were given back
   */
  int recover(String node, Instant now);

  /**
   * Takes one permit under every window of {@code windows} for {@code key} (an endpoint), or none:
   * the limits hold across every node sharing this store.
   *
   * @return empty when granted, else when to try again
   */
  Optional<Instant> acquirePermit(String key, List<RateWindow> windows, Instant now);

  /**
   * Extends to {@code lease.until()} the leases {@code lease.node()} holds on {@code deliveryIds}
   * (the deliveries it still has in hand; any other lease of the node is left to lapse).
   *
   * @return how many were extended
   */
  int renewLeases(Lease lease, Collection<String> deliveryIds, Instant now);
}
