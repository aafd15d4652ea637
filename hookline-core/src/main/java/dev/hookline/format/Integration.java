package dev.hookline.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

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
   * What a successful answer created, to hand to the success callback and keep on the delivery (a
   * Jira issue key, a GitHub issue URL). Empty by default.
   */
  default Optional<String> resultOf(int status, byte[] body) {
    return Optional.empty();
  }

  /**
   * Why the service refused a request, read from its error answer (PagerDuty's {@code message} and
   * {@code errors}), to follow "HTTP 400" in the attempt's error. Empty by default.
   */
  default Optional<String> errorReason(int status, byte[] body) {
    return Optional.empty();
  }

  /**
   * How long the service asks to wait before the next attempt, from its own rate-limit headers
   * ({@code header} looks one up by name, ignoring case), when the answer has no {@code
   * Retry-After} (which the engine honours for every format). Empty by default.
   */
  default Optional<Duration> retryAfter(int status, Function<String, Optional<String>> header) {
    return Optional.empty();
  }
}
