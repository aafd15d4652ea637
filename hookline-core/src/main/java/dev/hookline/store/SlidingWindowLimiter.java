package dev.hookline.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An exact sliding-window rate limit: at most {@code limit} permits in any {@code window}. Keeps
 * the times of the last {@code limit} permits in a ring, so a check is O(1) and memory is O(limit).
 * Thread-safe.
 */
final class SlidingWindowLimiter {
  private final int limit;
  private final long windowMillis;
  private final long[] ring;
  private int next;
  private int used;

  SlidingWindowLimiter(int limit, Duration window) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    this.limit = limit;
    this.windowMillis = window.toMillis();
    this.ring = new long[limit];
  }

  int limit() {
    return limit;
  }

  /**
   * Takes a permit at {@code now} if one is free.
   *
   * @return empty when granted, else when the next permit frees up
   */
  synchronized Optional<Instant> tryAcquire(Instant now) {
    long t = now.toEpochMilli();
    if (used == limit) {
      long oldest = ring[next];
      if (oldest + windowMillis > t) {
        return Optional.of(Instant.ofEpochMilli(oldest + windowMillis));
      }
    } else {
      used++;
    }
    ring[next] = t;
    next = (next + 1) % limit;
    return Optional.empty();
  }

  /** Gives back the most recent permit (the request it was for did not go out). */
  synchronized void undo() {
    if (used > 0) {
      next = (next - 1 + limit) % limit;
      ring[next] = Long.MIN_VALUE / 2;
      if (used < limit) {
        used--;
      }
    }
  }
}
