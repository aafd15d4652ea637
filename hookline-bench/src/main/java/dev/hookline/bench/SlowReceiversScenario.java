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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Slow receivers (issue #14): {@value #ENDPOINTS} endpoints, each its own host, answering after
 * {@code 80 ms}, one delivery in {@value #FAIL_ONE_IN} with {@code 503} on its first attempt (the
 * retry, a second later, succeeds). Events have {@value #TYPES} types and each endpoint subscribes
 * to one of them, so every event fans out to {@code endpoints / types} endpoints (10 by default).
 *
 * <p>Concurrency, not CPU, bounds this case: at 10,000 deliveries/s each waiting 80 ms, about 800
 * requests are in flight at once. Hookline runs with its defaults but for a short retry schedule:
 * {@code maxInFlight} 4,096 and at most 64 requests per endpoint (each endpoint gets about 1 in
 * flight here). Events are published at a fixed rate ({@value #EVENTS_PER_SECOND}/s, in batches
 * with {@code publishAll}) for {@code --duration} or until {@code --events}; deliveries/s is
 * distinct deliveries (event × endpoint) over the time from the first publish to the last arrival.
 * Latency is from just before {@code publishAll} to the {@code 200} answer, 80 ms included.
 */
final class SlowReceiversScenario implements Scenario {
  static final int ENDPOINTS = 1_000;
  static final int TYPES = 100;
  static final int FAIL_ONE_IN = 50;
  static final Duration ANSWER_DELAY = Duration.ofMillis(80);
  static final int EVENTS_PER_SECOND = 1_000;
  private static final int TICKS_PER_SECOND = 20;
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);
  private static final String PAD = "x".repeat(200);

  private final int endpoints;

  /** The scenario of the load tool: {@value #ENDPOINTS} endpoints. */
  SlowReceiversScenario() {
    this(ENDPOINTS);
  }

  /** With fewer endpoints (a multiple of {@value #TYPES}), for tests. */
  SlowReceiversScenario(int endpoints) {
    if (endpoints < TYPES || endpoints % TYPES != 0) {
      throw new IllegalArgumentException(
          "endpoints must be a positive multiple of " + TYPES + ", got " + endpoints);
    }
    this.endpoints = endpoints;
  }

  @Override
  public String name() {
    return "slow-receivers";
  }

  @Override
  public Result run(Sink unused, Options options) throws Exception {
    try (SlowSink sink = SlowSink.start(ANSWER_DELAY, FAIL_ONE_IN);
        BenchStore factory = BenchStore.of(false, options).orElseThrow()) {
      Hookline.Builder builder =
          Hookline.builder()
              .store(factory.open())
              .signingSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
              .allowPrivateNetworks(true)
              .circuitBreaker(
                  new CircuitBreakerPolicy(
                      10, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofDays(1)));
      RetryPolicy retries =
          RetryPolicy.builder().maxAttempts(10).schedule(Duration.ofSeconds(1)).jitter(0).build();
      for (int n = 0; n < endpoints; n++) {
        builder.endpoint(
            Endpoint.builder("slow-" + n, sink.url(n))
                .events(type(n % TYPES))
                .retryPolicy(retries)
                .build());
      }
      try (Hookline hookline = builder.build()) {
        if (!options.warmup().isZero()) {
          ConcurrentHashMap<String, Long> warm = new ConcurrentHashMap<>();
          sink.expect(warm);
          long n = publish(hookline, options.warmup(), Long.MAX_VALUE, warm);
          sink.awaitDistinct(n * fanOut(), DRAIN_TIMEOUT);
          sink.reset();
        }
        ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
        sink.expect(sentAt);
        HeapSampler heap = HeapSampler.start();
        long start = System.nanoTime();
        long events =
            publish(
                hookline,
                options.countBound() ? Duration.ofDays(1) : options.duration(),
                options.events().orElse(Long.MAX_VALUE),
                sentAt);
        long expected = events * fanOut();
        boolean all = sink.awaitDistinct(expected, DRAIN_TIMEOUT);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        long peakHeap = heap.stop();
        Sink.Report report = sink.report();
        Result result = Result.measured(name(), report.distinct(), 0, elapsed);
        if (report.latency().isPresent()) {
          result = result.withLatency(report.latency().get());
        }
        result =
            result
                .withNote(
                    String.format(
                        "%,d events × %d endpoints each (%d endpoints, %d types)",
                        events, fanOut(), endpoints, TYPES))
                .withNote("peak in flight at the receivers: " + sink.peakInFlight())
                .withNote("peak heap: " + (peakHeap >> 20) + " MiB")
                .withNote(sink.rejected() + " answered 503 (first attempts), retried");
        if (!all || report.missing() > 0) {
          result =
              result.withNote(
                  String.format(
                      "NOT ALL DELIVERED: %d expected, %d distinct, %d missing",
                      expected, report.distinct(), report.missing()));
        }
        if (report.duplicates() > 0) {
          result = result.withNote(report.duplicates() + " duplicate deliveries");
        }
        if (report.unmatched() > 0) {
          result = result.withNote(report.unmatched() + " unexpected deliveries");
        }
        return result;
      }
    }
  }

  private int fanOut() {
    return endpoints / TYPES;
  }

  private static String type(int t) {
    return String.format("slow.t%02d", t);
  }

  /**
   * Publishes {@value #EVENTS_PER_SECOND} events a second in {@value #TICKS_PER_SECOND} batches, of
   * types in turn, until {@code duration} or {@code limit} events, putting the send time of every
   * delivery each event fans out to. A publish that falls behind is caught up at the next tick,
   * without spinning.
   */
  private long publish(
      Hookline hookline, Duration duration, long limit, ConcurrentMap<String, Long> sentAt) {
    int perTick = EVENTS_PER_SECOND / TICKS_PER_SECOND;
    long interval = 1_000_000_000L / TICKS_PER_SECOND;
    long start = System.nanoTime();
    long published = 0;
    long tick = 0;
    while (published < limit && System.nanoTime() - start < duration.toNanos()) {
      long wait = start + tick * interval - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
        continue;
      }
      int n = (int) Math.min(perTick, limit - published);
      List<Event> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int t = (int) ((published + i) % TYPES);
        batch.add(Event.builder(type(t)).data(Map.of("pad", PAD)).build());
      }
      long now = System.nanoTime();
      for (int i = 0; i < n; i++) {
        int t = (int) ((published + i) % TYPES);
        String id = batch.get(i).id();
        for (int e = t; e < endpoints; e += TYPES) {
          sentAt.put(SlowSink.key(id, e), now);
        }
      }
      hookline.publishAll(batch);
      published += n;
      tick++;
    }
    return published;
  }
}
