package dev.hookline.signature;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC key, ready to compute many MACs from many threads.
 *
 * <p>{@code Mac.getInstance} plus {@code init} costs far more than the MAC of a small body, and a
 * {@code Mac} is not thread-safe. So the key is initialised once into a prototype that is never
 * used itself, only cloned: a clone carries the keyed state and costs a few array copies. A
 * ThreadLocal would not help with virtual threads, which are many and short-lived. Providers whose
 * {@code Mac} cannot be cloned fall back to a fresh, initialised instance per call.
 */
final class Hmac {
  static final String SHA256 = "HmacSHA256";
  static final String SHA1 = "HmacSHA1";

  private final String algorithm;
  private final SecretKeySpec key;
  private final Mac prototype;
  private final boolean cloneable;

  Hmac(String algorithm, byte[] key) {
    this.algorithm = algorithm;
    this.key = new SecretKeySpec(key, algorithm);
    this.prototype = newInitialisedMac();
    this.cloneable = canClone(prototype);
  }

  /** The MAC of the concatenation of the parts. */
  byte[] compute(byte[]... parts) {
    Mac mac = mac();
    for (byte[] part : parts) {
      mac.update(part);
    }
    return mac.doFinal();
  }

  private Mac mac() {
    if (cloneable) {
      try {
        return (Mac) prototype.clone();
      } catch (CloneNotSupportedException e) {
        // canClone said otherwise; fall through to a fresh instance.
      }
    }
    return newInitialisedMac();
  }

  private Mac newInitialisedMac() {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // Every JDK ships HmacSHA256 and HmacSHA1, and they accept keys of any non-zero length.
      throw new IllegalStateException(algorithm + " is not available in this JDK", e);
    }
  }

  private static boolean canClone(Mac mac) {
    try {
      mac.clone();
      return true;
    } catch (CloneNotSupportedException e) {
      return false;
    }
  }

  /** Wraps a crypto failure that a JDK with the standard providers never produces. */
  static IllegalStateException unexpected(GeneralSecurityException e) {
    return new IllegalStateException("unexpected failure of a JDK crypto primitive", e);
  }
}
