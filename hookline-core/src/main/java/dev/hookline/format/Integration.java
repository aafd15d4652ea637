package dev.hookline.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One native format. Implementations are stateless and thread-safe. */
interface Integration {
  /**
   * Checks what the format's option schema ({@link dev.hookline.routing.Format}: keys, required
   * options, closed choices, default URL, checked by {@link Endpoint.Builder#build()}) cannot, when
   * the endpoint is registered. Nothing by default.
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
   * Reads an answer of {@code status} in the service's terms (see {@link Reading} for each part),
   * usually through {@link Answer}, which asks each question only where it applies. {@link
   * Reading#NONE} by default: the engine's rules (DESIGN §5) and {@code Retry-After} apply.
   *
   * @param headers the answer's headers; lookups ignore case
   * @param now the time of the answer
   */
  default Reading interpret(
      int status, Map<String, List<String>> headers, byte[] body, Instant now) {
    return Reading.NONE;
  }
}
