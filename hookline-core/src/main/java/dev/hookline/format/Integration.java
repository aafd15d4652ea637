package dev.hookline.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** One native format. Implementations are stateless and thread-safe. */
interface Integration {
  /**
   * Checks what {@link Endpoint.Builder#build()} cannot (it already checks required options and
   * closed choices) when the endpoint is registered. Nothing by default.
   *
   * @throws dev.hookline.routing.InvalidEndpointException naming the option and the fix
   */
  default void validate(Endpoint endpoint) {}

  /**
   * Builds the request for these events (one, unless the endpoint batches and the format allows
   * it). {@code templated} is the endpoint's template rendered for the first event, when it has
   * one: it overrides the format's default body (how, each format documents).
   *
   * @throws FormatException when the request cannot be built
   */
  NativeRequest render(Endpoint endpoint, List<Event> events, Optional<JsonNode> templated);

  /**
   * An error hidden in a 2xx answer (Slack's {@code {"ok": false}}): the attempt counts as failed,
   * finally. Empty when the answer is a success.
   */
  default Optional<String> errorIn(int status, byte[] body) {
    return Optional.empty();
  }

  /**
   * The status an error hidden in a 2xx answer stands for, when the answer says (Teams' connectors
   * answer 200 "... returned HTTP error 429 ..."): the attempt is then retried, or not, as an
   * answer with that status would be. Empty (the default): the hidden error is final.
   */
  default OptionalInt hiddenStatus(int status, byte[] body) {
    return OptionalInt.empty();
  }

  /**
   * How long the service asked to wait before the next attempt, when it says so other than by the
   * standard {@code Retry-After} header the engine reads itself (Discord: {@code retry_after} in
   * the JSON body, {@code X-RateLimit-Reset-After}). The engine waits for the longest of this,
   * {@code Retry-After} and the retry schedule. Empty by default.
   *
   * @param headers the answer's headers; lookups ignore case
   */
  default Optional<Duration> retryAfter(
      int status, Map<String, List<String>> headers, byte[] body) {
    return Optional.empty();
  }

  /**
   * What a successful answer created, to hand to the success callback and keep on the delivery (a
   * Jira issue key, a GitHub issue URL). Empty by default.
   */
  default Optional<String> resultOf(int status, byte[] body) {
    return Optional.empty();
  }

  /**
   * The service's explanation of a failed (non-2xx) answer, added to the delivery's error after
   * {@code HTTP <status>}: Jira's errors by field, GitHub's validation errors. Empty by default.
   */
  default Optional<String> failureReason(int status, byte[] body) {
    return Optional.empty();
  }

  /**
   * Whether a failed answer is the service's rate limit, and how long to wait before trying again.
   * A rate-limited answer is retried even when its status is otherwise final (GitHub's limits
   * answer 403), no sooner than the wait (up to the engine's cap on {@code Retry-After}); it still
   * counts as an attempt of the endpoint's retry policy. Empty by default: the engine's rules
   * (DESIGN §5) and {@code Retry-After} apply.
   *
   * @param headers the answer's headers; lookups ignore case
   * @param now the time of the answer
   */
  default Optional<Duration> rateLimitWait(
      int status, Map<String, List<String>> headers, byte[] body, Instant now) {
    return Optional.empty();
  }

  /**
   * After an answer of any status that used up what the service's rate limit allows until it resets
   * ({@code X-RateLimit-Remaining: 0} on Discord and GitHub): how long to hold the endpoint's next
   * requests, so they are not sent only to be refused with a 429. Held deliveries wait in the
   * store; no attempt is counted. Empty by default.
   *
   * @param headers the answer's headers; lookups ignore case
   * @param now the time of the answer
   */
  default Optional<Duration> pauseAfter(
      int status, Map<String, List<String>> headers, Instant now) {
    return Optional.empty();
  }
}
