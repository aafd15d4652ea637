package dev.hookline.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * Start time: from launching a {@code hookline serve} child process ({@link ServerProcess}, SQLite
 * in a fresh temp dir each time) to its first 200 from {@code /health}, {@value #LAUNCHES} times.
 * The rate column shows launches per second of the median; the notes show the median and every
 * time.
 */
final class StartScenario implements Scenario {
  static final int LAUNCHES = 5;

  private final int launches;

  StartScenario() {
    this(LAUNCHES);
  }

  StartScenario(int launches) {
    this.launches = launches;
  }

  @Override
  public String name() {
    return "start";
  }

  @Override
  public Result run(Sink sink, Options options) throws Exception {
    List<Duration> times = new ArrayList<>();
    for (int i = 0; i < launches; i++) {
      try (ServerProcess server =
          ServerProcess.start(sink, Optional.empty(), options.serverJar())) {
        times.add(server.startTime());
      }
    }
    List<Duration> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    Duration median = sorted.get(sorted.size() / 2);
    String each =
        times.stream()
            .map(t -> String.format(Locale.ROOT, "%.2f", t.toNanos() / 1e9))
            .collect(Collectors.joining(", "));
    return new Result(
            name(),
            launches,
            0,
            median,
            OptionalDouble.of(1e9 / median.toNanos()),
            Optional.empty(),
            Optional.empty(),
            List.of())
        .withNote(
            String.format(
                Locale.ROOT,
                "median %.2f s to /health 200; each: %s s",
                median.toNanos() / 1e9,
                each));
  }
}
