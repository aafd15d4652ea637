package dev.hookline.server;

import dev.hookline.store.QueueDepth;
import dev.hookline.store.Store;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The queue's depth as the server sees it: one sample from the store, taken at most once per {@link
 * #MAX_AGE} (by the injected clock), so that {@code /health} and every accepting request cost no
 * COUNT; and, when {@code server.max_queue_depth} is set, the refusal of new events while the
 * sampled depth is at or above it. Thread-safe.
 */
final class QueueGate {
  /** How long a sample serves before the next read refreshes it. */
  static final Duration MAX_AGE = Duration.ofSeconds(1);

  /** What a refused sender is told to wait, in seconds. */
  static final int RETRY_AFTER_SECONDS = 5;

  private record Sample(QueueDepth depth, Instant at) {}

  private final Store store;
  private final Clock clock;
  private final long maxDepth;
  private final Counter rejected;
  private volatile Sample sample;

  /** {@code maxDepth} 0 means no limit. */
  QueueGate(Store store, Clock clock, long maxDepth, MeterRegistry meters) {
    this.store = store;
    this.clock = clock;
    this.maxDepth = maxDepth;
    this.rejected =
        Counter.builder("hookline.events.rejected")
            .description(
                "event posts refused with 503 because the queue was at server.max_queue_depth")
            .tag("reason", "queue_full")
            .register(meters);
  }

  /** The last sample, refreshed from the store when it is older than {@link #MAX_AGE}. */
  QueueDepth depth() {
    Sample s = sample;
    Instant now = clock.instant();
    if (s == null || !now.isBefore(s.at().plus(MAX_AGE))) {
      synchronized (this) {
        s = sample;
        if (s == null || !now.isBefore(s.at().plus(MAX_AGE))) {
          s = new Sample(store.queueDepth(), now);
          sample = s;
        }
      }
    }
    return s.depth();
  }

  /** Whole seconds since the oldest open delivery was created, 0 when none is open. */
  long oldestAgeSeconds(QueueDepth depth) {
    return depth
        .oldestCreatedAt()
        .map(t -> Math.max(0, Duration.between(t, clock.instant()).toSeconds()))
        .orElse(0L);
  }

  /**
   * A before-handler for the routes that accept events: answers {@code 503 queue_full} with {@code
   * Retry-After} while the sampled depth is at or above the limit, so nothing is accepted.
   */
  void admit(Context ctx) {
    if (maxDepth <= 0 || !"POST".equals(ctx.method().name())) {
      return;
    }
    long open = depth().open();
    if (open >= maxDepth) {
      rejected.increment();
      ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
      throw new ApiException(
          503,
          "queue_full",
          "the delivery queue holds "
              + open
              + " deliveries, at server.max_queue_depth ("
              + maxDepth
              + "); nothing was accepted, retry after "
              + RETRY_AFTER_SECONDS
              + " s");
    }
  }
}
