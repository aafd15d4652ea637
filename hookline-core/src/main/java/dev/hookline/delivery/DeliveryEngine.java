package dev.hookline.delivery;

import dev.hookline.store.Claimed;
import dev.hookline.store.Lease;
import java.time.Duration;
import java.util.List;

/**
 * The delivery engine as {@code Hookline} drives it: takes deliveries leased to this node (handed
 * over when their event is accepted, or claimed from the store when due), sends them with retries,
 * rate limits, batching and a circuit breaker per endpoint, and records every attempt. Not for
 * applications, which use {@code Hookline}.
 *
 * <p>At most {@link EngineConfig#maxInFlight()} deliveries are held in memory at once; the rest
 * wait in the store. A delivery stays leased until its outcome is stored; if this node dies first,
 * the lease lapses and another node sends it again: delivery is at least once. Thread-safe.
 */
public interface DeliveryEngine extends AutoCloseable {
  /** An engine built from {@code config}, not started. */
  static DeliveryEngine create(EngineConfig config) {
    return new Dispatcher(config);
  }

  /**
   * Gives back what this node held before a restart, then starts claiming due deliveries, renewing
   * leases and sampling the queue depth. Idempotent.
   */
  void start();

  /** This node's id, as it appears in leases and attempt records. */
  String nodeId();

  /** A lease for deliveries this node takes now. */
  Lease lease();

  /**
   * Reserves room for {@code n} deliveries about to be handed over with {@link #dispatch}.
   *
   * @return false when this node is at capacity (the deliveries should be left to the claimer)
   */
  boolean tryReserve(int n);

  /** Gives back room reserved with {@link #tryReserve} and not used. */
  void unreserve(int n);

  /** Sends deliveries leased to this node, for which room was reserved. */
  void dispatch(List<Claimed> claimed);

  /**
   * Notes that deliveries were queued in the store for lack of room here, so the claimer takes them
   * as soon as room frees rather than at its next poll.
   */
  void noteBacklog();

  /** Asks the claimer to look for due deliveries now (e.g. FIFO deliveries just accepted). */
  void wakeUp();

  /** Whether the engine is delivering: started, not closed, its threads alive. */
  boolean isHealthy();

  /** Deliveries this node holds in memory now. */
  int inFlight();

  /** The state of an endpoint's circuit: {@code closed}, {@code open} or {@code half_open}. */
  String circuitState(String endpointId);

  /** Stops within 30 seconds; see {@link #close(Duration)}. */
  @Override
  void close();

  /**
   * Stops claiming, gives back deliveries not yet sent, waits up to {@code timeout} for requests in
   * flight and their outcomes to be stored, then closes connections. Deliveries still in flight
   * after the timeout stay leased and are sent again after a restart. Idempotent.
   */
  void close(Duration timeout);
}
