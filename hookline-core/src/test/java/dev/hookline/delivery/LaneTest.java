package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.event.Event;
import dev.hookline.internal.Threads;
import dev.hookline.routing.BatchConfig;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.RateLimit;
import dev.hookline.store.Claimed;
import dev.hookline.store.Delivery;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.store.RateWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LaneTest {
  private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
  private static final Endpoint OPS =
      Endpoint.builder("ops", "https://ops.example.com/hooks").events("*").build();

  private final ScheduledExecutorService timers = Threads.scheduler("lane-test-timers");
  private final List<List<Claimed>> flushed = new CopyOnWriteArrayList<>();
  private final List<List<RateWindow>> asked = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopTimers() {
    timers.shutdownNow();
  }

  @Test
  void aDeliveryGoesAtOnceWhileTheEndpointHasRoom() {
    Lane lane = lane(OPS, 2);

    assertThat(lane.offer(claimed("a")))
        .extracting(Claimed::delivery)
        .extracting(Delivery::id)
        .containsExactly("a");
    assertThat(lane.offer(claimed("b"))).hasSize(1);
  }

  @Test
  void beyondTheConcurrencyLimitDeliveriesWaitTheirTurnInOrder() {
    Lane lane = lane(OPS, 1);
    lane.offer(claimed("a"));

    List<Claimed> queued = new ArrayList<>(lane.offer(claimed("b")));
    queued.addAll(lane.offer(claimed("c")));

    assertThat(queued).isEmpty();
    assertThat(ids(lane.done())).containsExactly("b");
    assertThat(ids(lane.done())).containsExactly("c");
    assertThat(lane.done()).isEmpty();
  }

  @Test
  void aFullBatchGoesAtOnceAndARemainderAfterMaxWait() throws Exception {
    Endpoint batching = OPS.toBuilder().batch(BatchConfig.of(2, Duration.ofMillis(50))).build();
    Lane lane = lane(batching, 4);

    assertThat(lane.offer(claimed("a"))).isEmpty();
    assertThat(ids(lane.offer(claimed("b")))).containsExactly("a", "b");
    assertThat(lane.offer(claimed("c"))).isEmpty();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (flushed.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(flushed).hasSize(1);
    assertThat(ids(flushed.get(0))).containsExactly("c");
  }

  @Test
  void drainingGivesUpWhatWaitsAndWhatIsBatched() {
    Lane lane = lane(OPS, 1);
    lane.offer(claimed("a"));
    lane.offer(claimed("b"));

    assertThat(ids(lane.drainHeld())).containsExactly("b");
    assertThat(lane.done()).isEmpty();
  }

  @Test
  void aPauseHoldsRequestsUntilItEndsAndIsNeverShortened() {
    Lane lane = lane(OPS, 1);

    lane.pauseUntil(T0.plusSeconds(60));
    lane.pauseUntil(T0.plusSeconds(10));

    assertThat(lane.paused(T0)).hasValue(T0.plusSeconds(60));
    assertThat(lane.paused(T0.plusSeconds(60))).isEmpty();
  }

  @Test
  void rateLimitsAreAskedOnlyWhenTheEndpointHasThem() {
    Lane unlimited = lane(OPS, 1);
    Lane limited = lane(OPS.toBuilder().rateLimit(RateLimit.of(10, 100)).build(), 1);

    assertThat(unlimited.acquirePermit(T0)).isEmpty();
    assertThat(limited.acquirePermit(T0)).hasValue(T0.plusSeconds(6));
    assertThat(asked)
        .containsExactly(
            List.of(
                new RateWindow(10, Duration.ofMinutes(1)),
                new RateWindow(100, Duration.ofHours(1))));
  }

  @Test
  void newSettingsRebuildTheChainAndTheLimits() {
    Lane lane = lane(OPS, 1);

    lane.configure(OPS.toBuilder().rateLimit(RateLimit.perMinute(5)).build());

    assertThat(lane.endpoint().rateLimit()).isPresent();
    assertThat(lane.acquirePermit(T0)).isPresent();
  }

  private Lane lane(Endpoint endpoint, int maxConcurrent) {
    return new Lane(
        endpoint,
        CircuitBreakerPolicy.DEFAULT,
        maxConcurrent,
        (id, windows, now) -> {
          asked.add(windows);
          return Optional.of(now.plusSeconds(6));
        },
        timers,
        e -> List.of(),
        (l, ready) -> flushed.add(ready));
  }

  private static Claimed claimed(String id) {
    Delivery d =
        new Delivery(
            id,
            "evt_" + id,
            "test",
            "ops",
            DeliveryStatus.IN_FLIGHT,
            1,
            T0,
            T0,
            T0,
            Optional.empty(),
            OptionalInt.empty(),
            Optional.empty(),
            Optional.empty());
    return new Claimed(d, Event.of("test", java.util.Map.of()));
  }

  private static List<String> ids(List<Claimed> claimed) {
    return claimed.stream().map(c -> c.delivery().id()).toList();
  }
}
