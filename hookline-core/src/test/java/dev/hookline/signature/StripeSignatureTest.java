package dev.hookline.signature;

import static dev.hookline.signature.StandardWebhooksTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import dev.hookline.signature.Verification.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cross-checked with Stripe's own Java library, stripe-java. */
class StripeSignatureTest {
  // Stripe uses the whsec_ string itself as the HMAC key; it is not base64-decoded.
  private static final String SECRET = "whsec_test_secret_for_hookline";
  private static final String PAYLOAD = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}";
  private static final long NOW = 1_700_000_000;
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

  @Test
  void ourHeaderVerifiesWithStripeJava() throws Exception {
    Map<String, String> signed =
        Signer.of(SignatureConfig.stripe(SECRET))
            .sign(SignedContent.of("evt_1", Instant.ofEpochSecond(NOW), PAYLOAD));

    boolean valid =
        Webhook.Signature.verifyHeader(PAYLOAD, signed.get("Stripe-Signature"), SECRET, 300, CLOCK);

    assertThat(valid).isTrue();
    assertThat(signed.get("Stripe-Signature")).startsWith("t=1700000000,v1=");
  }

  @Test
  void ourSignatureEqualsStripeJavasComputation() throws Exception {
    String expected = Webhook.Util.computeHmacSha256(SECRET, NOW + "." + PAYLOAD);

    Map<String, String> signed =
        Signer.of(SignatureConfig.stripe(SECRET))
            .sign(SignedContent.of("evt_1", Instant.ofEpochSecond(NOW), PAYLOAD));

    assertThat(signed)
        .containsExactly(Map.entry("Stripe-Signature", "t=" + NOW + ",v1=" + expected));
  }

  @Test
  void stripeJavasHeaderVerifiesWithOurs() throws Exception {
    String header = Webhook.Signature.generateSignatureHeader(PAYLOAD, SECRET, NOW);

    Verification result =
        Verifier.of(SignatureConfig.stripe(SECRET), CLOCK)
            .verify(Map.of("stripe-signature", List.of(header)), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void anyOfSeveralV1SignaturesMayMatch() throws Exception {
    String real = Webhook.Util.computeHmacSha256(SECRET, NOW + "." + PAYLOAD);
    String header =
        "t=" + NOW + ",v1=" + "00".repeat(32) + ",v0=" + "11".repeat(32) + ",v1=" + real;

    Verification result =
        Verifier.of(SignatureConfig.stripe(SECRET), CLOCK)
            .verify(Map.of("Stripe-Signature", List.of(header)), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void tamperedBodyHasNoMatchingSignature() throws Exception {
    String header = Webhook.Signature.generateSignatureHeader(PAYLOAD, SECRET, NOW);

    Verification result =
        Verifier.of(SignatureConfig.stripe(SECRET), CLOCK)
            .verify(Map.of("Stripe-Signature", List.of(header)), bytes(PAYLOAD + "\n"));

    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void secretIsNotBase64Decoded() throws Exception {
    String header = Webhook.Signature.generateSignatureHeader(PAYLOAD, SECRET, NOW);
    Verifier standardStyle = Verifier.of(SignatureConfig.stripe("whsec_dGVzdA=="), CLOCK);

    Verification result =
        standardStyle.verify(Map.of("Stripe-Signature", List.of(header)), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void staleTimestampIsRejected() throws Exception {
    String header = Webhook.Signature.generateSignatureHeader(PAYLOAD, SECRET, NOW - 301);

    Verification result =
        Verifier.of(SignatureConfig.stripe(SECRET), CLOCK)
            .verify(Map.of("Stripe-Signature", List.of(header)), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.TIMESTAMP_TOO_OLD);
  }

  @Test
  void futureTimestampIsRejected() throws Exception {
    String header = Webhook.Signature.generateSignatureHeader(PAYLOAD, SECRET, NOW + 301);

    Verification result =
        Verifier.of(SignatureConfig.stripe(SECRET), CLOCK)
            .verify(Map.of("Stripe-Signature", List.of(header)), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.TIMESTAMP_TOO_NEW);
  }

  @Test
  void toleranceIsConfigurable() throws Exception {
    String header = Webhook.Signature.generateSignatureHeader(PAYLOAD, SECRET, NOW - 600);

    Verification result =
        Verifier.of(SignatureConfig.stripe(SECRET).withTolerance(Duration.ofMinutes(15)), CLOCK)
            .verify(Map.of("Stripe-Signature", List.of(header)), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void headerWithoutTimestampIsMalformed() {
    Verification result =
        Verifier.of(SignatureConfig.stripe(SECRET), CLOCK)
            .verify(Map.of("Stripe-Signature", List.of("v1=" + "00".repeat(32))), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.MALFORMED_HEADER);
    assertThat(result.message()).contains("t=");
  }

  @Test
  void headerWithoutV1SignatureHasNoMatchingSignature() {
    Verification result =
        Verifier.of(SignatureConfig.stripe(SECRET), CLOCK)
            .verify(
                Map.of("Stripe-Signature", List.of("t=" + NOW + ",v0=" + "00".repeat(32))),
                bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    assertThat(result.message()).contains("no v1");
  }

  @Test
  void missingHeaderIsNamed() {
    Verification result =
        Verifier.of(SignatureConfig.stripe(SECRET), CLOCK).verify(Map.of(), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.MISSING_HEADER);
    assertThat(result.message()).isEqualTo("missing header Stripe-Signature");
  }
}
