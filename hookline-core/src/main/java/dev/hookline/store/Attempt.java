package dev.hookline.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One try at a delivery. Never overwritten: numbers keep counting across manual retries and
 * replays.
 *
 * @param deliveryId the delivery
 * @param endpointId its endpoint
 * @param number 1 for the first attempt
 * @param startedAt when the request started
 * @param duration until the answer (or the error)
 * @param statusCode the HTTP status, when an answer came
 * @param error what went wrong (a network error, a timeout, a non-2xx answer), absent on success
 * @param responseSnippet the first KiB of the response body
 * @param node the node that made the attempt
 */
public record Attempt(
    String deliveryId,
    String endpointId,
    int number,
    Instant startedAt,
    Duration duration,
    OptionalInt statusCode,
    Optional<String> error,
    Optional<String> responseSnippet,
    String node) {

  /** Most response bytes kept per attempt. */
  public static final int MAX_SNIPPET_BYTES = 1024;

  /** True for a 2xx answer. */
  public boolean succeeded() {
    return statusCode.isPresent() && statusCode.getAsInt() >= 200 && statusCode.getAsInt() < 300;
  }
}
