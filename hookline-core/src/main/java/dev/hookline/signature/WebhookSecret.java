package dev.hookline.signature;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Creates fresh secrets and key pairs in the Standard Webhooks formats.
 *
 * <p>Thread-safe: the methods share one {@link SecureRandom}.
 */
public final class WebhookSecret {
  /** Bytes of randomness in a generated {@code whsec_} secret: 256 bits, HMAC-SHA256's key size. */
  public static final int SECRET_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSecret() {}

  /**
   * A new symmetric secret: {@code whsec_} + base64 of {@value #SECRET_BYTES} random bytes, for
   * scheme {@code standard}.
   */
  public static String generate() {
    byte[] key = new byte[SECRET_BYTES];
    RANDOM.nextBytes(key);
    return Keys.WHSEC + Base64.getEncoder().encodeToString(key);
  }

  /**
   * A new Ed25519 key pair for scheme {@code standard-ed25519}: the {@code whsk_} secret key signs,
   * the {@code whpk_} public key is what receivers verify with.
   */
  public static Ed25519KeyPair generateEd25519() {
    byte[][] pair = Ed25519.generate(RANDOM);
    return new Ed25519KeyPair(
        Keys.WHSK + Base64.getEncoder().encodeToString(pair[0]),
        Keys.WHPK + Base64.getEncoder().encodeToString(pair[1]));
  }

  /**
   * The {@code whpk_} public key that belongs to a {@code whsk_} secret key, to hand to receivers.
   *
   * @throws InvalidSecretException if the secret key cannot be used
   */
  public static String ed25519PublicKey(String secretKey) {
    Objects.requireNonNull(secretKey, "secretKey");
    if (!secretKey.startsWith(Keys.WHSK)) {
      throw new InvalidSecretException(
          "an Ed25519 public key can only be derived from a whsk_ secret key");
    }
    Keys.Ed25519Key key =
        Keys.ed25519Keys(SignatureScheme.STANDARD_ED25519, List.of(secretKey)).get(0);
    return Keys.WHPK + Base64.getEncoder().encodeToString(Ed25519.encode(key.publicKey()));
  }

  /**
   * An Ed25519 key pair in Standard Webhooks form.
   *
   * @param secretKey {@code whsk_} + base64 of the 32-byte private key (RFC 8032 seed)
   * @param publicKey {@code whpk_} + base64 of the 32-byte public key
   */
  public record Ed25519KeyPair(String secretKey, String publicKey) {
    /**
     * Creates a pair.
     *
     * @throws NullPointerException if a key is null
     */
    public Ed25519KeyPair {
      Objects.requireNonNull(secretKey, "secretKey");
      Objects.requireNonNull(publicKey, "publicKey");
    }

    /** The public key only; the secret key is redacted. */
    @Override
    public String toString() {
      return "Ed25519KeyPair[secretKey=(redacted), publicKey=" + publicKey + "]";
    }
  }
}
