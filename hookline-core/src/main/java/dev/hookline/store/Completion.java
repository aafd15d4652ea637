package dev.hookline.store;

import java.time.Instant;

/**
 * The outcome of one attempt, to record: the attempt itself, and the delivery's next state.
 *
 * @param attempt the attempt made (always recorded)
 * @param status {@code succeeded}, {@code failed} (retry at {@code nextAttemptAt}) or {@code dead}
 * @param nextAttemptAt when to retry (ignored unless {@code failed})
 * @param node the node that holds the lease; the delivery's state changes only if it still does
 */
public record Completion(
    Attempt attempt, DeliveryStatus status, Instant nextAttemptAt, String node) {}
