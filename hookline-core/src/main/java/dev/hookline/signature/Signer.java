package dev.hookline.signature;

import java.time.Clock;
import java.util.Map;

/**
 * Computes the signature headers a sender attaches to a webhook request.
 *
 * <p>Implementations from {@link #of(SignatureConfig)} are immutable and thread-safe: one signer
 * serves every delivery of an endpoint. Keys are decoded and HMAC keys initialised once, when the
 * signer is created. Signing is deterministic for a given content (Ed25519 included), so signing
 * the same content twice gives the same headers.
 */
public interface Signer {

  /**
   * The headers to attach, in the order a sender would write them; unmodifiable. Empty for scheme
   * {@code none}.
   *
   * <p>Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}
   * (one signature per secret, space-separated). GitHub: {@code X-Hub-Signature-256}. Hex: the
   * configured header. Stripe: {@code Stripe-Signature} (one {@code v1} per secret). Slack: {@code
   * X-Slack-Request-Timestamp}, {@code X-Slack-Signature}. Shopify: {@code X-Shopify-Hmac-Sha256}.
   * Twilio: {@code X-Twilio-Signature}. Schemes whose header holds one signature sign with the
   * first secret.
   *
   * @throws IllegalArgumentException for scheme {@code twilio} when the content has no URL or its
   *     body is not a decodable form
   */
  Map<String, String> sign(SignedContent content);

  /**
   * A signer for the configuration.
   *
   * @throws InvalidSecretException if a secret cannot be used for signing, e.g. a {@code whpk_}
   *     public key for {@code standard-ed25519}
   */
  static Signer of(SignatureConfig config) {
    return AbstractScheme.create(config, Clock.systemUTC(), true);
  }
}
