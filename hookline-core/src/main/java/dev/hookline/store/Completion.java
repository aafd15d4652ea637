package dev.hookline.store;

import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of one attempt, to record: the attempt itself, and the delivery's next state.
 *
 * @param attempt the attempt made (always recorded)
 * @param status {@code succeeded}, {@code failed} (retry at {@code nextAttemptAt}) or {@code dead}
 * @param nextAttemptAt when to retry (ignored unless {@code failed})
 * @param node the node that holds the lease; the delivery's state changes only if it still does
 * @param result what a successful answer created, kept on the delivery (a native format's result)
 */
public record Completion(
    Attempt attempt,
    DeliveryStatus status,
    Instant nextAttemptAt,
    String node,
    Optional<String> result) {

  /** An outcome that created nothing to keep. */
  public Completion(Attempt attempt, DeliveryStatus status, Instant nextAttemptAt, String node) {
    this(attempt, status, nextAttemptAt, node, Optional.empty());
  }
}
