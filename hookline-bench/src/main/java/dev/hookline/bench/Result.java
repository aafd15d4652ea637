package dev.hookline.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one run of a {@link Scenario} measured, or why it could not run.
 *
 * @param scenario the {@link Scenario#name()}
 * @param requests requests answered 2xx; for a delivery engine, distinct events delivered to the
 *     sink
 * @param errors requests that failed or were not answered 2xx (for an engine: publishes that threw)
 * @param elapsed the measured wall time, warm-up excluded
 * @param perSecond {@code requests} per second of {@code elapsed}; empty when the scenario could
 *     not run
 * @param latency percentiles where the scenario measured them (see {@link Sink#report()})
 * @param cpu CPU per request in the measured window, where the scenario measured it
 * @param notes short remarks printed beside the figures: why a scenario was unavailable, a count
 *     that did not match
 */
public record Result(
    String scenario,
    long requests,
    long errors,
    Duration elapsed,
    OptionalDouble perSecond,
    Optional<Latency> latency,
    Optional<CpuUse> cpu,
    List<String> notes) {

  /** Checks the values and copies {@code notes}. */
  public Result {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(perSecond, "perSecond");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(cpu, "cpu");
    notes = List.copyOf(notes);
  }

  /** A result whose rate is {@code requests / elapsed}. */
  public static Result measured(String scenario, long requests, long errors, Duration elapsed) {
    if (elapsed.isNegative() || elapsed.isZero()) {
      throw new IllegalArgumentException(scenario + ": elapsed must be positive, got " + elapsed);
    }
    double seconds = elapsed.toNanos() / 1e9;
    return new Result(
        scenario,
        requests,
        errors,
        elapsed,
        OptionalDouble.of(requests / seconds),
        Optional.empty(),
        Optional.empty(),
        List.of());
  }

  /** A result that reports {@code reason} instead of figures, e.g. "wrk unavailable". */
  public static Result unavailable(String scenario, String reason) {
    return new Result(
        scenario,
        0,
        0,
        Duration.ZERO,
        OptionalDouble.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(reason));
  }

  /** Whether the scenario ran and measured a rate. */
  public boolean available() {
    return perSecond.isPresent();
  }

  /** A copy with latency percentiles. */
  public Result withLatency(Latency latency) {
    return new Result(
        scenario, requests, errors, elapsed, perSecond, Optional.of(latency), cpu, notes);
  }

  /** A copy with the CPU the run used per request. */
  public Result withCpu(CpuUse cpu) {
    return new Result(
        scenario, requests, errors, elapsed, perSecond, latency, Optional.of(cpu), notes);
  }

  /** A copy with another note. */
  public Result withNote(String note) {
    List<String> more = new ArrayList<>(notes);
    more.add(note);
    return new Result(scenario, requests, errors, elapsed, perSecond, latency, cpu, more);
  }

  /** A copy whose rate is {@code perSecond}, for tools that report their own (wrk). */
  Result withPerSecond(double perSecond) {
    return new Result(
        scenario, requests, errors, elapsed, OptionalDouble.of(perSecond), latency, cpu, notes);
  }
}
