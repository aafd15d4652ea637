package dev.hookline.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What came back from one request: an answer (status, headers, the start of the body) or an error
 * (DNS, connection, timeout, refused private address), and how long it took.
 *
 * @param status the HTTP status, absent when no answer came
 * @param headers response headers by name; lookups ignore case
 * @param body the start of the response body (at most {@link #MAX_BODY_BYTES})
 * @param error what went wrong when no answer came
 * @param duration from sending to the answer or error
 */
public record HttpResult(
    OptionalInt status,
    Map<String, List<String>> headers,
    byte[] body,
    Optional<Throwable> error,
    Duration duration) {

  /** Most response body bytes kept in memory. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  /** An answer. */
  public static HttpResult answer(
      int status, Map<String, List<String>> headers, byte[] body, Duration duration) {
    return new HttpResult(OptionalInt.of(status), headers, body, Optional.empty(), duration);
  }

  /** A failure before any answer. */
  public static HttpResult failure(Throwable error, Duration duration) {
    return new HttpResult(OptionalInt.empty(), Map.of(), new byte[0], Optional.of(error), duration);
  }

  /** True for a 2xx answer. */
  public boolean isSuccess() {
    return status.isPresent() && status.getAsInt() >= 200 && status.getAsInt() < 300;
  }

  /** The first value of header {@code name}. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The body decoded as UTF-8. */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
