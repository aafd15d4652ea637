package dev.hookline.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real {@code hookline serve} child process ({@link ServerProcess}) on SQLite or PostgreSQL, fed
 * one event per request: wrk with {@value #THREADS} threads and {@link Options#concurrency()}
 * connections POSTs {@code /api/events}, each body a {@link Payload}-shaped event with a unique id
 * (run prefix, wrk thread, counter). Accepted is wrk's 2xx count; the rate is distinct events
 * arriving at the sink per second, from the start of the measured period until every accepted event
 * arrived. Before the warm-up, a {@value #FIRST_SECONDS} s wrk run right after the server became
 * healthy gives the notes' {@code first 10 s: N/s}: deliveries that arrived at the sink within
 * {@value #FIRST_SECONDS} s of the first {@code 200} from {@code /health}.
 */
final class ServerSingleScenario implements Scenario {
  static final int THREADS = 2;
  static final long FIRST_SECONDS = 10;

  private final boolean postgres;

  ServerSingleScenario(boolean postgres) {
    this.postgres = postgres;
  }

  @Override
  public String name() {
    return postgres ? "server-single-pg" : "server-single-sqlite";
  }

  @Override
  public Result run(Sink sink, Options options) throws Exception {
    Optional<Path> binary = WrkScenario.locate();
    if (binary.isEmpty()) {
      return Result.unavailable(
          name(), "wrk unavailable: not on PATH and apt-get install -y wrk failed");
    }
    Optional<String> storeUrl = Optional.empty();
    String schema = "hookline_serversingle_" + Long.toHexString(System.nanoTime());
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
    Path script = Files.createTempFile("hookline-wrk-single-", ".lua");
    try (ServerProcess server = ServerProcess.start(sink, storeUrl, options.serverJar())) {
      Driver driver = new Driver(binary.get(), script, server, options.concurrency());

      // The first seconds after the server became healthy: cold JIT, fresh store.
      sink.expect(new ConcurrentHashMap<>());
      long firstEnd = server.healthyNanos() + FIRST_SECONDS * 1_000_000_000L;
      AtomicLong firstArrived = new AtomicLong(-1);
      Thread sampler =
          Thread.ofPlatform()
              .daemon()
              .name("bench-first-window")
              .start(
                  () -> {
                    try {
                      long wait = firstEnd - System.nanoTime();
                      if (wait > 0) {
                        Thread.sleep(Duration.ofNanos(wait));
                      }
                      firstArrived.set(sink.distinctIds());
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
      long firstSeconds =
          Math.max(1, (firstEnd - System.nanoTime() + 999_999_999L) / 1_000_000_000L);
      WrkScenario.Run first = driver.run(firstSeconds);
      sampler.join();
      drain(sink, accepted(first), "first 10 s", server);

      if (!options.warmup().isZero()) {
        sink.expect(new ConcurrentHashMap<>());
        WrkScenario.Run warm = driver.run(WrkScenario.seconds(options.warmup()));
        drain(sink, accepted(warm), "warm-up", server);
      }

      sink.reset();
      sink.expect(new ConcurrentHashMap<>());
      long seconds = WrkScenario.seconds(options.duration());
      CpuMeter cpu = CpuMeter.startWithChild(server.pid(), postgres ? "postgres" : null);
      long start = System.nanoTime();
      WrkScenario.Run run = driver.run(seconds);
      Result wrk = WrkScenario.parse(run.output());
      long accepted = wrk.requests();
      boolean all = sink.awaitDistinct(accepted, ServerScenario.DRAIN_TIMEOUT);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      long delivered = sink.distinctIds();
      Result result =
          Result.measured(name(), delivered, wrk.errors(), elapsed)
              .withCpu(cpu.stop(delivered, run.cpu()));
      if (!all) {
        result =
            result.withNote(
                String.format(
                    Locale.ROOT,
                    "NOT ALL DELIVERED: %d accepted, %d distinct arrived",
                    accepted,
                    delivered));
      }
      for (String note : wrk.notes()) {
        result = result.withNote(note);
      }
      result =
          result.withNote(
              String.format(
                  Locale.ROOT,
                  "first 10 s: %,.0f/s (delivered within 10 s of healthy)",
                  Math.max(0, firstArrived.get()) / (double) FIRST_SECONDS));
      if (options.countBound()) {
        result = result.withNote("ran " + seconds + " s: wrk cannot stop after --events");
      }
      return result;
    } finally {
      Files.deleteIfExists(script);
      if (postgres) {
        try (Connection c = DriverManager.getConnection(options.postgresUrl().get());
            Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
      }
    }
  }

  private static long accepted(WrkScenario.Run run) {
    return WrkScenario.parse(run.output()).requests();
  }

  private static void drain(Sink sink, long accepted, String phase, ServerProcess server)
      throws InterruptedException {
    if (!sink.awaitDistinct(accepted, ServerScenario.DRAIN_TIMEOUT)) {
      throw new IllegalStateException(
          phase
              + ": "
              + sink.distinctIds()
              + " of "
              + accepted
              + " arrived\nserver log:\n"
              + server.logTail());
    }
  }

  /** Runs wrk against the server, a fresh id prefix for every run. */
  private record Driver(Path binary, Path script, ServerProcess server, int connections) {
    WrkScenario.Run run(long seconds) throws Exception {
      Files.writeString(script, luaScript(UUID.randomUUID().toString().substring(0, 8)), UTF_8);
      URI url = server.base().resolve("/api/events");
      return WrkScenario.wrk(
          binary, script, Math.min(THREADS, connections), connections, seconds, url, List.of());
    }
  }

  /**
   * The Lua script: POST with the API key; {@code setup} numbers wrk's threads, and every {@code
   * request()} builds a body whose id is {@code prefix-thread-counter}.
   */
  static String luaScript(String prefix) {
    return "wrk.method = \"POST\"\n"
        + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
        + "wrk.headers[\"Authorization\"] = \"Bearer "
        + ServerProcess.API_KEY
        + "\"\n"
        + "local threads = 0\n"
        + "function setup(thread)\n"
        + "  threads = threads + 1\n"
        + "  thread:set(\"tid\", threads)\n"
        + "end\n"
        + "local counter = 0\n"
        + "local rest = [==["
        + Payload.JSON.substring(1)
        + "]==]\n"
        + "function request()\n"
        + "  counter = counter + 1\n"
        + "  local body = '{\"id\":\""
        + prefix
        + "-' .. tid .. '-' .. counter .. '\",' .. rest\n"
        + "  return wrk.format(nil, nil, nil, body)\n"
        + "end\n";
  }
}
