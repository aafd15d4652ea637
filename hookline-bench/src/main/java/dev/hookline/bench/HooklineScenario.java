package dev.hookline.bench;

import dev.hookline.Hookline;
import dev.hookline.delivery.CircuitBreakerPolicy;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Hookline end to end: events published (in batches, from a few threads, as the server ingests a
 * JSON array), routed, stored durably, claimed and delivered — signed — to the sink. Throughput is
 * distinct events delivered per second; latency is from the start of {@code publishAll} to arrival.
 * Three modes: {@code throughput} (as fast as possible), {@code steady} (one event at a time at
 * 1,000/s, for latency) and {@code backlog} (the sink refuses connections while the events are
 * published, then comes back: heap while holding them, and time to drain).
 */
final class HooklineScenario implements Scenario {
  enum Mode {
    THROUGHPUT,
    STEADY,
    BACKLOG
  }

  private static final int PUBLISHERS = 4;
  private static final int BATCH = 200;
  private static final int STEADY_RATE = 1_000;
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);
  private static final String PAD = "x".repeat(900);

  private final boolean postgres;
  private final Mode mode;

  HooklineScenario(boolean postgres, Mode mode) {
    this.postgres = postgres;
    this.mode = mode;
  }

  @Override
  public String name() {
    String store = postgres ? "hookline-pg" : "hookline-sqlite";
    return switch (mode) {
      case THROUGHPUT -> store;
      case STEADY -> store + "-1k";
      case BACKLOG -> store + "-backlog";
    };
  }

  @Override
  public Result run(Sink sink, Options options) throws Exception {
    Optional<BenchStore> stores = BenchStore.of(postgres, options);
    if (stores.isEmpty()) {
      return Result.unavailable(name(), "needs --postgres-url=jdbc:postgresql://...");
    }
    try (BenchStore factory = stores.get()) {
      Endpoint endpoint =
          Endpoint.builder("sink", sink.url())
              .events("*")
              .retryPolicy(
                  RetryPolicy.builder()
                      .maxAttempts(100)
                      .schedule(Duration.ofSeconds(1))
                      .jitter(0)
                      .build())
              .build();
      try (Hookline hookline =
          Hookline.builder()
              .store(factory.open())
              .signingSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
              .allowPrivateNetworks(true)
              .circuitBreaker(
                  new CircuitBreakerPolicy(
                      10, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofDays(1)))
              .endpoint(endpoint)
              .build()) {
        if (!options.warmup().isZero() && mode != Mode.BACKLOG) {
          ConcurrentHashMap<String, Long> warm = new ConcurrentHashMap<>();
          sink.expect(warm);
          long n = publishFor(hookline, options.warmup(), Long.MAX_VALUE, warm, false);
          sink.awaitDistinct(n, DRAIN_TIMEOUT);
          sink.report();
          sink.reset();
        }
        ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
        sink.expect(sentAt);
        long start = System.nanoTime();
        CpuMeter cpu = meter();
        long published;
        List<String> notes = new ArrayList<>();
        switch (mode) {
          case STEADY -> published = paced(hookline, options.duration(), sentAt);
          case BACKLOG -> {
            sink.refuseConnections();
            long events = options.events().orElse(1_000_000);
            published = publishFor(hookline, Duration.ofDays(1), events, sentAt, true);
            long held = (System.nanoTime() - start) / 1_000_000;
            notes.add(
                String.format(
                    "%,d events accepted with the sink down in %.1f s (%,.0f/s)",
                    published, held / 1000.0, published * 1000.0 / held));
            System.gc();
            long heldHeap = heapUsedMiB();
            notes.add("heap holding them after GC: " + heldHeap + " MiB");
            start = System.nanoTime();
            cpu.stop(0, Duration.ZERO); // holding them is not the measured part: start afresh
            cpu = meter();
            sink.acceptConnections();
          }
          default ->
              published =
                  publishFor(
                      hookline,
                      options.countBound() ? Duration.ofDays(1) : options.duration(),
                      options.events().orElse(Long.MAX_VALUE),
                      sentAt,
                      false);
        }
        boolean all = sink.awaitDistinct(published, DRAIN_TIMEOUT);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Sink.Report report = sink.report();
        Result result =
            Result.measured(name(), report.distinct(), 0, elapsed)
                .withCpu(cpu.stop(report.distinct(), Duration.ZERO));
        if (postgres && !cpu.serverSeen()) {
          result = result.withNote("no local postgres process seen: its CPU is not counted");
        }
        if (report.latency().isPresent() && mode != Mode.BACKLOG) {
          result = result.withLatency(report.latency().get());
        }
        for (String note : notes) {
          result = result.withNote(note);
        }
        if (mode == Mode.BACKLOG) {
          result = result.withNote("rate = time to deliver them all once the sink is back");
        }
        if (!all || report.missing() > 0) {
          result =
              result.withNote(
                  String.format(
                      "NOT ALL DELIVERED: %d published, %d distinct, %d missing",
                      published, report.distinct(), report.missing()));
        }
        if (report.duplicates() > 0) {
          result = result.withNote(report.duplicates() + " duplicate deliveries (retries)");
        }
        return result;
      }
    }
  }

  /** Publishes batches from a few threads until {@code duration} or {@code limit} events. */
  private static long publishFor(
      Hookline hookline,
      Duration duration,
      long limit,
      ConcurrentMap<String, Long> sentAt,
      boolean quiet)
      throws InterruptedException {
    AtomicLong published = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long deadline = System.nanoTime() + duration.toNanos();
    CountDownLatch done = new CountDownLatch(PUBLISHERS);
    for (int p = 0; p < PUBLISHERS; p++) {
      Thread.ofPlatform()
          .name("bench-publisher-" + p)
          .start(
              () -> {
                try {
                  while (System.nanoTime() - deadline < 0) {
                    long from = published.getAndAdd(BATCH);
                    if (from >= limit) {
                      published.addAndGet(-BATCH);
                      return;
                    }
                    int n = (int) Math.min(BATCH, limit - from);
                    if (n < BATCH) {
                      published.addAndGet(n - BATCH);
                    }
                    List<Event> batch = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                      batch.add(Event.builder("bench.delivery").data(Map.of("pad", PAD)).build());
                    }
                    long now = System.nanoTime();
                    for (Event e : batch) {
                      sentAt.put(e.id(), now);
                    }
                    hookline.publishAll(batch);
                  }
                } catch (Throwable t) {
                  failure.compareAndSet(null, t);
                } finally {
                  done.countDown();
                }
              });
    }
    done.await();
    if (failure.get() != null) {
      throw new IllegalStateException("publishing failed", failure.get());
    }
    if (!quiet && published.get() == 0) {
      throw new IllegalStateException("nothing was published");
    }
    return published.get();
  }

  /**
   * One event at a time at {@value #STEADY_RATE}/s, for latency under a steady load, from a
   * publisher thread that sleeps between events (spinning would take a core from the engine). Send
   * times are read just before each publish, so a late wake-up does not count as latency, and the
   * schedule does not drift.
   */
  private static long paced(
      Hookline hookline, Duration duration, ConcurrentMap<String, Long> sentAt)
      throws InterruptedException {
    long[] count = new long[1];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread publisher =
        Thread.ofPlatform()
            .name("bench-publisher-paced")
            .uncaughtExceptionHandler((t, e) -> failure.set(e))
            .start(
                () -> {
                  long interval = 1_000_000_000L / STEADY_RATE;
                  long start = System.nanoTime();
                  long n = 0;
                  while (System.nanoTime() - start < duration.toNanos()) {
                    long wait = start + n * interval - System.nanoTime();
                    if (wait > 0) {
                      LockSupport.parkNanos(wait);
                      continue;
                    }
                    Event e = Event.builder("bench.delivery").data(Map.of("pad", PAD)).build();
                    sentAt.put(e.id(), System.nanoTime());
                    hookline.publish(e);
                    n++;
                  }
                  count[0] = n;
                });
    publisher.join();
    if (failure.get() != null) {
      throw new IllegalStateException("publishing failed", failure.get());
    }
    return count[0];
  }

  /** Measures CPU from now: with PostgreSQL, its server's processes on this machine too. */
  private CpuMeter meter() {
    return postgres ? CpuMeter.startWithServer("postgres") : CpuMeter.start();
  }

  private static long heapUsedMiB() {
    Runtime rt = Runtime.getRuntime();
    return (rt.totalMemory() - rt.freeMemory()) >> 20;
  }
}
