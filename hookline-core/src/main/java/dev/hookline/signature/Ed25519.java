package dev.hookline.signature;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/**
 * Ed25519 with the JDK's own provider, and the raw key encodings of RFC 8032 that {@code whsk_} and
 * {@code whpk_} keys carry: a 32-byte private key (the seed) and a 32-byte public key (the
 * little-endian y coordinate with the parity of x in the top bit).
 */
final class Ed25519 {
  static final int KEY_BYTES = 32;
  static final int SIGNATURE_BYTES = 64;
  private static final String ALGORITHM = "Ed25519";

  private Ed25519() {}

  /** A private key from its 32-byte seed. */
  static PrivateKey privateKey(byte[] seed) {
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    } catch (GeneralSecurityException e) {
      throw Hmac.unexpected(e);
    }
  }

  /**
   * A public key from its 32-byte encoding.
   *
   * @throws InvalidKeyException if the bytes are not a point on the curve
   */
  static PublicKey publicKey(byte[] encoded) throws InvalidKeyException {
    byte[] bigEndian = reversed(encoded);
    boolean xOdd = (bigEndian[0] & 0x80) != 0;
    bigEndian[0] &= 0x7f;
    EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, bigEndian));
    PublicKey key;
    try {
      key =
          KeyFactory.getInstance(ALGORITHM)
              .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
    } catch (InvalidKeySpecException e) {
      throw new InvalidKeyException(e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw Hmac.unexpected(e);
    }
    // The JDK decodes the point only when a verification starts; do it now so that a bad key is
    // reported with the configuration rather than as a failed signature on every request.
    try {
      Signature.getInstance(ALGORITHM).initVerify(key);
    } catch (GeneralSecurityException e) {
      if (e instanceof InvalidKeyException invalid) {
        throw invalid;
      }
      throw Hmac.unexpected(e);
    }
    return key;
  }

  /** The 32-byte encoding of a public key. */
  static byte[] encode(PublicKey key) {
    EdECPoint point = ((EdECPublicKey) key).getPoint();
    byte[] y = point.getY().toByteArray(); // big-endian, possibly with a leading sign byte
    byte[] bigEndian = new byte[KEY_BYTES];
    int length = Math.min(y.length, KEY_BYTES);
    System.arraycopy(y, y.length - length, bigEndian, KEY_BYTES - length, length);
    if (point.isXOdd()) {
      bigEndian[0] |= (byte) 0x80;
    }
    return reversed(bigEndian);
  }

  /** The 32-byte public key that belongs to a 32-byte seed. */
  static byte[] publicKeyOf(byte[] seed) {
    // The JDK has no call that derives the public key from a private one, but its key pair
    // generator draws exactly the 32 seed bytes from the SecureRandom it is given and derives the
    // public key from them. Hand it the seed, and check it really used it.
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
      generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
      KeyPair pair = generator.generateKeyPair();
      byte[] used = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
      if (!Arrays.equals(used, seed)) {
        throw new IllegalStateException(
            "this JDK's Ed25519 key pair generator did not use the given seed");
      }
      return encode(pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw Hmac.unexpected(e);
    }
  }

  /** A new key pair: the 32-byte seed and the 32-byte public key. */
  static byte[][] generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
      generator.initialize(NamedParameterSpec.ED25519, random);
      KeyPair pair = generator.generateKeyPair();
      byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
      return new byte[][] {seed, encode(pair.getPublic())};
    } catch (GeneralSecurityException e) {
      throw Hmac.unexpected(e);
    }
  }

  /** The signature of the concatenation of the parts. */
  static byte[] sign(PrivateKey key, byte[]... parts) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(key);
      for (byte[] part : parts) {
        signature.update(part);
      }
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw Hmac.unexpected(e);
    }
  }

  /** Whether the signature is valid for the concatenation of the parts; false if malformed. */
  static boolean verify(PublicKey key, byte[] candidate, byte[]... parts) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initVerify(key);
      for (byte[] part : parts) {
        signature.update(part);
      }
      return signature.verify(candidate);
    } catch (SignatureException e) {
      return false; // a malformed signature from the wire is just not a match
    } catch (GeneralSecurityException e) {
      throw Hmac.unexpected(e);
    }
  }

  private static byte[] reversed(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[bytes.length - 1 - i];
    }
    return out;
  }

  /** A SecureRandom that returns the given bytes; only for {@link #publicKeyOf(byte[])}. */
  private static final class FixedBytes extends SecureRandom {
    private final byte[] bytes;

    FixedBytes(byte[] bytes) {
      super(new byte[0]);
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      if (out.length != bytes.length) {
        throw new IllegalStateException(
            "expected a request for " + bytes.length + " bytes, got " + out.length);
      }
      System.arraycopy(bytes, 0, out, 0, out.length);
    }
  }
}
