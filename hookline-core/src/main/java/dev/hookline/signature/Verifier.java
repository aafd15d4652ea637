package dev.hookline.signature;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks the signature of a received webhook request.
 *
 * <p>A verifier never throws for what came over the wire: missing or malformed headers, stale
 * timestamps and wrong signatures all come back as a {@link Verification} with a {@link
 * Verification.Reason}. Signatures are compared in constant time, timestamps against the injected
 * {@link Clock} with the configured tolerance in both directions. With several secrets (rotation),
 * a request is valid when any signature it carries matches any secret.
 *
 * <p>Implementations from {@link #of(SignatureConfig)} are immutable and thread-safe.
 */
public interface Verifier {

  /**
   * Verifies a request whose headers are read through a lookup.
   *
   * @param headers returns a header's value by name; it must ignore the name's case, as servlet
   *     {@code getHeader} and Jetty's {@code HttpFields.get} do. Values are stripped, and a blank
   *     value counts as absent.
   * @param body the raw body bytes exactly as received, before any parsing
   * @throws NullPointerException if an argument is null; nothing else is thrown
   */
  Verification verify(Function<String, Optional<String>> headers, byte[] body);

  /**
   * Verifies a request whose signature covers its URL (scheme {@code twilio}); other schemes ignore
   * the URL.
   *
   * @param url the full URL the sender requested: scheme, host, port, path and query string, as the
   *     sender saw it (behind a proxy, rebuild it from the forwarded headers)
   */
  Verification verify(Function<String, Optional<String>> headers, byte[] body, URI url);

  /**
   * Verifies a request whose headers come as a map of lists, looked up ignoring case; the first
   * value of a header is used.
   */
  default Verification verify(Map<String, List<String>> headers, byte[] body) {
    return verify(Headers.lookup(headers), body);
  }

  /** Verifies a request with headers as a map of lists and the full request URL. */
  default Verification verify(Map<String, List<String>> headers, byte[] body, URI url) {
    return verify(Headers.lookup(headers), body, url);
  }

  /**
   * A verifier for the configuration that reads the time from the system clock.
   *
   * @throws InvalidSecretException if a secret cannot be used
   */
  static Verifier of(SignatureConfig config) {
    return of(config, Clock.systemUTC());
  }

  /**
   * A verifier for the configuration that judges timestamps against the given clock.
   *
   * @throws InvalidSecretException if a secret cannot be used
   */
  static Verifier of(SignatureConfig config, Clock clock) {
    return AbstractScheme.create(config, clock, false);
  }
}
