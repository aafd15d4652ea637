package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.store.DeliveryStatus;
import dev.hookline.store.QueueDepth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EngineMetricsTest {
  private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final EngineMetrics metrics =
      new EngineMetrics(meters, Clock.fixed(T0, ZoneOffset.UTC), inFlight::get);

  @Test
  void outcomesAreCountedByEndpointAndStatusAndAttemptsTimed() {
    metrics.outcome("ops", DeliveryStatus.SUCCEEDED, Duration.ofMillis(20));
    metrics.outcome("ops", DeliveryStatus.SUCCEEDED, Duration.ofMillis(30));
    metrics.outcome("ops", DeliveryStatus.DEAD, Duration.ofMillis(5));

    assertThat(
            meters
                .get("hookline.deliveries")
                .tag("endpoint", "ops")
                .tag("outcome", "succeeded")
                .counter()
                .count())
        .isEqualTo(2);
    assertThat(meters.get("hookline.deliveries").tag("outcome", "dead").counter().count())
        .isEqualTo(1);
    assertThat(meters.get("hookline.attempt.duration").tag("endpoint", "ops").timer().count())
        .isEqualTo(3);
  }

  @Test
  void anEndpointsTimerExistsOnceItHasALane() {
    metrics.endpoint("ops");

    assertThat(meters.get("hookline.attempt.duration").tag("endpoint", "ops").timer().count())
        .isZero();
  }

  @Test
  void gaugesReadInFlightAndTheSampledQueue() {
    inFlight.set(3);
    metrics.sampled(new QueueDepth(7, Optional.of(T0.minusSeconds(90))));
    System.gc(); // gauges hold their state weakly: the supplier must survive a collection

    assertThat(meters.get("hookline.deliveries.in_flight").gauge().value()).isEqualTo(3);
    assertThat(meters.get("hookline.queue.depth").gauge().value()).isEqualTo(7);
    assertThat(meters.get("hookline.queue.oldest.age").gauge().value()).isEqualTo(90);
  }
}
