package dev.hookline.signature;

import static dev.hookline.signature.StandardWebhooksTest.asLists;
import static dev.hookline.signature.StandardWebhooksTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.signature.Verification.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Ed25519SignatureTest {
  // RFC 8032, section 7.1, TEST 1.
  private static final String RFC_SECRET =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  private static final String RFC_PUBLIC =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  private static final String RFC_EMPTY_MESSAGE_SIGNATURE =
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065"
          + "224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

  private static final Instant SENT = Instant.ofEpochSecond(1674087231);
  private static final Clock AT_SENDING = Clock.fixed(SENT, ZoneOffset.UTC);
  private static final String PAYLOAD = "{\"type\":\"contact.created\"}";
  private static final SignedContent CONTENT =
      SignedContent.of("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", SENT, PAYLOAD);

  @Test
  void signatureMadeWithTheSecretKeyVerifiesWithThePublicKey() {
    WebhookSecret.Ed25519KeyPair keys = WebhookSecret.generateEd25519();
    Map<String, String> signed = Signer.of(SignatureConfig.ed25519(keys.secretKey())).sign(CONTENT);
    Verifier verifier = Verifier.of(SignatureConfig.ed25519(keys.publicKey()), AT_SENDING);

    Verification result = verifier.verify(asLists(signed), bytes(PAYLOAD));

    assertThat(signed.get("webhook-signature")).startsWith("v1a,");
    assertThat(Base64.getDecoder().decode(signed.get("webhook-signature").substring(4)))
        .hasSize(64);
    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void verifierAlsoAcceptsTheSecretKey() {
    WebhookSecret.Ed25519KeyPair keys = WebhookSecret.generateEd25519();
    Map<String, String> signed = Signer.of(SignatureConfig.ed25519(keys.secretKey())).sign(CONTENT);
    Verifier verifier = Verifier.of(SignatureConfig.ed25519(keys.secretKey()), AT_SENDING);

    Verification result = verifier.verify(asLists(signed), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void tamperedBodyHasNoMatchingSignature() {
    WebhookSecret.Ed25519KeyPair keys = WebhookSecret.generateEd25519();
    Map<String, String> signed = Signer.of(SignatureConfig.ed25519(keys.secretKey())).sign(CONTENT);
    Verifier verifier = Verifier.of(SignatureConfig.ed25519(keys.publicKey()), AT_SENDING);

    Verification result = verifier.verify(asLists(signed), bytes(PAYLOAD.replace('c', 'C')));

    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void signatureFromAnotherKeyPairHasNoMatchingSignature() {
    WebhookSecret.Ed25519KeyPair signing = WebhookSecret.generateEd25519();
    WebhookSecret.Ed25519KeyPair trusted = WebhookSecret.generateEd25519();
    Map<String, String> signed =
        Signer.of(SignatureConfig.ed25519(signing.secretKey())).sign(CONTENT);
    Verifier verifier = Verifier.of(SignatureConfig.ed25519(trusted.publicKey()), AT_SENDING);

    Verification result = verifier.verify(asLists(signed), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void hmacV1SignatureDoesNotVerifyAgainstAnEd25519Verifier() {
    WebhookSecret.Ed25519KeyPair keys = WebhookSecret.generateEd25519();
    Map<String, String> signed =
        Signer.of(SignatureConfig.standard(WebhookSecret.generate())).sign(CONTENT);
    Verifier verifier = Verifier.of(SignatureConfig.ed25519(keys.publicKey()), AT_SENDING);

    Verification result = verifier.verify(asLists(signed), bytes(PAYLOAD));

    assertThat(signed.get("webhook-signature")).startsWith("v1,");
    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    assertThat(result.message()).contains("no v1a");
  }

  @Test
  void ed25519SignatureDoesNotVerifyAgainstAnHmacVerifier() {
    WebhookSecret.Ed25519KeyPair keys = WebhookSecret.generateEd25519();
    Map<String, String> signed = Signer.of(SignatureConfig.ed25519(keys.secretKey())).sign(CONTENT);
    Verifier verifier = Verifier.of(SignatureConfig.standard(WebhookSecret.generate()), AT_SENDING);

    Verification result = verifier.verify(asLists(signed), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void headerWithBothVersionsVerifiesWithTheEd25519Verifier() {
    WebhookSecret.Ed25519KeyPair keys = WebhookSecret.generateEd25519();
    String v1 =
        Signer.of(SignatureConfig.standard(WebhookSecret.generate()))
            .sign(CONTENT)
            .get("webhook-signature");
    String v1a =
        Signer.of(SignatureConfig.ed25519(keys.secretKey())).sign(CONTENT).get("webhook-signature");
    Verifier verifier = Verifier.of(SignatureConfig.ed25519(keys.publicKey()), AT_SENDING);

    Verification result =
        verifier.verify(
            StandardWebhooksTest.headers(
                CONTENT.messageId(), SENT.getEpochSecond(), v1 + " " + v1a),
            bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void rotationSignsWithEachSecretKeyAndEitherPublicKeyVerifies() {
    WebhookSecret.Ed25519KeyPair current = WebhookSecret.generateEd25519();
    WebhookSecret.Ed25519KeyPair previous = WebhookSecret.generateEd25519();
    Map<String, String> signed =
        Signer.of(SignatureConfig.ed25519(current.secretKey(), previous.secretKey())).sign(CONTENT);

    Verification withCurrent =
        Verifier.of(SignatureConfig.ed25519(current.publicKey()), AT_SENDING)
            .verify(asLists(signed), bytes(PAYLOAD));
    Verification withPrevious =
        Verifier.of(SignatureConfig.ed25519(previous.publicKey()), AT_SENDING)
            .verify(asLists(signed), bytes(PAYLOAD));

    assertThat(signed.get("webhook-signature").split(" ")).hasSize(2);
    assertThat(withCurrent.reason()).isEqualTo(Reason.VALID);
    assertThat(withPrevious.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void staleTimestampIsRejected() {
    WebhookSecret.Ed25519KeyPair keys = WebhookSecret.generateEd25519();
    Map<String, String> signed = Signer.of(SignatureConfig.ed25519(keys.secretKey())).sign(CONTENT);
    Clock tenMinutesLater = Clock.offset(AT_SENDING, Duration.ofMinutes(10));
    Verifier verifier = Verifier.of(SignatureConfig.ed25519(keys.publicKey()), tenMinutesLater);

    Verification result = verifier.verify(asLists(signed), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.TIMESTAMP_TOO_OLD);
  }

  @Test
  void generatedKeysAreThirtyTwoBytesBehindTheirPrefixes() {
    WebhookSecret.Ed25519KeyPair keys = WebhookSecret.generateEd25519();

    byte[] secret = Base64.getDecoder().decode(keys.secretKey().substring("whsk_".length()));
    byte[] publicKey = Base64.getDecoder().decode(keys.publicKey().substring("whpk_".length()));

    assertThat(keys.secretKey()).startsWith("whsk_");
    assertThat(keys.publicKey()).startsWith("whpk_");
    assertThat(secret).hasSize(32);
    assertThat(publicKey).hasSize(32);
    assertThat(WebhookSecret.ed25519PublicKey(keys.secretKey())).isEqualTo(keys.publicKey());
    assertThat(keys.toString()).doesNotContain(keys.secretKey()).contains(keys.publicKey());
  }

  @Test
  void derivesThePublicKeyOfTheRfc8032Example() {
    String secretKey = whsk(HexFormat.of().parseHex(RFC_SECRET));

    String publicKey = WebhookSecret.ed25519PublicKey(secretKey);

    assertThat(publicKey).isEqualTo(whpk(HexFormat.of().parseHex(RFC_PUBLIC)));
  }

  @Test
  void signsTheRfc8032ExampleWithItsKey() throws Exception {
    byte[] seed = HexFormat.of().parseHex(RFC_SECRET);

    byte[] signature = Ed25519.sign(Ed25519.privateKey(seed));

    assertThat(HexFormat.of().formatHex(signature)).isEqualTo(RFC_EMPTY_MESSAGE_SIGNATURE);
    assertThat(
            Ed25519.verify(
                Ed25519.publicKey(HexFormat.of().parseHex(RFC_PUBLIC)),
                HexFormat.of().parseHex(RFC_EMPTY_MESSAGE_SIGNATURE)))
        .isTrue();
  }

  @Test
  void sixtyFourByteSecretKeyWithItsPublicKeySignsLikeTheSeed() {
    byte[] seed = HexFormat.of().parseHex(RFC_SECRET);
    byte[] full = HexFormat.of().parseHex(RFC_SECRET + RFC_PUBLIC);

    Map<String, String> fromSeed = Signer.of(SignatureConfig.ed25519(whsk(seed))).sign(CONTENT);
    Map<String, String> fromFull = Signer.of(SignatureConfig.ed25519(whsk(full))).sign(CONTENT);

    assertThat(fromFull).isEqualTo(fromSeed);
  }

  @Test
  void sixtyFourByteSecretKeyWithAForeignPublicHalfIsRejected() {
    byte[] mismatched = new byte[64];
    System.arraycopy(HexFormat.of().parseHex(RFC_SECRET), 0, mismatched, 0, 32);
    mismatched[40] = 1;

    assertThatThrownBy(() -> SignatureConfig.ed25519(whsk(mismatched)))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessageContaining("last 32 are not the public key");
  }

  @Test
  void signerNeedsTheSecretKeyNotThePublicKey() {
    SignatureConfig config = SignatureConfig.ed25519(WebhookSecret.generateEd25519().publicKey());

    assertThatThrownBy(() -> Signer.of(config))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessageContaining("whpk_ public key")
        .hasMessageContaining("whsk_ secret key");
  }

  @Test
  void publicKeyThatIsNotACurvePointIsRejected() {
    byte[] notOnCurve = new byte[32];
    notOnCurve[0] = 2; // y = 2 has no x on edwards25519

    assertThatThrownBy(() -> SignatureConfig.ed25519(whpk(notOnCurve)))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessageContaining("not a valid Ed25519 public key");
  }

  @Test
  void keyOfTheWrongLengthIsRejectedWithItsLength() {
    String sixteenBytes = whpk(new byte[16]);

    assertThatThrownBy(() -> SignatureConfig.ed25519(sixteenBytes))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessageContaining("decodes to 16 bytes");
  }

  @Test
  void hmacSecretIsRejectedWithAPointerToSchemeStandard() {
    String secret = WebhookSecret.generate();

    assertThatThrownBy(() -> SignatureConfig.ed25519(secret))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessageContaining("use scheme standard")
        .hasMessageNotContaining(secret.substring(6));
  }

  private static String whsk(byte[] key) {
    return "whsk_" + Base64.getEncoder().encodeToString(key);
  }

  private static String whpk(byte[] key) {
    return "whpk_" + Base64.getEncoder().encodeToString(key);
  }
}
