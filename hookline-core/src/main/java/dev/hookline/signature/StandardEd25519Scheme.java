package dev.hookline.signature;

import java.net.URI;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Standard Webhooks v1a: base64 Ed25519 signature over {@code "{id}.{timestamp}.{body}"}. */
final class StandardEd25519Scheme extends AbstractScheme {
  private static final String VERSION = "v1a";

  private final List<PrivateKey> privateKeys;
  private final List<PublicKey> publicKeys;
  private final Duration tolerance;
  private final Clock clock;

  /**
   * @param forSigning when true every key must be a secret key
   * @throws InvalidSecretException if signing and a key is a whpk_ public key
   */
  StandardEd25519Scheme(
      List<Keys.Ed25519Key> keys, boolean forSigning, Duration tolerance, Clock clock) {
    super(SignatureScheme.STANDARD_ED25519, keys.size());
    List<PrivateKey> privates = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      Optional<PrivateKey> key = keys.get(i).privateKey();
      if (key.isPresent()) {
        privates.add(key.get());
      } else if (forSigning) {
        throw new InvalidSecretException(
            Keys.label(SignatureScheme.STANDARD_ED25519, i, keys.size())
                + " is a whpk_ public key, which can only verify; signing needs the whsk_"
                + " secret key");
      }
    }
    this.privateKeys = List.copyOf(privates);
    this.publicKeys = keys.stream().map(Keys.Ed25519Key::publicKey).toList();
    this.tolerance = tolerance;
    this.clock = clock;
  }

  @Override
  public Map<String, String> sign(SignedContent content) {
    if (privateKeys.isEmpty()) {
      throw new IllegalStateException(
          "this standard-ed25519 scheme holds only public keys; create it with Signer.of");
    }
    String timestamp = Long.toString(content.timestamp().getEpochSecond());
    byte[] prefix = StandardWebhookHeaders.signedPrefix(content.messageId(), timestamp);
    StringBuilder signatures = new StringBuilder();
    for (PrivateKey key : privateKeys) {
      if (!signatures.isEmpty()) {
        signatures.append(' ');
      }
      signatures
          .append(VERSION)
          .append(',')
          .append(
              Base64.getEncoder().encodeToString(Ed25519.sign(key, prefix, content.bodyBytes())));
    }
    return Headers.ordered(
        StandardWebhookHeaders.ID,
        content.messageId(),
        StandardWebhookHeaders.TIMESTAMP,
        timestamp,
        StandardWebhookHeaders.SIGNATURE,
        signatures.toString());
  }

  @Override
  Verification check(Function<String, Optional<String>> headers, byte[] body, URI url) {
    return switch (StandardWebhookHeaders.read(headers, clock, tolerance)) {
      case StandardWebhookHeaders.Rejected rejected -> rejected.verification();
      case StandardWebhookHeaders.Received received -> {
        List<byte[]> candidates = received.signatures(VERSION);
        if (candidates.isEmpty()) {
          yield Verification.failure(
              Verification.Reason.NO_MATCHING_SIGNATURE,
              received.signatureHeader() + " has no v1a (Ed25519) signature");
        }
        for (byte[] candidate : candidates) {
          if (candidate.length != Ed25519.SIGNATURE_BYTES) {
            continue;
          }
          for (PublicKey key : publicKeys) {
            if (Ed25519.verify(key, candidate, received.signedPrefix(), body)) {
              yield Verification.success("a v1a signature matches");
            }
          }
        }
        yield Verification.failure(
            Verification.Reason.NO_MATCHING_SIGNATURE,
            "no v1a signature in "
                + received.signatureHeader()
                + " matches the configured public key"
                + (publicKeys.size() == 1 ? "" : "s"));
      }
    };
  }
}
