package dev.hookline.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * One endpoint's attempts over a sliding window: counts in {@value #SLOTS} time slots (so memory
 * does not grow with traffic; the window slides a slot at a time) and the durations of the last
 * {@value #SAMPLES} attempts for the 95th percentile. Not thread-safe: callers lock.
 */
final class SlidingWindow {
  static final int SLOTS = 60;
  static final int SAMPLES = 512;

  /** What the window holds now. */
  record Snapshot(long attempts, long failures, long slow, long p95Millis, long maxMillis) {
    /** Successful attempts / attempts; 1 when there were none. */
    double successRate() {
      return attempts == 0 ? 1.0 : (attempts - failures) / (double) attempts;
    }
  }

  private final Duration window;
  private final long slotMillis;
  private final long[] slot = new long[SLOTS];
  private final long[] attempts = new long[SLOTS];
  private final long[] failures = new long[SLOTS];
  private final long[] slow = new long[SLOTS];
  private final long[] sampleAt = new long[SAMPLES];
  private final long[] sampleMillis = new long[SAMPLES];
  private int samples;
  private int next;

  SlidingWindow(Duration window) {
    this.window = window;
    this.slotMillis = Math.max(1, (window.toMillis() + SLOTS - 1) / SLOTS);
    Arrays.fill(slot, Long.MIN_VALUE);
  }

  void add(Instant at, boolean success, long millis, boolean isSlow) {
    long s = Math.floorDiv(at.toEpochMilli(), slotMillis);
    int i = Math.floorMod(s, SLOTS);
    if (slot[i] != s) {
      if (slot[i] > s) {
        return; // older than the window (the clock went back): nothing to count it in
      }
      slot[i] = s;
      attempts[i] = 0;
      failures[i] = 0;
      slow[i] = 0;
    }
    attempts[i]++;
    if (!success) {
      failures[i]++;
    }
    if (isSlow) {
      slow[i]++;
    }
    sampleAt[next] = at.toEpochMilli();
    sampleMillis[next] = millis;
    next = (next + 1) % SAMPLES;
    samples = Math.min(samples + 1, SAMPLES);
  }

  Snapshot snapshot(Instant now) {
    long current = Math.floorDiv(now.toEpochMilli(), slotMillis);
    long a = 0;
    long f = 0;
    long sl = 0;
    for (int i = 0; i < SLOTS; i++) {
      if (slot[i] > current - SLOTS && slot[i] <= current) {
        a += attempts[i];
        f += failures[i];
        sl += slow[i];
      }
    }
    long since = now.toEpochMilli() - window.toMillis();
    long[] recent = new long[samples];
    int n = 0;
    for (int i = 0; i < samples; i++) {
      if (sampleAt[i] > since) {
        recent[n++] = sampleMillis[i];
      }
    }
    Arrays.sort(recent, 0, n);
    long p95 = n == 0 ? 0 : recent[Math.max(0, (int) Math.ceil(n * 0.95) - 1)];
    long max = n == 0 ? 0 : recent[n - 1];
    return new Snapshot(a, f, sl, p95, max);
  }
}
