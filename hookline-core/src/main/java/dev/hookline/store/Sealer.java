package dev.hookline.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts values before they reach the database and decrypts them on the way back: AES-256-GCM, a
 * random 96-bit IV per value, the row's identity ({@code endpoints/<id>}) as associated data so a
 * sealed value cannot be moved to another row. Sealed text is {@code hlenc:v1:<key id>:<base64(iv
 * || ciphertext and tag)>}; anything else is plain text written before sealing existed, read as is
 * and re-sealed when the store opens. Thread-safe.
 */
final class Sealer {
  static final String PREFIX = "hlenc:v1:";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeys keys;
  private final String currentPrefix;

  Sealer(SecretKeys keys) {
    this.keys = keys;
    this.currentPrefix = PREFIX + keys.currentKeyId() + ":";
  }

  /** The id of the key values are sealed with. */
  String keyId() {
    return keys.currentKeyId();
  }

  /** {@code plaintext} sealed with the current key for the row {@code row}. */
  String seal(String plaintext, String row) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    byte[] sealed = crypt(Cipher.ENCRYPT_MODE, keys.current(), iv, row, utf8(plaintext));
    ByteBuffer out = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed);
    return currentPrefix + Base64.getEncoder().encodeToString(out.array());
  }

  /** Whether {@code stored} is sealed with the current key (else it needs re-sealing). */
  boolean isCurrent(String stored) {
    return stored.startsWith(currentPrefix);
  }

  /**
   * The plain text of {@code stored}, the value of the row {@code row} of the store {@code store}.
   *
   * @throws StoreException when it is sealed with a key that is not given, or does not decrypt
   */
  String open(String stored, String row, String store) {
    if (!stored.startsWith(PREFIX)) {
      return stored;
    }
    int colon = stored.indexOf(':', PREFIX.length());
    if (colon < 0) {
      throw new StoreException(row + " in " + store + " is damaged: no key id in its sealed value");
    }
    String keyId = stored.substring(PREFIX.length(), colon);
    Optional<byte[]> key = keys.key(keyId);
    if (key.isEmpty()) {
      throw new StoreException(
          row
              + " in "
              + store
              + " is sealed with secret key "
              + keyId
              + ", which is not among the keys given ("
              + keys.keyIds()
              + "): give that key as a previous key (server: "
              + SecretKeys.ENV_PREVIOUS_KEYS
              + " or secrets.previous_key_files; library: SecretKeys.of(current, previous))");
    }
    byte[] all;
    try {
      all = Base64.getDecoder().decode(stored.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new StoreException(
          row + " in " + store + " is damaged: its sealed value is not base64");
    }
    if (all.length < IV_BYTES + TAG_BITS / 8) {
      throw new StoreException(row + " in " + store + " is damaged: its sealed value is too short");
    }
    byte[] iv = java.util.Arrays.copyOf(all, IV_BYTES);
    byte[] body = java.util.Arrays.copyOfRange(all, IV_BYTES, all.length);
    try {
      return new String(
          crypt(Cipher.DECRYPT_MODE, key.get(), iv, row, body), StandardCharsets.UTF_8);
    } catch (TamperedException e) {
      throw new StoreException(
          row
              + " in "
              + store
              + " does not decrypt with secret key "
              + keyId
              + ": it was altered or belongs to another row");
    }
  }

  private static byte[] crypt(int mode, byte[] key, byte[] iv, String row, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(utf8(row));
      return cipher.doFinal(input);
    } catch (AEADBadTagException e) {
      throw new TamperedException();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot run AES-GCM", e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final class TamperedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TamperedException() {
      super(null, null, false, false);
    }
  }
}
