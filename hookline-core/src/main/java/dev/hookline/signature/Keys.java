package dev.hookline.signature;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Turns configured secret strings into keys, scheme by scheme, with messages that say which secret
 * is wrong and why, and never contain it.
 */
final class Keys {
  static final String WHSEC = "whsec_";
  static final String WHSK = "whsk_";
  static final String WHPK = "whpk_";

  private Keys() {}

  /** An Ed25519 key from configuration: always a public key, a private key when it was a whsk_. */
  record Ed25519Key(Optional<PrivateKey> privateKey, PublicKey publicKey) {}

  /** Checks every secret of the scheme, throwing on the first that cannot be used. */
  static void validate(SignatureScheme scheme, List<String> secrets) {
    switch (scheme) {
      case NONE -> {}
      case STANDARD_ED25519 -> ed25519Keys(scheme, secrets);
      default -> hmacKeys(scheme, secrets);
    }
  }

  /** The HMAC key bytes of each secret, in order. */
  static List<byte[]> hmacKeys(SignatureScheme scheme, List<String> secrets) {
    List<byte[]> keys = new ArrayList<>(secrets.size());
    for (int i = 0; i < secrets.size(); i++) {
      String secret = secrets.get(i);
      String label = label(scheme, i, secrets.size());
      requireUsableString(secret, label);
      keys.add(scheme == SignatureScheme.STANDARD ? standardKey(secret, label) : utf8(secret));
    }
    return keys;
  }

  /** The Ed25519 key of each secret, in order. */
  static List<Ed25519Key> ed25519Keys(SignatureScheme scheme, List<String> secrets) {
    List<Ed25519Key> keys = new ArrayList<>(secrets.size());
    for (int i = 0; i < secrets.size(); i++) {
      String secret = secrets.get(i);
      String label = label(scheme, i, secrets.size());
      requireUsableString(secret, label);
      keys.add(ed25519Key(secret, label));
    }
    return keys;
  }

  /** "the secret for github", or "secret 2 of 3 for standard" when there are several. */
  static String label(SignatureScheme scheme, int index, int count) {
    return count == 1
        ? "the secret for scheme " + scheme
        : "secret " + (index + 1) + " of " + count + " for scheme " + scheme;
  }

  private static void requireUsableString(String secret, String label) {
    if (secret.isEmpty()) {
      throw new InvalidSecretException(label + " is empty");
    }
    if (!secret.equals(secret.strip())) {
      throw new InvalidSecretException(
          label
              + " has leading or trailing whitespace (a stray newline from a file or an"
              + " environment variable?); remove it");
    }
  }

  private static byte[] utf8(String secret) {
    return secret.getBytes(UTF_8);
  }

  private static byte[] standardKey(String secret, String label) {
    if (secret.startsWith(WHSK) || secret.startsWith(WHPK)) {
      throw new InvalidSecretException(
          label
              + " is an Ed25519 key ("
              + secret.substring(0, WHSK.length())
              + "...); use scheme standard-ed25519 for it, or give a whsec_ secret");
    }
    if (!secret.startsWith(WHSEC)) {
      return utf8(secret); // a plain string secret is its own key
    }
    byte[] key = decodeBase64(secret.substring(WHSEC.length()), WHSEC, label);
    if (key.length == 0) {
      throw new InvalidSecretException(label + " is whsec_ with no key after it");
    }
    return key;
  }

  private static Ed25519Key ed25519Key(String secret, String label) {
    if (secret.startsWith(WHSK)) {
      byte[] bytes = decodeBase64(secret.substring(WHSK.length()), WHSK, label);
      if (bytes.length != Ed25519.KEY_BYTES && bytes.length != 2 * Ed25519.KEY_BYTES) {
        throw new InvalidSecretException(
            label
                + " decodes to "
                + bytes.length
                + " bytes; a whsk_ Ed25519 secret key is 32 bytes (or 64: the 32-byte seed"
                + " followed by the public key)");
      }
      byte[] seed = Arrays.copyOf(bytes, Ed25519.KEY_BYTES);
      byte[] publicKey = Ed25519.publicKeyOf(seed);
      if (bytes.length == 2 * Ed25519.KEY_BYTES
          && !MessageDigest.isEqual(
              publicKey, Arrays.copyOfRange(bytes, Ed25519.KEY_BYTES, bytes.length))) {
        throw new InvalidSecretException(
            label
                + " is 64 bytes, but its last 32 are not the public key of its first 32;"
                + " the key is corrupt");
      }
      try {
        return new Ed25519Key(Optional.of(Ed25519.privateKey(seed)), Ed25519.publicKey(publicKey));
      } catch (InvalidKeyException e) {
        throw new IllegalStateException("a derived Ed25519 public key did not decode", e);
      }
    }
    if (secret.startsWith(WHPK)) {
      byte[] bytes = decodeBase64(secret.substring(WHPK.length()), WHPK, label);
      if (bytes.length != Ed25519.KEY_BYTES) {
        throw new InvalidSecretException(
            label + " decodes to " + bytes.length + " bytes; a whpk_ Ed25519 public key is 32");
      }
      try {
        return new Ed25519Key(Optional.empty(), Ed25519.publicKey(bytes));
      } catch (InvalidKeyException e) {
        throw new InvalidSecretException(
            label + " is not a valid Ed25519 public key (not a point on the curve)");
      }
    }
    if (secret.startsWith(WHSEC)) {
      throw new InvalidSecretException(
          label
              + " is a whsec_ HMAC secret; use scheme standard for it, or give a whsk_ secret key"
              + " or a whpk_ public key");
    }
    throw new InvalidSecretException(
        label
            + " must start with whsk_ (an Ed25519 secret key, signs and verifies) or whpk_ (a"
            + " public key, verifies only)");
  }

  private static byte[] decodeBase64(String encoded, String prefix, String label) {
    try {
      return Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes the offending character: part of the secret, so not kept.
      throw new InvalidSecretException(
          label
              + " starts with "
              + prefix
              + " but the rest is not valid base64 (A-Z, a-z, 0-9, + and /, with optional ="
              + " padding); copy the whole secret as its issuer shows it");
    }
  }
}
