package dev.hookline.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Delivery attempts of every endpoint over a time range, counted per bucket: the figures behind the
 * dashboard's overview and {@code GET /api/stats}.
 *
 * @param from start of the range (inclusive), the start of the first bucket
 * @param until end of the range (exclusive), the end of the last bucket
 * @param bucket the width of each bucket
 * @param buckets one per bucket, oldest first, empty ones included
 * @param succeeded attempts in the range answered 2xx
 * @param failed attempts in the range that failed (non-2xx, network error or timeout)
 * @param avgResponseTimeMs mean attempt duration in the range (0 when there was none)
 * @param p95ResponseTimeMs 95th percentile attempt duration in the range, nearest rank (0 when
 *     there was none)
 */
public record AttemptStats(
    Instant from,
    Instant until,
    Duration bucket,
    List<Bucket> buckets,
    long succeeded,
    long failed,
    double avgResponseTimeMs,
    double p95ResponseTimeMs) {

  /** Copies {@code buckets}. */
  public AttemptStats {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(bucket, "bucket");
    buckets = List.copyOf(buckets);
  }

  /** Attempts in the range. */
  public long total() {
    return succeeded + failed;
  }

  /** succeeded / total, 0..1 (1 when nothing was attempted, as {@link EndpointStats} has it). */
  public double successRate() {
    return total() == 0 ? 1.0 : (double) succeeded / total();
  }

  /**
   * Attempts started in [{@code start}, {@code start + bucket}).
   *
   * @param start the bucket's start
   * @param succeeded attempts answered 2xx
   * @param failed attempts that failed
   * @param avgResponseTimeMs their mean duration (0 when there was none)
   */
  public record Bucket(Instant start, long succeeded, long failed, double avgResponseTimeMs) {
    /** Attempts in the bucket. */
    public long total() {
      return succeeded + failed;
    }
  }
}
