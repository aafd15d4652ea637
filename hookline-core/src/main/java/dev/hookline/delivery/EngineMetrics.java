package dev.hookline.delivery;

import dev.hookline.store.DeliveryStatus;
import dev.hookline.store.QueueDepth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * Every meter the delivery engine registers, in one place: deliveries in flight, the queue's depth
 * and age (sampled), and per endpoint the outcomes by status and the attempts' latency.
 * Thread-safe.
 */
final class EngineMetrics {
  private final MeterRegistry meters;
  // Gauges hold their state weakly: kept here so that they never read a collected supplier.
  private final IntSupplier inFlight;
  private final AtomicReference<QueueDepth> depth =
      new AtomicReference<>(new QueueDepth(0, Optional.empty()));
  private final Map<String, Timer> latency = new ConcurrentHashMap<>();
  private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

  EngineMetrics(MeterRegistry meters, Clock clock, IntSupplier inFlight) {
    this.meters = meters;
    this.inFlight = inFlight;
    Gauge.builder("hookline.deliveries.in_flight", inFlight, IntSupplier::getAsInt)
        .description("deliveries held in memory by this node")
        .register(meters);
    Gauge.builder("hookline.queue.depth", depth, d -> d.get().open())
        .description("deliveries pending, in flight or waiting for a retry")
        .register(meters);
    Gauge.builder(
            "hookline.queue.oldest.age",
            depth,
            d ->
                d.get()
                    .oldestCreatedAt()
                    .map(t -> Duration.between(t, clock.instant()).toMillis() / 1000.0)
                    .orElse(0.0))
        .description("age in seconds of the oldest open delivery")
        .baseUnit("seconds")
        .register(meters);
  }

  /** The queue's depth as last sampled from the store. */
  void sampled(QueueDepth sample) {
    depth.set(sample);
  }

  /** Registers an endpoint's latency timer, once it has a lane (before any outcome). */
  void endpoint(String endpointId) {
    latency(endpointId);
  }

  /** An attempt on {@code endpointId} ended with {@code status} after {@code took}. */
  void outcome(String endpointId, DeliveryStatus status, Duration took) {
    outcomes
        .computeIfAbsent(
            endpointId + '\u0000' + status.wireName(),
            k ->
                Counter.builder("hookline.deliveries")
                    .description("delivery attempts by outcome")
                    .tag("endpoint", endpointId)
                    .tag("outcome", status.wireName())
                    .register(meters))
        .increment();
    latency(endpointId).record(took);
  }

  private Timer latency(String endpointId) {
    return latency.computeIfAbsent(
        endpointId,
        id ->
            Timer.builder("hookline.attempt.duration")
                .description("time from sending a request to its answer or error")
                .tag("endpoint", id)
                .publishPercentileHistogram()
                .register(meters));
  }
}
