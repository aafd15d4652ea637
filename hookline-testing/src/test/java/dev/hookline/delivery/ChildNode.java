package dev.hookline.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CrashChild} running in its own JVM (same java binary, same class path), and what it has
 * reported so far: which events it accepted and which deliveries it stored as succeeded.
 */
final class ChildNode implements AutoCloseable {
  /** What {@link Process#exitValue()} gives for a process killed by SIGKILL (128 + 9). */
  static final int KILLED_BY_SIGKILL = 137;

  private final Process process;
  private final Path stderr;
  private final Thread reader;
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();
  private final Set<String> delivered = ConcurrentHashMap.newKeySet();
  private volatile boolean ready;
  private volatile boolean published;

  private ChildNode(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.reader = Thread.ofPlatform().name("child-stdout").daemon(true).start(this::read);
  }

  /**
   * Starts a child publishing {@code events} events to {@code endpoint} through the store at {@code
   * storeUrl}; its stderr goes to a file in {@code dir}.
   */
  static ChildNode start(
      Path dir,
      String storeUrl,
      URI endpoint,
      int events,
      String nodeId,
      Duration lease,
      int maxInFlight)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CrashChild.class.getName());
    command.add(storeUrl);
    command.add(endpoint.toString());
    command.add(Integer.toString(events));
    command.add(nodeId);
    command.add(Long.toString(lease.toMillis()));
    command.add(Integer.toString(maxInFlight));
    Path stderr = Files.createTempFile(dir, "child-" + nodeId + "-", ".stderr");
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectError(stderr.toFile())
            .start();
    return new ChildNode(process, stderr);
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.equals("ready")) {
          ready = true;
        } else if (line.equals("published")) {
          published = true;
        } else if (line.startsWith("accepted ")) {
          accepted.add(line.substring("accepted ".length()));
        } else if (line.startsWith("delivered ")) {
          delivered.add(line.substring("delivered ".length()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The process id, for diagnostics. */
  long pid() {
    return process.pid();
  }

  boolean isReady() {
    return ready;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Whether the child had published every event when last heard from. */
  boolean hasPublishedAll() {
    return published;
  }

  /** Events whose {@code publish} returned in the child: durable, so owed a delivery. */
  Set<String> accepted() {
    return Set.copyOf(accepted);
  }

  /** Events whose delivery the child stored as succeeded. */
  Set<String> delivered() {
    return Set.copyOf(delivered);
  }

  /**
   * Kills the child with SIGKILL ({@link Process#destroyForcibly()} on Linux: no shutdown hooks, no
   * close, no flush), waits for it to be gone and reads what it printed before.
   *
   * @return its exit value, {@link #KILLED_BY_SIGKILL} when the signal killed it
   */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError("child " + process.pid() + " survived SIGKILL for 10 s");
    }
    reader.join(10_000);
    return process.exitValue();
  }

  /** What the child wrote to stderr, for failure messages. */
  String stderr() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(cannot read " + stderr + ": " + e.getMessage() + ")";
    }
  }

  /** Kills the child if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
