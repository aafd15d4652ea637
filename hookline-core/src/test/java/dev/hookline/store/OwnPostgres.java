package dev.hookline.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of a test's own: created with {@code initdb} in a temp dir, on a free port,
 * so a test may stop, restart or kill it without disturbing the machine's PostgreSQL that other
 * tests share. Uses the binaries under {@code /usr/lib/postgresql/<version>/bin} (the newest); runs
 * them as the {@code postgres} OS user when the tests run as root (PostgreSQL refuses root).
 *
 * <p>Tests skip when no binaries are installed, except under CI ({@code CI=true}), where they fail.
 * Shared with the other modules' tests through hookline-core's test jar.
 */
public final class OwnPostgres implements AutoCloseable {
  private static final Path INSTALLS = Path.of("/usr/lib/postgresql");
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final int port;

  private OwnPostgres(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
  }

  /** Creates and starts a cluster on a free port. */
  public static OwnPostgres start() throws IOException, InterruptedException {
    Optional<Path> bin = binaries();
    if (bin.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true but no PostgreSQL binaries under " + INSTALLS);
    }
    assumeTrue(
        bin.isPresent(), "no PostgreSQL binaries under " + INSTALLS + "; set CI=true to fail");
    Path dir = Files.createTempDirectory("hookline-pg-");
    OwnPostgres pg = new OwnPostgres(bin.get(), dir, freePort());
    try {
      if (ROOT) {
        pg.run(List.of("chown", "postgres:postgres", dir.toString()), false);
      }
      pg.run(
          List.of(
              bin.get().resolve("initdb").toString(),
              "-D",
              pg.data.toString(),
              "-U",
              "postgres",
              "-A",
              "trust",
              "-E",
              "UTF8",
              "--no-sync"),
          true);
      pg.startServer();
      return pg;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      pg.close();
      throw e;
    }
  }

  /** The JDBC URL of its {@code postgres} database as user {@code postgres}. */
  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  /** The JDBC URL with {@code currentSchema} set. */
  public String url(String schema) {
    return url() + "&currentSchema=" + schema;
  }

  /** Stops it ({@code pg_ctl stop -m fast}: open connections are terminated), and waits. */
  public void stop() throws IOException, InterruptedException {
    pgCtl("stop", "-m", "fast", "-w");
  }

  /** Starts it again after {@link #stop()}, and waits until it accepts connections. */
  public void startServer() throws IOException, InterruptedException {
    pgCtl(
        "start",
        "-w",
        "-t",
        "60",
        "-l",
        dir.resolve("postgres.log").toString(),
        "-o",
        "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=off");
  }

  /** What the server logged, for failure messages. */
  public String log() {
    try {
      return Files.readString(dir.resolve("postgres.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops it at once and deletes its files. */
  @Override
  public void close() {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        pgCtl("stop", "-m", "immediate", "-w");
      }
    } catch (IOException | RuntimeException e) {
      // Deleting the files below still frees the disk; the port is released with the process.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void pgCtl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(bin.resolve("pg_ctl").toString());
    command.add("-D");
    command.add(data.toString());
    command.addAll(List.of(args));
    run(command, true);
  }

  private void run(List<String> command, boolean asPostgres)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asPostgres && ROOT) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Path out = dir.resolve("command.out");
    Process p =
        new ProcessBuilder(full)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", full) + " did not finish in 90 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", full)
              + " exited with "
              + p.exitValue()
              + ":\n"
              + Files.readString(out)
              + "\n"
              + log());
    }
  }

  private static Optional<Path> binaries() throws IOException {
    if (!Files.isDirectory(INSTALLS)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(INSTALLS)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(OwnPostgres::version));
    }
  }

  private static int version(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
