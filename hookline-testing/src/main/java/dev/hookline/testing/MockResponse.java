package dev.hookline.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A scripted answer of a {@link WebhookReceiver}: a status, headers, a body, an optional delay
 * before answering, or a connection drop instead of an answer.
 *
 * @param status HTTP status code
 * @param headers response headers
 * @param body response body
 * @param delay how long to wait before answering (the request is recorded at once)
 * @param action what to do with the connection
 */
public record MockResponse(
    int status, Map<String, String> headers, byte[] body, Duration delay, Action action) {

  /** What the receiver does with the connection after (any) delay. */
  public enum Action {
    /** Answer with the status, headers and body. */
    RESPOND,
    /** Close the connection without answering: the sender sees a dropped connection. */
    DISCONNECT
  }

  /** Validates and copies. */
  public MockResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100..599, got " + status);
    }
    headers = Map.copyOf(headers);
    body = body.clone();
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative");
    }
    Objects.requireNonNull(action, "action");
  }

  /** {@code 200 OK} with an empty body. */
  public static MockResponse ok() {
    return status(200);
  }

  /** A response with {@code status} and an empty body. */
  public static MockResponse status(int status) {
    return new MockResponse(status, Map.of(), new byte[0], Duration.ZERO, Action.RESPOND);
  }

  /** A response that closes the connection without answering. */
  public static MockResponse disconnect() {
    return new MockResponse(200, Map.of(), new byte[0], Duration.ZERO, Action.DISCONNECT);
  }

  /** This response with a header added. */
  public MockResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new MockResponse(status, h, body, delay, action);
  }

  /** This response with a UTF-8 body. */
  public MockResponse withBody(String body) {
    return new MockResponse(status, headers, body.getBytes(StandardCharsets.UTF_8), delay, action);
  }

  /** This response answered only after {@code delay} (use it to trigger sender timeouts). */
  public MockResponse withDelay(Duration delay) {
    return new MockResponse(status, headers, body, delay, action);
  }
}
