package dev.hookline.store;

import java.time.Duration;

/**
 * At most {@code limit} requests in any {@code window}.
 *
 * @param limit requests allowed per window, at least 1
 * @param window the sliding window
 */
public record RateWindow(int limit, Duration window) {
  /** Validates. */
  public RateWindow {
    if (limit < 1) {
      throw new IllegalArgumentException("rate limit must be at least 1, got " + limit);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("rate window must be positive, got " + window);
    }
  }
}
