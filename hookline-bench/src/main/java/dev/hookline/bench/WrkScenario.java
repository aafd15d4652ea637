package dev.hookline.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ceiling of the machine: wrk, a C load generator, POSTing {@link Payload} over {@link
 * Options#concurrency()} keep-alive connections with two threads. Whatever a JVM sender reaches is
 * compared with this figure. wrk cannot stop after a count, so it always runs for {@link
 * Options#duration()} (whole seconds).
 *
 * <p>When wrk is not on the {@code PATH}, the scenario tries {@code apt-get install -y wrk} once,
 * and reports "wrk unavailable" if that fails.
 */
final class WrkScenario implements Scenario {
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

  /** Extra time given to wrk beyond its {@code -d} before it is killed. */
  private static final Duration GRACE = Duration.ofSeconds(30);

  /** How often wrk's CPU time is read while it runs. */
  private static final Duration CPU_POLL = Duration.ofMillis(20);

  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([0-9.]+)(us|ms|s|m|h)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  private static Optional<Path> wrk; // found or installed once per JVM; guarded by the class

  @Override
  public String name() {
    return "wrk";
  }

  @Override
  public Result run(Sink sink, Options options) throws Exception {
    Optional<Path> binary = locate();
    if (binary.isEmpty()) {
      return Result.unavailable(
          name(), "wrk unavailable: not on PATH and apt-get install -y wrk failed");
    }
    Path script = Files.createTempFile("hookline-wrk-", ".lua");
    try {
      Files.writeString(script, luaScript(), UTF_8);
      int threads = Math.min(2, options.concurrency());
      if (!options.warmup().isZero()) {
        // The sink is a JVM too: let the JIT compile it before the measured run.
        wrk(
            binary.get(),
            script,
            threads,
            options.concurrency(),
            seconds(options.warmup()),
            sink.url(),
            List.of());
        sink.reset();
      }
      long seconds = seconds(options.duration());
      CpuMeter cpu = CpuMeter.start();
      Run run =
          wrk(binary.get(), script, threads, options.concurrency(), seconds, sink.url(), List.of());
      Result result = parse(run.output());
      result = result.withCpu(cpu.stop(result.requests(), run.cpu()));
      // wrk stops its clock with requests still in flight, so the sink may count a few more; fewer
      // would mean wrk counted answers the sink never gave.
      long answered = result.requests() + result.errors();
      long slack = Math.max(2L * options.concurrency(), answered / 1000);
      if (sink.requests() < answered || sink.requests() > answered + slack) {
        result = result.withNote("sink counted " + sink.requests());
      }
      if (options.countBound()) {
        result = result.withNote("ran " + seconds + " s: wrk cannot stop after --events");
      } else if (Duration.ofSeconds(seconds).compareTo(options.duration()) != 0) {
        result = result.withNote("ran " + seconds + " s: wrk takes whole seconds");
      }
      return result;
    } finally {
      Files.deleteIfExists(script);
    }
  }

  /** The Lua script that turns wrk's default GET into our POST. */
  static String luaScript() {
    return "wrk.method = \"POST\"\n"
        + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
        + "wrk.body = [==["
        + Payload.JSON
        + "]==]\n";
  }

  /**
   * Reads wrk's summary: {@code N requests in 10.00s}, {@code Requests/sec:}, and the error lines
   * it prints only when there were errors.
   *
   * @throws IllegalStateException when the output has no {@code Requests/sec:} line
   */
  static Result parse(String output) {
    Matcher rate = RATE.matcher(output);
    Matcher total = TOTAL.matcher(output);
    if (!rate.find() || !total.find()) {
      throw new IllegalStateException("wrk printed no Requests/sec: line:\n" + output);
    }
    long completed = Long.parseLong(total.group(1));
    double amount = Double.parseDouble(total.group(2));
    double unitNanos =
        switch (total.group(3)) {
          case "us" -> 1e3;
          case "ms" -> 1e6;
          case "s" -> 1e9;
          case "m" -> 60e9;
          default -> 3600e9;
        };
    long non2xx = 0;
    Matcher bad = NON_2XX.matcher(output);
    if (bad.find()) {
      non2xx = Long.parseLong(bad.group(1));
    }
    long socketErrors = 0;
    Matcher socket = SOCKET_ERRORS.matcher(output);
    if (socket.find()) {
      for (int g = 1; g <= 4; g++) {
        socketErrors += Long.parseLong(socket.group(g));
      }
    }
    Result result =
        Result.measured(
                "wrk",
                completed - non2xx,
                non2xx + socketErrors,
                Duration.ofNanos(Math.round(amount * unitNanos)))
            .withPerSecond(Double.parseDouble(rate.group(1)));
    if (socketErrors > 0) {
      result = result.withNote(socket.group().trim());
    }
    return result;
  }

  /** What wrk printed, and the CPU it used (read while it ran: at most one poll short). */
  record Run(String output, Duration cpu) {}

  /**
   * Runs wrk with {@code threads} threads and {@code connections} connections for {@code seconds}
   * against {@code url}, with the Lua {@code script} and {@code extra} arguments before the URL.
   *
   * @throws IllegalStateException when wrk exits non-zero or overruns its time by {@link #GRACE}
   */
  static Run wrk(
      Path binary,
      Path script,
      int threads,
      int connections,
      long seconds,
      URI url,
      List<String> extra)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("-t" + threads);
    command.add("-c" + connections);
    command.add("-d" + seconds + "s");
    command.add("-s");
    command.add(script.toString());
    command.addAll(extra);
    command.add(url.toString());
    // To a file rather than a pipe, so a hung wrk cannot block the read past the time limit.
    Path log = Files.createTempFile("hookline-wrk-", ".out");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + GRACE.toSeconds());
      Duration cpu = Duration.ZERO;
      while (!process.waitFor(CPU_POLL.toMillis(), TimeUnit.MILLISECONDS)) {
        cpu = process.info().totalCpuDuration().orElse(cpu);
        if (System.nanoTime() - deadline > 0) {
          process.destroyForcibly();
          throw new IllegalStateException("wrk did not finish: " + String.join(" ", command));
        }
      }
      String output = Files.readString(log, UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "wrk exited with "
                + process.exitValue()
                + ": "
                + String.join(" ", command)
                + "\n"
                + output);
      }
      return new Run(output, cpu);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** wrk on the {@code PATH}, installed with apt-get once if missing; empty when neither works. */
  static synchronized Optional<Path> locate() {
    if (wrk == null) {
      wrk = onPath();
      if (wrk.isEmpty() && install()) {
        wrk = onPath();
      }
    }
    return wrk;
  }

  private static Optional<Path> onPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, "wrk");
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean install() {
    System.err.println("wrk not found on PATH: trying apt-get install -y wrk");
    try {
      ProcessBuilder apt =
          new ProcessBuilder("apt-get", "install", "-y", "wrk")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      apt.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process process = apt.start();
      if (!process.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false; // no apt-get here
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** wrk's {@code -d} takes whole seconds: round up, at least 1. */
  static long seconds(Duration d) {
    long s = d.toSeconds();
    return Math.max(1, d.equals(Duration.ofSeconds(s)) ? s : s + 1);
  }
}
