package dev.hookline.bench;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a {@link Scenario} is asked to do: how long or how many, at what concurrency, and where the
 * optional external services are. Immutable; every default is a constant here and every value is
 * checked when an instance is made.
 *
 * @param events send exactly this many requests (or publish this many events) instead of running
 *     for {@code duration}; scenarios that cannot count (wrk) run for {@code duration} and say so
 * @param duration how long to run when {@code events} is empty
 * @param warmup how long to run before measuring, so the JIT has compiled the sink and the client;
 *     zero skips it
 * @param concurrency most requests (or publishes) in flight at once
 * @param postgresUrl a JDBC URL of a PostgreSQL database that scenarios may use and clear
 * @param serverJar the {@code hookline.jar} the server scenarios run; empty: {@code
 *     hookline-server/target/hookline.jar} if it exists, else the server on the tool's classpath
 */
public record Options(
    OptionalLong events,
    Duration duration,
    Duration warmup,
    int concurrency,
    Optional<String> postgresUrl,
    Optional<java.nio.file.Path> serverJar) {

  /** Default {@link #duration}. */
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);

  /**
   * Default {@link #warmup}. On two busy cores C2 settles on Jetty's hot paths within 5 s, but
   * keeps compiling Hookline's (store, signing, routing) for about 20 s: with a 5 s warm-up the
   * load tool's {@code jvm+other} CPU was 27 µs per delivery, with 20 s, 5 µs.
   */
  public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(20);

  /** Default {@link #concurrency}, the figure of the throughput table in DEPENDENCIES.md. */
  public static final int DEFAULT_CONCURRENCY = 64;

  /**
   * Checks every value.
   *
   * @throws IllegalArgumentException naming the option that is out of range
   */
  public Options {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(postgresUrl, "postgresUrl");
    Objects.requireNonNull(serverJar, "serverJar");
    if (events.isPresent() && events.getAsLong() < 1) {
      throw new IllegalArgumentException("--events must be at least 1, got " + events.getAsLong());
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("--duration must be positive, got " + duration);
    }
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("--warmup must not be negative, got " + warmup);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
    }
  }

  /** 64 in flight for 10 s after a 20 s warm-up, without Postgres: the defaults above. */
  public static Options defaults() {
    return new Options(
        OptionalLong.empty(),
        DEFAULT_DURATION,
        DEFAULT_WARMUP,
        DEFAULT_CONCURRENCY,
        Optional.empty(),
        Optional.empty());
  }

  /** A copy that sends exactly {@code events} requests instead of running for a duration. */
  public Options withEvents(long events) {
    return new Options(
        OptionalLong.of(events), duration, warmup, concurrency, postgresUrl, serverJar);
  }

  /** A copy that runs for {@code duration}, unless {@link #events} is set. */
  public Options withDuration(Duration duration) {
    return new Options(events, duration, warmup, concurrency, postgresUrl, serverJar);
  }

  /** A copy with another warm-up; {@link Duration#ZERO} skips it. */
  public Options withWarmup(Duration warmup) {
    return new Options(events, duration, warmup, concurrency, postgresUrl, serverJar);
  }

  /** A copy with at most {@code concurrency} requests in flight. */
  public Options withConcurrency(int concurrency) {
    return new Options(events, duration, warmup, concurrency, postgresUrl, serverJar);
  }

  /** A copy that offers the PostgreSQL database at {@code jdbcUrl} to scenarios. */
  public Options withPostgresUrl(String jdbcUrl) {
    return new Options(
        events,
        duration,
        warmup,
        concurrency,
        Optional.of(Objects.requireNonNull(jdbcUrl)),
        serverJar);
  }

  /** A copy whose server scenarios run {@code jar} ({@code java -jar jar serve ...}). */
  public Options withServerJar(java.nio.file.Path jar) {
    return new Options(
        events,
        duration,
        warmup,
        concurrency,
        postgresUrl,
        Optional.of(Objects.requireNonNull(jar)));
  }

  /** Whether the run is bounded by a count of events rather than by time. */
  public boolean countBound() {
    return events.isPresent();
  }
}
