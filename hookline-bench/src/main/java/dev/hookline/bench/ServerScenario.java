package dev.hookline.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The path server users take: a real {@code hookline serve} child process ({@link ServerProcess})
 * on SQLite or PostgreSQL, fed by {@value #POSTERS} threads each posting arrays of {@value #BATCH}
 * events to {@code POST /api/events}; the rate is distinct events arriving at the sink per second,
 * from the start of the measured period until the last posted event arrived. The CPU breakdown
 * includes the server's threads as {@code server:<part>}.
 */
final class ServerScenario implements Scenario {
  static final int POSTERS = 4;
  static final int BATCH = 1_000;
  static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

  private final boolean postgres;

  ServerScenario(boolean postgres) {
    this.postgres = postgres;
  }

  @Override
  public String name() {
    return postgres ? "server-batch-pg" : "server-batch-sqlite";
  }

  @Override
  public Result run(Sink sink, Options options) throws Exception {
    Optional<String> storeUrl = Optional.empty();
    String schema = "hookline_serverbench_" + Long.toHexString(System.nanoTime());
    if (postgres) {
      if (options.postgresUrl().isEmpty()) {
        return Result.unavailable(name(), "needs --postgres-url");
      }
      String base = options.postgresUrl().get();
      try (Connection c = DriverManager.getConnection(base);
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + schema);
      }
      storeUrl = Optional.of(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }
    HttpClient client = new HttpClient();
    client.setMaxConnectionsPerDestination(POSTERS * 2);
    client.start();
    try (ServerProcess server = ServerProcess.start(sink, storeUrl, options.serverJar())) {
      String prefix = UUID.randomUUID().toString().substring(0, 8);
      AtomicLong ids = new AtomicLong();
      if (!options.warmup().isZero()) {
        long n = post(client, server, prefix, ids, options.warmup(), Long.MAX_VALUE, null);
        if (!sink.awaitDistinct(n, DRAIN_TIMEOUT)) {
          throw new IllegalStateException(
              "warm-up: " + sink.distinctIds() + " of " + n + " arrived");
        }
        sink.reset();
      }
      ConcurrentMap<String, Long> sentAt = new ConcurrentHashMap<>();
      sink.expect(sentAt);
      CpuMeter cpu = CpuMeter.startWithChild(server.pid(), postgres ? "postgres" : null);
      long start = System.nanoTime();
      long limit = options.events().orElse(Long.MAX_VALUE);
      long posted = post(client, server, prefix, ids, options.duration(), limit, sentAt);
      boolean all = sink.awaitDistinct(posted, DRAIN_TIMEOUT);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      Sink.Report report = sink.report();
      Result result =
          Result.measured(name(), report.distinct(), 0, elapsed)
              .withCpu(cpu.stop(report.distinct(), Duration.ZERO));
      if (report.latency().isPresent()) {
        result = result.withLatency(report.latency().get());
      }
      if (!all) {
        result =
            result.withNote(
                String.format(
                    "NOT ALL DELIVERED: %d posted, %d distinct arrived",
                    posted, report.distinct()));
      }
      return result;
    } finally {
      client.stop();
      if (postgres) {
        try (Connection c = DriverManager.getConnection(options.postgresUrl().get());
            Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
      }
    }
  }

  /** One event of {@link Payload}'s shape with a unique id. */
  static String event(String id) {
    return "{\"id\":\"" + id + "\"," + Payload.JSON.substring(1);
  }

  /**
   * Posts arrays of {@value #BATCH} from {@value #POSTERS} threads for {@code duration} or until
   * {@code limit} events, and returns how many were accepted (202).
   */
  private static long post(
      HttpClient client,
      ServerProcess server,
      String prefix,
      AtomicLong ids,
      Duration duration,
      long limit,
      ConcurrentMap<String, Long> sentAt)
      throws InterruptedException {
    AtomicLong posted = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long deadline = System.nanoTime() + duration.toNanos();
    CountDownLatch done = new CountDownLatch(POSTERS);
    for (int p = 0; p < POSTERS; p++) {
      Thread.ofPlatform()
          .name("bench-publisher-" + p)
          .start(
              () -> {
                try {
                  while (System.nanoTime() - deadline < 0 && failure.get() == null) {
                    long from = posted.getAndAdd(BATCH);
                    if (from >= limit) {
                      posted.addAndGet(-BATCH);
                      return;
                    }
                    int n = (int) Math.min(BATCH, limit - from);
                    if (n < BATCH) {
                      posted.addAndGet(n - BATCH);
                    }
                    StringBuilder body = new StringBuilder(n * (Payload.SIZE + 40)).append('[');
                    String[] batch = new String[n];
                    for (int i = 0; i < n; i++) {
                      batch[i] = prefix + "-" + ids.incrementAndGet();
                      body.append(i == 0 ? "" : ",").append(event(batch[i]));
                    }
                    body.append(']');
                    long now = System.nanoTime();
                    if (sentAt != null) {
                      for (String id : batch) {
                        sentAt.put(id, now);
                      }
                    }
                    ContentResponse r =
                        client
                            .newRequest(server.base().resolve("/api/events"))
                            .method(HttpMethod.POST)
                            .headers(h -> h.put("Authorization", "Bearer " + ServerProcess.API_KEY))
                            .body(
                                new BytesRequestContent(
                                    "application/json", body.toString().getBytes(UTF_8)))
                            .timeout(60, TimeUnit.SECONDS)
                            .send();
                    if (r.getStatus() != 202) {
                      throw new IllegalStateException(
                          "POST /api/events answered "
                              + r.getStatus()
                              + ": "
                              + r.getContentAsString());
                    }
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
      throw new IllegalStateException(
          "posting failed: " + failure.get().getMessage() + "\nserver log:\n" + server.logTail(),
          failure.get());
    }
    return posted.get();
  }
}
