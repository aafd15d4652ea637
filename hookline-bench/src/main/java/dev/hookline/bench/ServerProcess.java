package dev.hookline.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@code hookline serve} child process with a generated {@code hookline.yaml} in a temp dir: one
 * endpoint to the {@link Sink} for every event, signed as the engine scenarios sign, private
 * networks allowed (the sink is loopback), an API key. Runs {@code java -jar hookline.jar} when
 * that jar is found, otherwise {@code dev.hookline.server.Main} on this JVM's classpath. {@link
 * #close()} kills it (also on JVM exit) and deletes the temp dir; its output goes to {@code
 * server.log} there.
 */
final class ServerProcess implements AutoCloseable {
  static final String API_KEY = "bench-key";
  static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final Process process;
  private final Thread hook;
  private final int port;
  private final long launchedNanos;
  private long healthyNanos;

  private ServerProcess(Path dir, Process process, Thread hook, int port, long launchedNanos) {
    this.dir = dir;
    this.process = process;
    this.hook = hook;
    this.port = port;
    this.launchedNanos = launchedNanos;
  }

  /**
   * Writes the config, launches the server and waits for a 200 from {@code /health}.
   *
   * @param storeUrl a JDBC URL, or empty for a SQLite file in the temp dir
   * @throws IOException when the server did not become healthy; the message has the log's tail
   */
  static ServerProcess start(Sink sink, Optional<String> storeUrl, Optional<Path> serverJar)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("hookline-serverbench");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String store = storeUrl.orElse("jdbc:sqlite:" + dir.resolve("hookline.db"));
    Files.writeString(
        dir.resolve("hookline.yaml"),
        String.format(
            """
            server:
              host: 127.0.0.1
              port: %d
              api_keys: ["%s"]
              private_networks: allow
            store:
              url: "%s"
            signing:
              secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
            endpoints:
              - id: sink
                url: "%s"
                events: ["*"]
            """,
            port, API_KEY, store, sink.url()));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    Optional<Path> jar = serverJar.or(ServerProcess::findJar);
    if (jar.isPresent()) {
      command.add("-jar");
      command.add(jar.get().toString());
    } else {
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add("dev.hookline.server.Main");
    }
    command.add("serve");
    command.add("--config");
    command.add(dir.resolve("hookline.yaml").toString());
    Path log = dir.resolve("server.log");
    long launched = System.nanoTime();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // A PostgreSQL store refuses to start without the key that seals secrets at rest.
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    builder
        .environment()
        .put("HOOKLINE_SECRET_KEY", java.util.Base64.getEncoder().encodeToString(key));
    Process p = builder.start();
    Thread hook = new Thread(() -> kill(p), "server-process-killer");
    Runtime.getRuntime().addShutdownHook(hook);
    ServerProcess server = new ServerProcess(dir, p, hook, port, launched);
    try {
      server.awaitHealthy();
      return server;
    } catch (IOException | InterruptedException | RuntimeException e) {
      String tail = server.logTail();
      server.close();
      throw new IOException(e.getMessage() + "; server log tail:\n" + tail, e);
    }
  }

  private static Optional<Path> findJar() {
    for (String candidate :
        List.of("hookline-server/target/hookline.jar", "../hookline-server/target/hookline.jar")) {
      Path p = Path.of(candidate).toAbsolutePath().normalize();
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private void awaitHealthy() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + HEALTH_TIMEOUT.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (!process.isAlive()) {
        throw new IOException("hookline serve exited with " + process.exitValue());
      }
      try {
        HttpURLConnection c = (HttpURLConnection) health().toURL().openConnection();
        c.setConnectTimeout(200);
        c.setReadTimeout(1000);
        int status = c.getResponseCode();
        c.disconnect();
        if (status == 200) {
          healthyNanos = System.nanoTime();
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(10);
    }
    throw new IOException("hookline serve did not answer 200 on /health in " + HEALTH_TIMEOUT);
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  URI health() {
    return base().resolve("/health");
  }

  long pid() {
    return process.pid();
  }

  /** From launching the process to the first 200 from {@code /health}. */
  Duration startTime() {
    return Duration.ofNanos(healthyNanos - launchedNanos);
  }

  /** {@link System#nanoTime()} when {@code /health} first answered 200. */
  long healthyNanos() {
    return healthyNanos;
  }

  boolean alive() {
    return process.isAlive();
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("server.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void kill(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the server and deletes its temp dir. */
  @Override
  public void close() {
    kill(process);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }
}
