package dev.hookline.server.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One inbound source: requests to {@code POST /webhooks/{name}} are verified with the scheme of
 * {@code type} and become events.
 *
 * @param name the path segment after {@code /webhooks/}
 * @param type {@code github}, {@code stripe}, {@code slack}, {@code standard}, {@code shopify},
 *     {@code twilio} or {@code generic}; defaults to the name
 * @param secrets the signing secrets, the first current, any others accepted during rotation; empty
 *     only for a {@code generic} source that does not check signatures
 * @param header the signature header, for {@code generic} (default {@code X-Webhook-Signature})
 * @param prefix the signature prefix, for {@code generic} (for example {@code sha256=})
 * @param tolerance how far a signed timestamp may be from now (schemes with timestamps)
 * @param publicUrl the URL the sender was given for this source ({@code public_url}), when it
 *     differs from what the server sees behind a proxy; {@code twilio} signs it, so the signature
 *     is checked against it (with the request's query string) instead of the request URL
 */
public record SourceConfig(
    String name,
    String type,
    List<String> secrets,
    Optional<String> header,
    Optional<String> prefix,
    Duration tolerance,
    Optional<URI> publicUrl) {
  /** Source types Hookline knows. */
  public static final List<String> TYPES =
      List.of("github", "stripe", "slack", "standard", "shopify", "twilio", "generic");

  /** The default timestamp tolerance: 5 minutes, as Stripe, Slack and Standard Webhooks use. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  /** The default signature header of a {@code generic} source. */
  public static final String DEFAULT_GENERIC_HEADER = "X-Webhook-Signature";

  /** Copies the secrets. */
  public SourceConfig {
    secrets = List.copyOf(secrets);
  }

  /** A source without a public URL: the request URL is the one the sender signed. */
  public SourceConfig(
      String name,
      String type,
      List<String> secrets,
      Optional<String> header,
      Optional<String> prefix,
      Duration tolerance) {
    this(name, type, secrets, header, prefix, tolerance, Optional.empty());
  }

  /** A source of this type with one secret and the defaults. */
  public static SourceConfig of(String name, String type, String secret) {
    return new SourceConfig(
        name, type, List.of(secret), Optional.empty(), Optional.empty(), DEFAULT_TOLERANCE);
  }

  /** This source with the public URL its sender was given (see {@link #publicUrl()}). */
  public SourceConfig withPublicUrl(URI url) {
    return new SourceConfig(name, type, secrets, header, prefix, tolerance, Optional.of(url));
  }

  /** This source with another timestamp tolerance. */
  public SourceConfig withTolerance(Duration tolerance) {
    return new SourceConfig(name, type, secrets, header, prefix, tolerance, publicUrl);
  }
}
