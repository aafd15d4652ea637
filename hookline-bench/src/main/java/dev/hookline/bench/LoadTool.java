package dev.hookline.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The load tool: starts one {@link Sink}, runs the chosen {@link Scenario}s against it one after
 * another, and prints a plain-text table of throughput, ratios to the wrk and raw-client ceilings,
 * latency and peak heap.
 *
 * <pre>
 * java -cp hookline-bench/target/hookline-bench.jar dev.hookline.bench.LoadTool \
 *     --scenarios=wrk,raw --duration=10s --runs=3
 * </pre>
 *
 * <p>Options are {@code --key=value}; see {@link #USAGE}. Exits 0 when every scenario ran or
 * reported itself unavailable, 1 when one failed, 2 on a bad option.
 */
public final class LoadTool {

  /** Every scenario the tool knows, in the order {@code --scenarios} defaults to. */
  static final List<Scenario> SCENARIOS =
      List.of(
          new WrkScenario(),
          new RawJettyScenario(),
          new HooklineScenario(false, HooklineScenario.Mode.THROUGHPUT),
          new HooklineScenario(true, HooklineScenario.Mode.THROUGHPUT),
          new DbSchedulerScenario(),
          new HooklineScenario(false, HooklineScenario.Mode.STEADY),
          new HooklineScenario(false, HooklineScenario.Mode.BACKLOG),
          new SlowReceiversScenario(),
          new StoreScenario(false),
          new StoreScenario(true),
          new ServerScenario(false),
          new ServerScenario(true),
          new ServerSingleScenario(false),
          new ServerSingleScenario(true),
          new StartScenario());

  static final String USAGE =
      """
      usage: java -cp hookline-bench.jar dev.hookline.bench.LoadTool [--key=value ...]
        --scenarios=a,b,...  which scenarios to run, in order (default: all: %s)
        --duration=10s       how long each measured run lasts (ms, s, m, h; default 10s)
        --events=N           send exactly N requests/events instead (wrk still runs --duration)
        --warmup=20s         run this long before each measured run (0 to skip; default 20s)
        --concurrency=64     requests in flight (default 64)
        --runs=1             run the scenario list this many times; the table shows medians
        --postgres-url=URL   JDBC URL of a PostgreSQL database scenarios may use and clear
        --server-jar=PATH    the hookline.jar the server-* and start scenarios run (default:
                             hookline-server/target/hookline.jar if present, else the classpath)
      """;

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

  private LoadTool() {}

  /** Parses {@code args}, runs, prints the table on standard output, and exits. */
  public static void main(String[] args) {
    Invocation invocation;
    try {
      invocation = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(usage());
      System.exit(2);
      return;
    }
    if (invocation.help()) {
      System.out.print(usage());
      return;
    }
    System.exit(run(invocation, System.out, System.err));
  }

  /**
   * What to run.
   *
   * @param scenarios in the order to run them
   * @param options passed to every scenario
   * @param runs how many times to run the whole list
   * @param help whether only the usage was asked for
   */
  record Invocation(List<Scenario> scenarios, Options options, int runs, boolean help) {}

  /**
   * Reads {@code --key=value} arguments.
   *
   * @throws IllegalArgumentException naming the argument that is wrong
   */
  static Invocation parse(String... args) {
    Options options = Options.defaults();
    List<Scenario> scenarios = SCENARIOS;
    int runs = 1;
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        return new Invocation(scenarios, options, runs, true);
      }
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --key=value, got '" + arg + "'");
      }
      String key = arg.substring(2, eq);
      String value = arg.substring(eq + 1);
      switch (key) {
        case "scenarios" -> scenarios = scenarios(value);
        case "duration" -> options = options.withDuration(duration(key, value));
        case "events" -> options = options.withEvents(number(key, value));
        case "warmup" -> options = options.withWarmup(duration(key, value));
        case "concurrency" -> options = options.withConcurrency(intNumber(key, value));
        case "runs" -> runs = intNumber(key, value);
        case "postgres-url" -> options = options.withPostgresUrl(value);
        case "server-jar" -> options = options.withServerJar(java.nio.file.Path.of(value));
        default ->
            throw new IllegalArgumentException(
                "unknown option --"
                    + key
                    + "; known: --scenarios, --duration, --events, --warmup, --concurrency, --runs,"
                    + " --postgres-url, --server-jar");
      }
    }
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
    }
    return new Invocation(scenarios, options, runs, false);
  }

  private static List<Scenario> scenarios(String value) {
    Map<String, Scenario> byName =
        SCENARIOS.stream().collect(Collectors.toMap(Scenario::name, Function.identity()));
    List<Scenario> chosen = new ArrayList<>();
    for (String name : value.split(",")) {
      Scenario s = byName.get(name.trim());
      if (s == null) {
        throw new IllegalArgumentException(
            "unknown scenario '" + name.trim() + "'; known: " + String.join(",", byName.keySet()));
      }
      if (!chosen.contains(s)) {
        chosen.add(s);
      }
    }
    return List.copyOf(chosen);
  }

  /**
   * {@code 10s}, {@code 500ms}, {@code 1.5m}, {@code 1h}, a bare number of seconds, or ISO-8601.
   */
  static Duration duration(String key, String value) {
    if (value.startsWith("P") || value.startsWith("p")) {
      try {
        return Duration.parse(value);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("--" + key + ": not a duration: '" + value + "'");
      }
    }
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "--" + key + ": not a duration: '" + value + "' (try 10s, 500ms, 2m)");
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double nanos =
        switch (unit) {
          case "ms" -> amount * 1e6;
          case "m" -> amount * 60e9;
          case "h" -> amount * 3600e9;
          default -> amount * 1e9;
        };
    return Duration.ofNanos(Math.round(nanos));
  }

  private static long number(String key, String value) {
    try {
      return Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + ": not a whole number: '" + value + "'");
    }
  }

  private static int intNumber(String key, String value) {
    long n = number(key, value);
    if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
      throw new IllegalArgumentException("--" + key + ": too large: " + value);
    }
    return (int) n;
  }

  private static String usage() {
    return USAGE.formatted(SCENARIOS.stream().map(Scenario::name).collect(Collectors.joining(",")));
  }

  /**
   * Runs every scenario {@code runs} times, prints the table on {@code out}; returns the exit code.
   */
  static int run(Invocation invocation, PrintStream out, PrintStream progress) {
    Options options = invocation.options();
    Map<String, List<Row>> rows = new LinkedHashMap<>();
    boolean failed = false;
    try (Sink sink = Sink.start()) {
      for (int run = 1; run <= invocation.runs(); run++) {
        for (Scenario scenario : invocation.scenarios()) {
          progress.printf(
              Locale.ROOT,
              "%s: run %d/%d, %s%n",
              scenario.name(),
              run,
              invocation.runs(),
              options.countBound()
                  ? options.events().getAsLong() + " events"
                  : seconds(options.duration()));
          Row row = runOnce(scenario, sink, options);
          failed |= row.failed();
          progress.println("  " + row.summary());
          rows.computeIfAbsent(scenario.name(), k -> new ArrayList<>()).add(row);
        }
      }
      out.println(header(invocation));
    }
    out.print(table(rows));
    out.print(peerRatio(rows));
    out.print(LEGEND);
    return failed ? 1 : 0;
  }

  private static Row runOnce(Scenario scenario, Sink sink, Options options) {
    sink.reset();
    HeapSampler heap = HeapSampler.start();
    Result result;
    boolean failed = false;
    try {
      result = scenario.run(sink, options);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      result = Result.unavailable(scenario.name(), "failed: " + e);
      failed = true;
    }
    return new Row(result, heap.stop(), failed);
  }

  /** One run of one scenario, with the heap peak the tool sampled around it. */
  record Row(Result result, long peakHeapBytes, boolean failed) {
    String summary() {
      return result.available()
          ? String.format(
              Locale.ROOT,
              "%,.0f req/s, %d requests, %d errors%s",
              result.perSecond().getAsDouble(),
              result.requests(),
              result.errors(),
              result.notes().isEmpty() ? "" : " (" + String.join("; ", result.notes()) + ")")
          : String.join("; ", result.notes());
    }
  }

  private static String header(Invocation invocation) {
    Options o = invocation.options();
    Runtime.Version v = Runtime.version();
    return String.format(
        Locale.ROOT,
        "Hookline load tool: %d CPUs, %s %s, Java %s (%s)%n"
            + "%d B JSON POST, %d in flight, %s per run after %s warm-up, %d run%s per scenario",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        v,
        System.getProperty("java.vm.vendor"),
        Payload.SIZE,
        o.concurrency(),
        o.countBound() ? o.events().getAsLong() + " events" : seconds(o.duration()),
        seconds(o.warmup()),
        invocation.runs(),
        invocation.runs() == 1 ? "" : "s (median shown)");
  }

  static final String LEGEND =
      """
      req/s: 2xx answers per second at the sender (engine scenarios: distinct deliveries/s).
      vs wrk, vs raw: req/s divided by that baseline's. p50/p99: send (engine: publish) to arrival
      at the sink. CPU/req: CPU time of the whole run per request (tool, sink, wrk, a local
      postgres); all scenarios share the same cores, so CPU per request, not wall time, bounds the
      rate. By part: client = HTTP client, store = store writer thread, engine = Hookline's other
      threads, jvm+other = JIT, GC and the rest. peak heap: highest heap used, sampled every 100 ms
      (sink and tool included).
      """;

  /** The table: one line per scenario, the median run by req/s when there were several. */
  static String table(Map<String, List<Row>> rows) {
    Map<String, Row> median = new LinkedHashMap<>();
    Map<String, List<String>> runNotes = new LinkedHashMap<>();
    for (Map.Entry<String, List<Row>> e : rows.entrySet()) {
      List<Row> all = e.getValue();
      List<Row> ok =
          all.stream()
              .filter(r -> r.result().available())
              .sorted(Comparator.comparingDouble(r -> r.result().perSecond().getAsDouble()))
              .toList();
      List<String> notes = new ArrayList<>();
      runNotes.put(e.getKey(), notes);
      if (ok.isEmpty()) {
        median.put(e.getKey(), all.get(0));
        continue;
      }
      median.put(e.getKey(), ok.get(ok.size() / 2));
      if (ok.size() > 1) {
        notes.add(
            String.format(
                Locale.ROOT,
                "median of %d: %,.0f..%,.0f",
                ok.size(),
                ok.get(0).result().perSecond().getAsDouble(),
                ok.get(ok.size() - 1).result().perSecond().getAsDouble()));
      }
      if (ok.size() < all.size()) {
        notes.add((all.size() - ok.size()) + " of " + all.size() + " runs failed");
      }
    }
    OptionalDouble wrk = rateOf(median.get("wrk"));
    OptionalDouble raw = rateOf(median.get("raw"));

    List<String[]> lines = new ArrayList<>();
    lines.add(
        new String[] {
          "scenario",
          "requests",
          "errors",
          "req/s",
          "vs wrk",
          "vs raw",
          "p50",
          "p99",
          "CPU/req",
          "peak heap",
          "notes"
        });
    for (Map.Entry<String, Row> e : median.entrySet()) {
      Row row = e.getValue();
      Result r = row.result();
      List<String> notes = new ArrayList<>(runNotes.get(e.getKey()));
      notes.addAll(r.notes());
      if (!r.available()) {
        lines.add(
            new String[] {e.getKey(), "-", "-", "-", "-", "-", "-", "-", "-", "-", join(notes)});
        continue;
      }
      double rate = r.perSecond().getAsDouble();
      lines.add(
          new String[] {
            e.getKey(),
            String.format(Locale.ROOT, "%,d", r.requests()),
            String.format(Locale.ROOT, "%,d", r.errors()),
            String.format(Locale.ROOT, "%,.0f", rate),
            ratio(rate, wrk),
            ratio(rate, raw),
            r.latency().map(l -> millis(l.p50())).orElse("-"),
            r.latency().map(l -> millis(l.p99())).orElse("-"),
            r.cpu().map(c -> String.format(Locale.ROOT, "%.0f µs", c.total())).orElse("-"),
            String.format(Locale.ROOT, "%d MiB", row.peakHeapBytes() >> 20),
            join(notes)
          });
    }
    StringBuilder out = new StringBuilder(align(lines));
    List<String[]> parts = new ArrayList<>();
    for (Map.Entry<String, Row> e : median.entrySet()) {
      e.getValue()
          .result()
          .cpu()
          .ifPresent(c -> parts.add(new String[] {"  " + e.getKey(), c.breakdown()}));
    }
    if (!parts.isEmpty()) {
      out.append("CPU per request by part, µs (threads by name; see the legend):\n");
      out.append(align(parts));
    }
    return out.toString();
  }

  /** {@code hookline-pg} against the db-scheduler peer, when both ran; else nothing. */
  static String peerRatio(Map<String, List<Row>> rows) {
    OptionalDouble pg = medianRate(rows.get("hookline-pg"));
    OptionalDouble peer = medianRate(rows.get("db-scheduler"));
    return pg.isPresent() && peer.isPresent() && peer.getAsDouble() > 0
        ? String.format(
            Locale.ROOT,
            "hookline-pg / db-scheduler: %.2f ×%n",
            pg.getAsDouble() / peer.getAsDouble())
        : "";
  }

  private static OptionalDouble medianRate(List<Row> runs) {
    if (runs == null) {
      return OptionalDouble.empty();
    }
    double[] rates =
        runs.stream()
            .filter(r -> r.result().available())
            .mapToDouble(r -> r.result().perSecond().getAsDouble())
            .sorted()
            .toArray();
    return rates.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(rates[rates.length / 2]);
  }

  private static OptionalDouble rateOf(Row row) {
    return row == null ? OptionalDouble.empty() : row.result().perSecond();
  }

  private static String ratio(double rate, OptionalDouble baseline) {
    return baseline.isPresent() && baseline.getAsDouble() > 0
        ? String.format(Locale.ROOT, "%.2f", rate / baseline.getAsDouble())
        : "-";
  }

  private static String millis(Duration d) {
    return String.format(Locale.ROOT, "%.2f ms", d.toNanos() / 1e6);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0
        ? d.toSeconds() + " s"
        : String.format(Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
  }

  private static String join(List<String> notes) {
    return notes.isEmpty() ? "" : String.join("; ", notes);
  }

  /** Pads columns: the first left-aligned, the others right-aligned, the last (notes) ragged. */
  private static String align(List<String[]> lines) {
    int columns = lines.get(0).length;
    int[] width = new int[columns];
    for (String[] line : lines) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], line[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] line : lines) {
      StringBuilder text = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        if (c > 0) {
          text.append("  ");
        }
        if (c == 0 || c == columns - 1) {
          text.append(line[c]).append(c == 0 ? " ".repeat(width[c] - line[c].length()) : "");
        } else {
          text.append(" ".repeat(width[c] - line[c].length())).append(line[c]);
        }
      }
      out.append(text.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
