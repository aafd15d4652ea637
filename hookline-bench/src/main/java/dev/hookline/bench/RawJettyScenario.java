package dev.hookline.bench;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The ceiling for a JVM sender: Jetty 12's asynchronous {@link HttpClient} (the client Hookline's
 * engine uses) POSTing {@link Payload} over keep-alive connections, {@link Options#concurrency()}
 * in flight, with no store, routing or signing. Each request carries a unique {@value
 * Sink#ID_HEADER}, so the sink checks the count and measures send-to-arrival latency.
 */
final class RawJettyScenario implements Scenario {
  /** How long to wait for the last requests in flight before giving up on them. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  /** No time limit when a count of events bounds the run; far enough not to overflow nanoTime. */
  private static final Duration UNBOUNDED = Duration.ofDays(365);

  @Override
  public String name() {
    return "raw";
  }

  @Override
  public Result run(Sink sink, Options options) throws Exception {
    HttpClient client = newClient(options.concurrency());
    try {
      if (!options.warmup().isZero()) {
        // Warm up the same code as the measured run, tracking included, then start afresh.
        ConcurrentHashMap<String, Long> warmupSentAt = new ConcurrentHashMap<>();
        sink.expect(warmupSentAt);
        blast(
            client,
            sink.url(),
            options.concurrency(),
            "warmup-",
            Long.MAX_VALUE,
            options.warmup(),
            warmupSentAt);
        sink.report();
        sink.reset();
      }
      // Holds only the requests in flight: the sink removes each entry as its id arrives.
      ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>(4 * options.concurrency());
      sink.expect(sentAt);
      CpuMeter cpu = CpuMeter.start();
      Blast run =
          onSenderThread(
              () ->
                  blast(
                      client,
                      sink.url(),
                      options.concurrency(),
                      "raw-",
                      options.events().orElse(Long.MAX_VALUE),
                      options.countBound() ? UNBOUNDED : options.duration(),
                      sentAt));
      Sink.Report report = sink.report();
      Result result =
          Result.measured(name(), run.ok, run.failed, run.elapsed)
              .withCpu(cpu.stop(run.ok, Duration.ZERO));
      if (report.latency().isPresent()) {
        result = result.withLatency(report.latency().get());
      }
      if (run.failed > 0) {
        result = result.withNote("first error: " + run.firstError);
      }
      if (report.distinct() != run.ok
          || report.duplicates() > 0
          || report.unmatched() > 0
          || report.missing() > 0) {
        result =
            result.withNote(
                String.format(
                    "sink saw %d distinct, %d duplicate, %d unmatched, %d missing",
                    report.distinct(), report.duplicates(), report.unmatched(), report.missing()));
      }
      return result;
    } finally {
      client.stop();
    }
  }

  private interface Send {
    Blast run() throws InterruptedException;
  }

  /** Runs the send loop on a thread named as the client's, so its CPU counts as the client's. */
  private static Blast onSenderThread(Send send) throws Exception {
    java.util.concurrent.FutureTask<Blast> task = new java.util.concurrent.FutureTask<>(send::run);
    Thread sender = Thread.ofPlatform().name("raw-client-sender").start(task);
    try {
      return task.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      sender.join();
    }
  }

  static HttpClient newClient(int concurrency) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("raw-client");
    threads.setDaemon(true);
    HttpClient client = new HttpClient();
    client.setExecutor(threads);
    client.setFollowRedirects(false);
    // One connection per request in flight: HTTP/1.1 without pipelining.
    client.setMaxConnectionsPerDestination(concurrency);
    client.setMaxRequestsQueuedPerDestination(Math.max(1024, concurrency * 2));
    client.setConnectTimeout(10_000);
    client.setIdleTimeout(60_000);
    client.start();
    return client;
  }

  /**
   * Sends until {@code limit} requests or {@code duration}, whichever comes first, at most {@code
   * concurrency} at once, then waits for the last answers. Puts each id's send time in {@code
   * sentAt}, the table the sink was given.
   */
  private static Blast blast(
      HttpClient client,
      URI url,
      int concurrency,
      String idPrefix,
      long limit,
      Duration duration,
      ConcurrentMap<String, Long> sentAt)
      throws InterruptedException {
    Semaphore permits = new Semaphore(concurrency);
    LongAdder ok = new LongAdder();
    LongAdder failed = new LongAdder();
    AtomicReference<String> firstError = new AtomicReference<>();
    byte[] body = Payload.bytes();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    for (long sent = 0; sent < limit && System.nanoTime() - deadline < 0; sent++) {
      permits.acquire();
      String id = idPrefix + sent;
      var request =
          client
              .newRequest(url)
              .method(HttpMethod.POST)
              .headers(h -> h.put(Sink.ID_HEADER, id))
              .body(new BytesRequestContent("application/json", body))
              .timeout(30, TimeUnit.SECONDS);
      sentAt.put(id, System.nanoTime());
      request.send(
          (org.eclipse.jetty.client.Result result) -> {
            Response response = result.getResponse();
            if (result.isSucceeded() && response.getStatus() / 100 == 2) {
              ok.increment();
            } else {
              failed.increment();
              firstError.compareAndSet(
                  null,
                  result.isFailed()
                      ? String.valueOf(result.getFailure())
                      : "HTTP " + response.getStatus());
            }
            permits.release();
          });
    }
    if (!permits.tryAcquire(concurrency, DRAIN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new IllegalStateException(
          "requests still in flight " + DRAIN_TIMEOUT.toSeconds() + " s after the last was sent");
    }
    long elapsed = System.nanoTime() - start;
    return new Blast(ok.sum(), failed.sum(), Duration.ofNanos(elapsed), firstError.get());
  }

  private record Blast(long ok, long failed, Duration elapsed, String firstError) {}
}
