package dev.hookline.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * Groups one endpoint's pending deliveries into one request (DESIGN §5): a batch is sent when it
 * holds {@code max_size} events or when its oldest event has waited {@code max_wait}, whichever
 * comes first. For {@code raw} endpoints the body is a JSON array of events; for {@code datadog}
 * endpoints of kind {@code metric}, one series request carrying every event's point.
 *
 * @param maxSize the most events in one request, 1 to {@value #MAX_SIZE_LIMIT}
 * @param maxWait how long the first event of a batch may wait for others, positive, at most an hour
 */
public record BatchConfig(int maxSize, Duration maxWait) {
  /** The largest {@code max_size} accepted. */
  public static final int MAX_SIZE_LIMIT = 1000;

  /** The longest {@code max_wait} accepted. */
  public static final Duration MAX_WAIT_LIMIT = Duration.ofHours(1);

  /**
   * Validates both components.
   *
   * @throws InvalidEndpointException naming the {@code batch} key at fault
   */
  public BatchConfig {
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxSize < 1 || maxSize > MAX_SIZE_LIMIT) {
      throw new InvalidEndpointException(
          "batch.max_size", "batch max_size must be 1 to " + MAX_SIZE_LIMIT + ", got " + maxSize);
    }
    if (maxWait.isNegative() || maxWait.isZero() || maxWait.compareTo(MAX_WAIT_LIMIT) > 0) {
      throw new InvalidEndpointException(
          "batch.max_wait", "batch max_wait must be positive and at most 1h, got " + maxWait);
    }
  }

  /** A batch of at most {@code maxSize} events, sent after at most {@code maxWait}. */
  public static BatchConfig of(int maxSize, Duration maxWait) {
    return new BatchConfig(maxSize, maxWait);
  }
}
