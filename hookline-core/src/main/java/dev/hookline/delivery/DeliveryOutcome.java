package dev.hookline.delivery;

import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.store.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one attempt of one delivery came to, as {@link DeliveryListener}s see it.
 *
 * @param endpoint the endpoint
 * @param event the event
 * @param deliveryId the delivery
 * @param attempt the attempt number (counting across retries and replays)
 * @param status {@code SUCCEEDED}, {@code FAILED} (another attempt is scheduled) or {@code DEAD}
 * @param statusCode the HTTP status, when an answer came
 * @param error what went wrong, on failure
 * @param nextAttemptAt when the next attempt is due, when {@code FAILED}
 * @param duration how long the attempt took
 * @param responseBody the start of the response body (at most 64 KiB)
 * @param result what a native format's successful answer created: a Jira issue key, a GitHub issue
 *     URL, a Slack message's {@code channel:ts}
 */
public record DeliveryOutcome(
    Endpoint endpoint,
    Event event,
    String deliveryId,
    int attempt,
    DeliveryStatus status,
    OptionalInt statusCode,
    Optional<String> error,
    Optional<Instant> nextAttemptAt,
    Duration duration,
    String responseBody,
    Optional<String> result) {

  /** True when the attempt failed but another one is scheduled. */
  public boolean willRetry() {
    return status == DeliveryStatus.FAILED;
  }
}
