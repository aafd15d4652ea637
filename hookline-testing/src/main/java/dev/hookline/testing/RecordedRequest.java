package dev.hookline.testing;

import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.Verification;
import dev.hookline.signature.Verifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request a {@link WebhookReceiver} received, as it arrived.
 *
 * @param sequence 0 for the first request the receiver got, then 1, 2...
 * @param receivedAt when it arrived
 * @param method HTTP method
 * @param uri the full request URI
 * @param headers header values by name; lookups ignore case
 * @param body raw body bytes
 */
public record RecordedRequest(
    long sequence,
    Instant receivedAt,
    String method,
    URI uri,
    Map<String, List<String>> headers,
    byte[] body) {

  /** The path and query, e.g. {@code /hooks?x=1}. */
  public String path() {
    return uri.getRawQuery() == null
        ? uri.getRawPath()
        : uri.getRawPath() + "?" + uri.getRawQuery();
  }

  /** The first value of header {@code name} (case-insensitive). */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The body decoded as UTF-8. */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * Checks this request's signature, e.g. {@code request.verify(Verifier.of(
   * SignatureConfig.standard(secret)))}; the URL is passed for schemes that sign it (Twilio).
   */
  public Verification verify(Verifier verifier) {
    return verifier.verify(headers, body, uri);
  }

  /** Like {@link #verify(Verifier)}, building the verifier from {@code config}. */
  public Verification verify(SignatureConfig config) {
    return verify(Verifier.of(config));
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public String toString() {
    return method + " " + path() + " (" + body.length + " bytes)";
  }
}
