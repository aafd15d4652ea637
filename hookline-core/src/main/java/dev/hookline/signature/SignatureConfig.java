package dev.hookline.signature;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A signature scheme with its secrets and settings: what an endpoint signs with and what an inbound
 * source verifies with. Build one with the static factories ({@link #standard(String...)}, {@link
 * #github(String)}, ...) and adjust it with {@link #withTolerance(Duration)}.
 *
 * <p>Validated when constructed, so a configuration that exists can be used: secrets are decoded
 * the way their scheme reads them and a problem is reported as an {@link InvalidSecretException}
 * that names the scheme and the secret's position, never the secret. {@link #toString()} leaves
 * secrets out.
 *
 * <p>Several secrets mean rotation: a verifier accepts a signature made with any of them. Signers
 * of Standard Webhooks and Stripe emit one signature per secret; the other schemes' headers hold
 * one signature, made with the first secret.
 *
 * @param scheme the signature scheme
 * @param secrets the secrets or keys, the current one first; empty only for {@code none}
 * @param header the header that carries the signature: configurable for {@code hex}, the scheme's
 *     own header otherwise, empty for {@code none}
 * @param prefix text before the signature in the header: configurable for {@code hex} (e.g. {@code
 *     sha256=}), {@code sha256=} for {@code github}, empty otherwise
 * @param tolerance how far a signed timestamp may be from now, in either direction, for the schemes
 *     that sign one ({@code standard}, {@code standard-ed25519}, {@code stripe}, {@code slack}); at
 *     least one second
 */
public record SignatureConfig(
    SignatureScheme scheme,
    List<String> secrets,
    String header,
    String prefix,
    Duration tolerance) {

  /** Five minutes, as Standard Webhooks, Stripe and Slack recommend. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  /** The header of scheme {@code hex} unless configured otherwise. */
  public static final String DEFAULT_HEX_HEADER = "X-Signature";

  private static final String GITHUB_PREFIX = "sha256=";

  /**
   * Validates and creates a configuration.
   *
   * @throws InvalidSecretException if a secret is missing or cannot be used for the scheme
   * @throws IllegalArgumentException if the header or prefix is not allowed for the scheme, or the
   *     tolerance is shorter than a second
   */
  public SignatureConfig {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(tolerance, "tolerance");
    for (int i = 0; i < secrets.size(); i++) {
      if (secrets.get(i) == null) {
        throw new InvalidSecretException(Keys.label(scheme, i, secrets.size()) + " is null");
      }
    }
    secrets = List.copyOf(secrets);
    if (scheme == SignatureScheme.NONE && !secrets.isEmpty()) {
      throw new InvalidSecretException(
          "scheme none takes no secret; remove the secret, or choose a scheme that signs");
    }
    if (scheme != SignatureScheme.NONE && secrets.isEmpty()) {
      throw new InvalidSecretException("scheme " + scheme + " needs at least one secret");
    }
    if (scheme == SignatureScheme.HEX) {
      requireHeaderName(header);
      if (prefix.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("the prefix of scheme hex contains a control character");
      }
    } else {
      if (!header.equalsIgnoreCase(scheme.defaultHeader())) {
        throw new IllegalArgumentException(
            "scheme "
                + scheme
                + " always uses header "
                + (scheme.defaultHeader().isEmpty() ? "(none)" : scheme.defaultHeader())
                + ", not '"
                + header
                + "'; a configurable header is for scheme hex");
      }
      String expectedPrefix = scheme == SignatureScheme.GITHUB ? GITHUB_PREFIX : "";
      if (!prefix.equals(expectedPrefix)) {
        throw new IllegalArgumentException(
            "scheme "
                + scheme
                + " always uses prefix '"
                + expectedPrefix
                + "'; a configurable prefix is for scheme hex");
      }
    }
    if (tolerance.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("tolerance must be at least 1 second, was " + tolerance);
    }
    Keys.validate(scheme, secrets);
  }

  /**
   * Standard Webhooks v1 (HMAC-SHA256). Each secret is {@code whsec_} + base64 (the key is the
   * decoded bytes) or a plain string (the key is its UTF-8 bytes; the Svix libraries would
   * base64-decode it instead). With several, each signs and all signatures are sent.
   *
   * @throws InvalidSecretException if a secret is empty, has stray whitespace, is a {@code whsec_}
   *     secret whose rest is not base64, or is an Ed25519 key
   */
  public static SignatureConfig standard(String... secrets) {
    return standard(Arrays.asList(secrets));
  }

  /**
   * Standard Webhooks v1 with a list of secrets, the current one first.
   *
   * @throws InvalidSecretException as {@link #standard(String...)}
   */
  public static SignatureConfig standard(List<String> secrets) {
    return of(SignatureScheme.STANDARD, secrets);
  }

  /**
   * Standard Webhooks v1a (Ed25519). Each key is a {@code whsk_} secret key (signs and verifies) or
   * a {@code whpk_} public key (verifies only). Keys are base64 of the raw RFC 8032 bytes: 32 for a
   * public key, 32 for a secret key (its seed; the 64-byte seed-plus-public-key form is accepted
   * too). See {@link WebhookSecret#generateEd25519()}.
   *
   * @throws InvalidSecretException if a key has another prefix, is not base64, has the wrong
   *     length, or a public key is not a point on the curve
   */
  public static SignatureConfig ed25519(String... keys) {
    return of(SignatureScheme.STANDARD_ED25519, Arrays.asList(keys));
  }

  /**
   * GitHub: {@code X-Hub-Signature-256: sha256=<hex>}; the secret string is the key.
   *
   * @throws InvalidSecretException if the secret is empty or has stray whitespace
   */
  public static SignatureConfig github(String secret) {
    return of(SignatureScheme.GITHUB, List.of(secret));
  }

  /**
   * Hex HMAC-SHA256 of the body in {@value #DEFAULT_HEX_HEADER}, no prefix.
   *
   * @throws InvalidSecretException if the secret is empty or has stray whitespace
   */
  public static SignatureConfig hex(String secret) {
    return hex(secret, DEFAULT_HEX_HEADER, "");
  }

  /**
   * Hex HMAC-SHA256 of the body in the given header after the given prefix (e.g. {@code
   * X-Webhook-Signature} and {@code ""}, or {@code X-Signature} and {@code sha256=}).
   *
   * @throws InvalidSecretException if the secret is empty or has stray whitespace
   * @throws IllegalArgumentException if the header is not a valid header name
   */
  public static SignatureConfig hex(String secret, String header, String prefix) {
    return new SignatureConfig(
        SignatureScheme.HEX, List.of(secret), header, prefix, DEFAULT_TOLERANCE);
  }

  /**
   * Stripe: {@code Stripe-Signature: t=...,v1=...}. The endpoint's signing secret ({@code
   * whsec_...}) is used as it is, as a string: Stripe does not base64-decode it.
   *
   * @throws InvalidSecretException if the secret is empty or has stray whitespace
   */
  public static SignatureConfig stripe(String secret) {
    return of(SignatureScheme.STRIPE, List.of(secret));
  }

  /**
   * Slack: {@code X-Slack-Signature: v0=...} with the app's signing secret.
   *
   * @throws InvalidSecretException if the secret is empty or has stray whitespace
   */
  public static SignatureConfig slack(String secret) {
    return of(SignatureScheme.SLACK, List.of(secret));
  }

  /**
   * Shopify: {@code X-Shopify-Hmac-Sha256: <base64>} with the app's client secret.
   *
   * @throws InvalidSecretException if the secret is empty or has stray whitespace
   */
  public static SignatureConfig shopify(String secret) {
    return of(SignatureScheme.SHOPIFY, List.of(secret));
  }

  /**
   * Twilio: {@code X-Twilio-Signature} with the account's auth token. Verifying needs the request
   * URL.
   *
   * @throws InvalidSecretException if the token is empty or has stray whitespace
   */
  public static SignatureConfig twilio(String authToken) {
    return of(SignatureScheme.TWILIO, List.of(authToken));
  }

  /** No signature: signs nothing, verifies everything. */
  public static SignatureConfig none() {
    return of(SignatureScheme.NONE, List.of());
  }

  /**
   * A scheme with its secrets and the scheme's own header and prefix ({@code X-Signature} and no
   * prefix for {@code hex}), with the default tolerance. This is what configuration files map to.
   *
   * @throws InvalidSecretException if a secret cannot be used for the scheme
   */
  public static SignatureConfig of(SignatureScheme scheme, List<String> secrets) {
    return new SignatureConfig(
        scheme,
        secrets,
        scheme.defaultHeader(),
        scheme == SignatureScheme.GITHUB ? GITHUB_PREFIX : "",
        DEFAULT_TOLERANCE);
  }

  /**
   * This configuration with another timestamp tolerance.
   *
   * @throws IllegalArgumentException if the tolerance is shorter than a second
   */
  public SignatureConfig withTolerance(Duration tolerance) {
    return new SignatureConfig(scheme, secrets, header, prefix, tolerance);
  }

  /** The scheme, header, prefix, tolerance and the number of secrets; never the secrets. */
  @Override
  public String toString() {
    return "SignatureConfig[scheme="
        + scheme
        + ", secrets="
        + secrets.size()
        + " (redacted), header="
        + header
        + ", prefix="
        + prefix
        + ", tolerance="
        + tolerance
        + "]";
  }

  private static void requireHeaderName(String header) {
    if (header.isEmpty()) {
      throw new IllegalArgumentException("the header of scheme hex is empty");
    }
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      // RFC 9110 token characters.
      boolean token =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!token) {
        throw new IllegalArgumentException(
            "the header of scheme hex, '" + header + "', is not a valid header name");
      }
    }
  }
}
