package dev.hookline.signature;

import dev.hookline.HooklineException;

/**
 * A secret or key that cannot be used for its signature scheme: empty, with stray whitespace, a
 * {@code whsec_} secret whose rest is not base64, an Ed25519 key of the wrong length, a public key
 * given where signing needs the secret key, and so on.
 *
 * <p>Thrown when a {@link SignatureConfig} is built or a {@link Signer} or {@link Verifier} is
 * created from one, never while verifying a request. The message names the scheme, which secret (by
 * position) and what is wrong; it never contains the secret itself.
 */
public final class InvalidSecretException extends HooklineException {
  /** Creates the exception with a message that names the scheme, the secret's position and why. */
  public InvalidSecretException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the cause it wraps. */
  public InvalidSecretException(String message, Throwable cause) {
    super(message, cause);
  }
}
