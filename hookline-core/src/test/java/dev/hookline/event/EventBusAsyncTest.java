package dev.hookline.event;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Asynchronous handlers: threads, executors, backpressure, closing. */
@Timeout(30)
class EventBusAsyncTest {
  private final List<HandlerErrorContext> errors = new CopyOnWriteArrayList<>();

  private static Event event(String type) {
    return Event.of(type, Map.of());
  }

  /** Waits (without a deadline of its own; the test's timeout bounds it) for a thread state. */
  private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
    while (thread.getState() != state) {
      assertThat(thread.isAlive()).as("thread %s still alive", thread.getName()).isTrue();
      Thread.sleep(1);
    }
  }

  @Test
  void asyncHandlerRunsOnANamedVirtualThread() throws Exception {
    AtomicReference<Thread> thread = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    try (EventBus bus = EventBus.create()) {
      bus.onAsync(
          "pattern_learned",
          e -> {
            thread.set(Thread.currentThread());
            ran.countDown();
          });

      int dispatched = bus.emit(event("pattern_learned"));

      assertThat(ran.await(10, SECONDS)).isTrue();
      assertThat(dispatched).isEqualTo(1);
      assertThat(thread.get().isVirtual()).isTrue();
      assertThat(thread.get().getName()).matches("hookline-handler-\\d+");
      assertThat(thread.get()).isNotSameAs(Thread.currentThread());
    }
  }

  @Test
  void customExecutorRunsAsyncHandlersAndIsLeftRunningOnClose() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "custom-pool"));
    AtomicReference<String> threadName = new AtomicReference<>();
    EventBus bus = EventBus.builder().executor(pool).build();
    bus.onAsync("prediction", e -> threadName.set(Thread.currentThread().getName()));

    bus.emit(event("prediction"));
    boolean drained = bus.close(Duration.ofSeconds(10));

    assertThat(drained).isTrue();
    assertThat(threadName.get()).isEqualTo("custom-pool");
    assertThat(pool.isShutdown()).isFalse();
    pool.shutdown();
  }

  @Test
  void asyncHandlerFailureReachesTheErrorHandlerWithItsContext() throws Exception {
    CountDownLatch reported = new CountDownLatch(1);
    EventBus bus =
        EventBus.builder()
            .errorHandler(
                ctx -> {
                  errors.add(ctx);
                  reported.countDown();
                })
            .build();
    Subscription subscription =
        bus.onAsync(
            "prediction",
            e -> {
              throw new IllegalStateException("async boom");
            });
    Event event = event("prediction");

    bus.emit(event);

    assertThat(reported.await(10, SECONDS)).isTrue();
    HandlerErrorContext error = errors.get(0);
    assertThat(error.event()).isSameAs(event);
    assertThat(error.subscription()).isSameAs(subscription);
    assertThat(error.handler().async()).isTrue();
    assertThat(error.exception()).hasMessage("async boom");
    bus.close();
  }

  @Test
  void queuedAsyncInvocationIsSkippedWhenCancelledBeforeItRuns() {
    Queue<Runnable> queued = new ArrayDeque<>();
    EventBus bus = EventBus.builder().executor(queued::add).build();
    AtomicInteger calls = new AtomicInteger();
    Subscription subscription = bus.onAsync("prediction", e -> calls.incrementAndGet());
    int dispatched = bus.emit(event("prediction"));

    subscription.cancel();
    queued.forEach(Runnable::run);

    assertThat(dispatched).isEqualTo(1);
    assertThat(calls).hasValue(0);
    assertThat(bus.close(Duration.ZERO)).isTrue();
  }

  @Test
  void emitBlocksWhileMaxPendingAsyncInvocationsAreOutstanding() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> handled = new CopyOnWriteArrayList<>();
    EventBus bus = EventBus.builder().maxPendingAsync(1).build();
    bus.onAsync(
        "job",
        e -> {
          release.await();
          handled.add(e.id());
        });
    Event first = event("job");
    Event second = event("job");
    bus.emit(first);
    AtomicInteger secondDispatched = new AtomicInteger(-1);

    Thread producer = Thread.ofPlatform().start(() -> secondDispatched.set(bus.emit(second)));
    awaitState(producer, Thread.State.WAITING);

    assertThat(producer.isAlive()).isTrue();
    assertThat(secondDispatched).hasValue(-1);
    release.countDown();
    producer.join();
    assertThat(secondDispatched).hasValue(1);
    assertThat(bus.close(Duration.ofSeconds(10))).isTrue();
    assertThat(handled).containsExactlyInAnyOrder(first.id(), second.id());
  }

  @Test
  void interruptedWhileBlockedOnBackpressureSkipsTheHandlerAndKeepsTheInterrupt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    EventBus bus = EventBus.builder().maxPendingAsync(1).errorHandler(errors::add).build();
    bus.onAsync("job", e -> release.await());
    bus.emit(event("job"));
    AtomicInteger dispatched = new AtomicInteger(-1);
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread producer =
        Thread.ofPlatform()
            .start(
                () -> {
                  dispatched.set(bus.emit(event("job")));
                  stillInterrupted.set(Thread.currentThread().isInterrupted());
                });
    awaitState(producer, Thread.State.WAITING);

    producer.interrupt();
    producer.join();

    assertThat(dispatched).hasValue(0);
    assertThat(stillInterrupted).isTrue();
    assertThat(errors)
        .singleElement()
        .satisfies(e -> assertThat(e.exception()).isInstanceOf(InterruptedException.class));
    release.countDown();
    assertThat(bus.close(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void emitFromAnAsyncHandlerDoesNotDeadlockAtTheLimit() throws Exception {
    CountDownLatch innerHandled = new CountDownLatch(1);
    EventBus bus = EventBus.builder().maxPendingAsync(1).build();
    bus.onAsync(
        "outer",
        e -> {
          bus.emit(event("inner"));
          innerHandled.await(); // holds the only slot until the nested event is handled
        });
    bus.onAsync("inner", e -> innerHandled.countDown());

    bus.emit(event("outer"));

    assertThat(innerHandled.await(10, SECONDS)).isTrue();
    assertThat(bus.close(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void rejectedAsyncInvocationIsReportedAndFreesItsSlot() {
    RejectedExecutionException full = new RejectedExecutionException("pool full");
    EventBus bus =
        EventBus.builder()
            .executor(
                task -> {
                  throw full;
                })
            .maxPendingAsync(1)
            .errorHandler(errors::add)
            .build();
    bus.onAsync("prediction", e -> {});

    int first = bus.emit(event("prediction"));
    int second = bus.emit(event("prediction")); // would block forever if the slot leaked

    assertThat(first).isZero();
    assertThat(second).isZero();
    assertThat(errors).hasSize(2).allSatisfy(e -> assertThat(e.exception()).isSameAs(full));
    bus.close();
  }

  @Test
  void closeWaitsForOutstandingAsyncHandlers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    EventBus bus = EventBus.create();
    bus.onAsync(
        "job",
        e -> {
          release.await();
          finished.set(true);
        });
    bus.emit(event("job"));
    AtomicBoolean drained = new AtomicBoolean();

    Thread closer = Thread.ofPlatform().start(() -> drained.set(bus.close(Duration.ofMinutes(1))));
    awaitState(closer, Thread.State.TIMED_WAITING);

    assertThat(closer.isAlive()).isTrue();
    release.countDown();
    closer.join();
    assertThat(drained).isTrue();
    assertThat(finished).isTrue();
  }

  @Test
  void closeCalledFromAnAsyncHandlerDoesNotWaitForItself() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    AtomicBoolean drained = new AtomicBoolean(true);
    AtomicBoolean interrupted = new AtomicBoolean();
    EventBus bus = EventBus.create();
    bus.onAsync(
        "shutdown",
        e -> {
          drained.set(bus.close(Duration.ofMinutes(1)));
          interrupted.set(Thread.currentThread().isInterrupted());
          done.countDown();
        });

    bus.emit(event("shutdown"));

    assertThat(done.await(10, SECONDS)).isTrue();
    assertThat(drained).isFalse();
    assertThat(interrupted).isFalse();
  }

  @Test
  void closeThatTimesOutReturnsFalseAndInterruptsItsOwnHandlerThreads() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    EventBus bus =
        EventBus.builder()
            .errorHandler(
                ctx -> {
                  if (ctx.exception() instanceof InterruptedException) {
                    interrupted.countDown();
                  }
                })
            .build();
    CountDownLatch started = new CountDownLatch(1);
    bus.onAsync(
        "job",
        e -> {
          started.countDown();
          new CountDownLatch(1).await(); // never released
        });
    bus.emit(event("job"));
    started.await();

    boolean drained = bus.close(Duration.ofMillis(10));

    assertThat(drained).isFalse();
    assertThat(interrupted.await(10, SECONDS)).isTrue();
  }
}
