package dev.hookline.bench;

import dev.hookline.event.Event;
import dev.hookline.store.Accepted;
import dev.hookline.store.Attempt;
import dev.hookline.store.Completion;
import dev.hookline.store.Delivery;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.store.Lease;
import dev.hookline.store.NewDelivery;
import dev.hookline.store.NewEvent;
import dev.hookline.store.Outbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The store alone, no HTTP: what the engine writes for each delivery that succeeds at once — the
 * event and its delivery, leased to the node (publishers' batches of 200 from 4 threads, as in the
 * engine scenarios), then the attempt and the outcome (in batches, as the engine's recorder writes
 * them) — as fast as the store takes it. Its rate is the store's ceiling for the engine; its CPU
 * per delivery, the store's share of an engine run's.
 */
final class StoreScenario implements Scenario {
  private static final int PUBLISHERS = 4;
  private static final int BATCH = 200;
  private static final int COMPLETION_BATCH = 1_000;

  /** Accepted but not yet completed, at most: publishers wait beyond it, as the engine does. */
  private static final int MAX_OPEN = 4_096;

  private static final String PAD = "x".repeat(900);
  private static final String NODE = "bench";

  private final boolean postgres;

  StoreScenario(boolean postgres) {
    this.postgres = postgres;
  }

  @Override
  public String name() {
    return postgres ? "store-pg" : "store-sqlite";
  }

  @Override
  public Result run(Sink sink, Options options) throws Exception {
    Optional<BenchStore> stores = BenchStore.of(postgres, options);
    if (stores.isEmpty()) {
      return Result.unavailable(name(), "needs --postgres-url=jdbc:postgresql://...");
    }
    try (BenchStore bench = stores.get();
        Outbox store = Outbox.of(bench.open())) {
      if (!options.warmup().isZero()) {
        drive(store, options.warmup(), Long.MAX_VALUE);
      }
      CpuMeter cpu = postgres ? CpuMeter.startWithServer("postgres") : CpuMeter.start();
      long start = System.nanoTime();
      long completed =
          drive(
              store,
              options.countBound() ? Duration.ofDays(1) : options.duration(),
              options.events().orElse(Long.MAX_VALUE));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      Result result =
          Result.measured(name(), completed, 0, elapsed)
              .withCpu(cpu.stop(completed, Duration.ZERO))
              .withNote("no HTTP: event, delivery, attempt and outcome writes only");
      if (postgres && !cpu.serverSeen()) {
        result = result.withNote("no local postgres process seen: its CPU is not counted");
      }
      return result;
    }
  }

  /**
   * Accepts and completes deliveries until {@code duration} or {@code limit} accepted, then
   * completes what is open; returns how many were completed.
   */
  private static long drive(Outbox store, Duration duration, long limit) throws Exception {
    LinkedBlockingQueue<Delivery> open = new LinkedBlockingQueue<>();
    AtomicLong accepted = new AtomicLong();
    AtomicLong completed = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long deadline = System.nanoTime() + duration.toNanos();
    Lease lease = new Lease(NODE, Instant.now().plus(Duration.ofHours(1)));
    List<Thread> publishers = new ArrayList<>();
    for (int p = 0; p < PUBLISHERS; p++) {
      publishers.add(
          Thread.ofPlatform()
              .name("bench-publisher-" + p)
              .start(
                  () -> {
                    try {
                      while (System.nanoTime() - deadline < 0 && failure.get() == null) {
                        if (accepted.get() - completed.get() >= MAX_OPEN) {
                          LockSupport.parkNanos(200_000);
                          continue;
                        }
                        long from = accepted.getAndAdd(BATCH);
                        if (from >= limit) {
                          accepted.addAndGet(-BATCH);
                          return;
                        }
                        int n = (int) Math.min(BATCH, limit - from);
                        accepted.addAndGet(n - BATCH);
                        List<NewEvent> batch = new ArrayList<>(n);
                        for (int i = 0; i < n; i++) {
                          Event e =
                              Event.builder("bench.delivery").data(Map.of("pad", PAD)).build();
                          batch.add(
                              new NewEvent(e, List.of(new NewDelivery("sink", false)), Map.of()));
                        }
                        for (Accepted a :
                            store.acceptAll(batch, Instant.now(), Optional.of(lease))) {
                          open.addAll(a.deliveries());
                        }
                      }
                    } catch (Throwable t) {
                      failure.compareAndSet(null, t);
                    }
                  }));
    }
    Thread completer =
        Thread.ofPlatform()
            .name("bench-completer")
            .start(
                () -> {
                  List<Delivery> batch = new ArrayList<>(COMPLETION_BATCH);
                  try {
                    while (failure.get() == null) {
                      Delivery first = open.poll(50, TimeUnit.MILLISECONDS);
                      if (first == null) {
                        if (publishers.stream().noneMatch(Thread::isAlive) && open.isEmpty()) {
                          return;
                        }
                        continue;
                      }
                      batch.add(first);
                      open.drainTo(batch, COMPLETION_BATCH - 1);
                      Instant now = Instant.now();
                      List<Completion> outcomes = new ArrayList<>(batch.size());
                      for (Delivery d : batch) {
                        Attempt attempt =
                            new Attempt(
                                d.id(),
                                d.endpointId(),
                                d.attempts(),
                                now,
                                Duration.ofMillis(1),
                                OptionalInt.of(200),
                                Optional.empty(),
                                Optional.empty(),
                                NODE);
                        outcomes.add(new Completion(attempt, DeliveryStatus.SUCCEEDED, now, NODE));
                      }
                      store.complete(outcomes, now);
                      completed.addAndGet(batch.size());
                      batch.clear();
                    }
                  } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                  }
                });
    for (Thread t : publishers) {
      t.join();
    }
    completer.join();
    if (failure.get() != null) {
      throw new IllegalStateException("store run failed", failure.get());
    }
    return completed.get();
  }
}
