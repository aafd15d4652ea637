package dev.hookline.bench;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency distribution, with three significant digits.
 *
 * @param samples how many latencies were recorded
 * @param p50 the median
 * @param p99 the 99th percentile
 * @param max the largest recorded value
 */
public record Latency(long samples, Duration p50, Duration p99, Duration max) {

  /** Reads the percentiles of a histogram of nanoseconds; not thread-safe with its writers. */
  static Latency ofNanos(Histogram nanos) {
    return new Latency(
        nanos.getTotalCount(),
        Duration.ofNanos(nanos.getValueAtPercentile(50)),
        Duration.ofNanos(nanos.getValueAtPercentile(99)),
        Duration.ofNanos(nanos.getMaxValue()));
  }
}
