package dev.hookline.signature;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a webhook request is signed. Each value has a contract name, used in {@code hookline.yaml},
 * the HTTP API and the CLI ({@code --scheme}).
 *
 * <p>Immutable and thread-safe.
 */
public enum SignatureScheme {
  /**
   * Standard Webhooks v1: headers {@code webhook-id}, {@code webhook-timestamp} (Unix seconds) and
   * {@code webhook-signature: v1,<base64 HMAC-SHA256 over "{id}.{timestamp}.{body}">}, several
   * space-separated during secret rotation. Secrets are {@code whsec_} + base64 (the key is the
   * decoded bytes); a secret without the prefix is used as its UTF-8 bytes.
   */
  STANDARD("standard", "webhook-signature"),

  /**
   * Standard Webhooks v1a: {@code webhook-signature: v1a,<base64 Ed25519 signature>} over the same
   * content as {@link #STANDARD}. Signing needs a {@code whsk_} secret key, verifying a {@code
   * whpk_} public key (or the secret key).
   */
  STANDARD_ED25519("standard-ed25519", "webhook-signature"),

  /** GitHub: {@code X-Hub-Signature-256: sha256=<lowercase hex HMAC-SHA256 of the body>}. */
  GITHUB("github", "X-Hub-Signature-256"),

  /**
   * A hex HMAC-SHA256 of the body in a configurable header (default {@code X-Signature}) after an
   * optional prefix such as {@code sha256=}.
   */
  HEX("hex", "X-Signature"),

  /**
   * Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 over "{t}.{body}">}, several
   * {@code v1} during rotation. The {@code whsec_...} secret string itself is the key.
   */
  STRIPE("stripe", "Stripe-Signature"),

  /**
   * Slack: {@code X-Slack-Request-Timestamp: <unix>} and {@code X-Slack-Signature: v0=<hex
   * HMAC-SHA256 over "v0:{ts}:{body}">}.
   */
  SLACK("slack", "X-Slack-Signature"),

  /** Shopify: {@code X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>}. */
  SHOPIFY("shopify", "X-Shopify-Hmac-Sha256"),

  /**
   * Twilio: {@code X-Twilio-Signature: <base64 HMAC-SHA1 over the full request URL followed by each
   * form parameter's name and value, sorted by name>}; for JSON bodies the URL carries a {@code
   * bodySHA256} query parameter and only the URL is signed. Needs the request URL.
   */
  TWILIO("twilio", "X-Twilio-Signature"),

  /** No signature: signs nothing and accepts everything. Only when explicitly chosen. */
  NONE("none", "");

  private final String contractName;
  private final String defaultHeader;

  SignatureScheme(String contractName, String defaultHeader) {
    this.contractName = contractName;
    this.defaultHeader = defaultHeader;
  }

  /** The name used in configuration, the HTTP API and the CLI, e.g. {@code standard-ed25519}. */
  public String contractName() {
    return contractName;
  }

  /** The header that carries the signature unless configured otherwise; empty for {@link #NONE}. */
  String defaultHeader() {
    return defaultHeader;
  }

  /**
   * Returns the scheme with this contract name, ignoring case and surrounding whitespace.
   *
   * @throws IllegalArgumentException if no scheme has that name; the message lists the valid ones
   */
  public static SignatureScheme fromName(String name) {
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    for (SignatureScheme scheme : values()) {
      if (scheme.contractName.equals(wanted)) {
        return scheme;
      }
    }
    throw new IllegalArgumentException(
        "unknown signature scheme '"
            + name
            + "'; valid schemes are: "
            + Arrays.stream(values())
                .map(SignatureScheme::contractName)
                .collect(Collectors.joining(", ")));
  }

  /** Returns the {@linkplain #contractName() contract name}. */
  @Override
  public String toString() {
    return contractName;
  }
}
