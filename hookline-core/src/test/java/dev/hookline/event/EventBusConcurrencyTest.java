package dev.hookline.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many threads subscribing, cancelling and emitting at once. */
@Timeout(60)
class EventBusConcurrencyTest {
  private static final int EMITTERS = 4;
  private static final int EVENTS_PER_EMITTER = 5_000;

  @Test
  void concurrentSubscribeCancelAndEmitNeitherLoseNorDuplicateDispatches() throws Exception {
    EventBus bus = EventBus.create();
    Set<String> stableSeen = ConcurrentHashMap.newKeySet();
    AtomicLong stableCalls = new AtomicLong();
    AtomicLong allCalls = new AtomicLong();
    bus.on(
        "load.*",
        e -> {
          stableCalls.incrementAndGet();
          stableSeen.add(e.id());
          allCalls.incrementAndGet();
        });
    AtomicLong dispatchedSum = new AtomicLong();
    AtomicBoolean emitting = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> emitters = new ArrayList<>();
    for (int i = 0; i < EMITTERS; i++) {
      String type = "load.t" + (i % 2);
      emitters.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    await(start);
                    for (int n = 0; n < EVENTS_PER_EMITTER; n++) {
                      dispatchedSum.addAndGet(bus.emit(Event.of(type, Map.of())));
                    }
                  }));
    }
    List<Thread> churners = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String pattern = i == 0 ? "load.t0" : "load.*";
      churners.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    await(start);
                    while (emitting.get()) {
                      Subscription s = bus.on(pattern, e -> allCalls.incrementAndGet());
                      Thread.yield();
                      s.cancel();
                    }
                  }));
    }

    start.countDown();
    for (Thread t : emitters) {
      t.join();
    }
    emitting.set(false);
    for (Thread t : churners) {
      t.join();
    }

    long total = (long) EMITTERS * EVENTS_PER_EMITTER;
    assertThat(stableCalls).hasValue(total);
    assertThat(stableSeen).hasSize((int) total);
    assertThat(dispatchedSum.get()).isEqualTo(allCalls.get());
    assertThat(bus.handlers()).hasSize(1);
    bus.close();
  }

  @Test
  void concurrentEmittersReachAnAsyncHandlerExactlyOnceEachUnderBackpressure() throws Exception {
    EventBus bus = EventBus.builder().maxPendingAsync(4).build();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicLong calls = new AtomicLong();
    bus.onAsync(
        "load",
        e -> {
          calls.incrementAndGet();
          seen.add(e.id());
        });
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> emitters = new ArrayList<>();
    for (int i = 0; i < EMITTERS; i++) {
      emitters.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    await(start);
                    for (int n = 0; n < EVENTS_PER_EMITTER; n++) {
                      bus.emit(Event.of("load", Map.of()));
                    }
                  }));
    }

    start.countDown();
    for (Thread t : emitters) {
      t.join();
    }
    boolean drained = bus.close(Duration.ofSeconds(30));

    long total = (long) EMITTERS * EVENTS_PER_EMITTER;
    assertThat(drained).isTrue();
    assertThat(calls).hasValue(total);
    assertThat(seen).hasSize((int) total);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
