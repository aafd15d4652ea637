package dev.hookline.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * How each endpoint's circuit breaker behaves: after {@code threshold} consecutive failed attempts
 * the circuit opens (no requests) for {@code open}, doubling after each failed probe up to {@code
 * maxOpen}; an endpoint that has not succeeded once for {@code disableAfter} is disabled.
 *
 * <pre>{@code
 * Hookline.builder().circuitBreaker(
 *     new CircuitBreakerPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofDays(1)))
 * }</pre>
 *
 * @param threshold consecutive failures that open the circuit, at least 1
 * @param open how long an open circuit waits before its first probe, positive
 * @param maxOpen the longest an open circuit waits between probes, at least {@code open}
 * @param disableAfter how long an endpoint may fail without a success before it is disabled,
 *     positive
 */
public record CircuitBreakerPolicy(
    int threshold, Duration open, Duration maxOpen, Duration disableAfter) {

  /** Consecutive failures that open an endpoint's circuit, by default. */
  public static final int DEFAULT_THRESHOLD = 10;

  /** How long an open circuit waits before its first probe, by default. */
  public static final Duration DEFAULT_OPEN = Duration.ofSeconds(30);

  /** The longest an open circuit waits between probes, by default. */
  public static final Duration DEFAULT_MAX_OPEN = Duration.ofMinutes(10);

  /** How long an endpoint may fail without a success before it is disabled, by default. */
  public static final Duration DEFAULT_DISABLE_AFTER = Duration.ofDays(5);

  /** The policy Hookline uses unless told otherwise. */
  public static final CircuitBreakerPolicy DEFAULT =
      new CircuitBreakerPolicy(
          DEFAULT_THRESHOLD, DEFAULT_OPEN, DEFAULT_MAX_OPEN, DEFAULT_DISABLE_AFTER);

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException naming the value that is out of range
   * @throws NullPointerException when a duration is null
   */
  public CircuitBreakerPolicy {
    if (threshold < 1) {
      throw new IllegalArgumentException(
          "circuit breaker threshold must be at least 1, got " + threshold);
    }
    positive(open, "open");
    positive(maxOpen, "maxOpen");
    positive(disableAfter, "disableAfter");
    if (maxOpen.compareTo(open) < 0) {
      throw new IllegalArgumentException(
          "circuit breaker maxOpen (" + maxOpen + ") is shorter than open (" + open + ")");
    }
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("circuit breaker " + name + " must be positive, got " + d);
    }
  }
}
