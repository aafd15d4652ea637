package dev.hookline.delivery;

import dev.hookline.internal.Threads;
import dev.hookline.store.Claimed;
import dev.hookline.store.Lease;
import dev.hookline.store.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * This node's share of the work: how many deliveries it holds in memory (at most {@code
 * maxInFlight}, counting room reserved for deliveries handed over at accept), which ones (only
 * their leases are renewed), and the thread that claims due deliveries from the store whenever
 * there is room. Thread-safe.
 */
final class Claimer {
  private static final System.Logger LOG = System.getLogger(Claimer.class.getName());

  private final Outbox store;
  private final Clock clock;
  private final String node;
  private final int maxInFlight;
  private final int claimBatch;
  private final Duration pollInterval;
  private final Duration leaseDuration;
  private final Consumer<List<Claimed>> dispatch;
  private final AtomicInteger inFlight = new AtomicInteger();
  // Room set aside for a claim under way: not yet deliveries in hand, so not in inFlight (whose
  // gauge would otherwise jump by a whole claim batch at every poll).
  private final AtomicInteger claiming = new AtomicInteger();
  // Deliveries this node has in hand: only their leases are renewed, so anything lost track of
  // lapses and is taken up again instead of being held forever.
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private volatile Thread thread;
  // More due deliveries wait in the store than this node took: claim again as soon as room frees.
  private volatile boolean backlog;
  private volatile boolean running;

  Claimer(
      Outbox store,
      Clock clock,
      String node,
      int maxInFlight,
      int claimBatch,
      Duration pollInterval,
      Duration leaseDuration,
      Consumer<List<Claimed>> dispatch) {
    this.store = store;
    this.clock = clock;
    this.node = node;
    this.maxInFlight = maxInFlight;
    this.claimBatch = claimBatch;
    this.pollInterval = pollInterval;
    this.leaseDuration = leaseDuration;
    this.dispatch = dispatch;
  }

  /** Starts the claiming thread. */
  void start() {
    running = true;
    thread = Threads.platform("hookline-claimer", this::loop);
  }

  /** Stops claiming and waits (a while) for the thread to end. */
  void stop() {
    running = false;
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the claiming thread runs. */
  boolean isAlive() {
    Thread t = thread;
    return running && t != null && t.isAlive();
  }

  /** A lease for deliveries this node takes now. */
  Lease lease() {
    return new Lease(node, clock.instant().plus(leaseDuration));
  }

  /** How often leases are renewed: well within their length. */
  Duration renewEvery() {
    return Duration.ofMillis(Math.max(1, leaseDuration.toMillis() / 3));
  }

  /** Reserves room for {@code n} deliveries; false when there is not that much. */
  boolean tryReserve(int n) {
    if (!running) {
      return false;
    }
    while (true) {
      int current = inFlight.get();
      if (current + claiming.get() + n > maxInFlight) {
        return false;
      }
      if (inFlight.compareAndSet(current, current + n)) {
        return true;
      }
    }
  }

  /** Gives back reserved room not used. */
  void unreserve(int n) {
    inFlight.addAndGet(-n);
    wakeUp();
  }

  /** Deliveries held in memory now. */
  int inFlight() {
    return inFlight.get();
  }

  /** Notes a delivery in hand (its room already counted), so that its lease is renewed. */
  void hold(String deliveryId) {
    held.add(deliveryId);
  }

  /** A delivery's outcome is stored or it was given back: its room is free. */
  void letGo(String deliveryId) {
    held.remove(deliveryId);
    inFlight.decrementAndGet();
  }

  /** Deliveries were left in the store for lack of room: claim as soon as room frees. */
  void noteBacklog() {
    backlog = true;
    wakeUp();
  }

  /** Room freed: wake the claimer if the store holds work waiting for room. */
  void freed() {
    if (backlog) {
      wakeUp();
    }
  }

  /** Looks for due deliveries now rather than at the next poll. */
  void wakeUp() {
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** Extends the leases of the deliveries in hand (a periodic task: it never throws). */
  void renewLeases() {
    try {
      if (inFlight.get() > 0) {
        store.renewLeases(lease(), List.copyOf(held), clock.instant());
      }
    } catch (RuntimeException | Error e) { // a periodic task that throws is never run again
      LOG.log(System.Logger.Level.WARNING, "cannot renew leases: " + e);
    }
  }

  private void loop() {
    long backoffMillis = 100;
    while (running) {
      int room = maxInFlight - inFlight.get() - claiming.get();
      int n = Math.min(room, claimBatch);
      boolean more = false;
      // With a backlog, wait until a worthwhile batch fits rather than claiming a few at a time.
      if (n > 0 && (!backlog || n >= Math.min(claimBatch, maxInFlight / 4))) {
        claiming.set(n);
        List<Claimed> claimed = List.of();
        try {
          Instant now = clock.instant();
          claimed = store.claim(new Lease(node, now.plus(leaseDuration)), n, now);
          backoffMillis = 100;
        } catch (Throwable e) { // the claimer must outlive anything, an OutOfMemoryError included
          LOG.log(
              System.Logger.Level.WARNING,
              "cannot claim deliveries from " + store.describe() + ": " + e);
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMillis));
          backoffMillis = Math.min(backoffMillis * 2, 5_000);
        } finally {
          inFlight.addAndGet(claimed.size());
          claiming.set(0);
        }
        try {
          dispatch.accept(claimed);
        } catch (Throwable e) {
          LOG.log(System.Logger.Level.ERROR, "dispatching claimed deliveries failed", e);
        }
        more = claimed.size() == n;
        backlog = more;
      }
      if (!more && running) {
        LockSupport.parkNanos(pollInterval.toNanos());
      }
    }
  }
}
