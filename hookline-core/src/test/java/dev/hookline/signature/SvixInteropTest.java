package dev.hookline.signature;

import static dev.hookline.signature.StandardWebhooksTest.asLists;
import static dev.hookline.signature.StandardWebhooksTest.bytes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.svix.Webhook;
import com.svix.exceptions.WebhookVerificationException;
import dev.hookline.signature.Verification.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks with Svix's Java library, an implementation of Standard Webhooks we did not write.
 * Svix judges timestamps against the system clock, so these tests sign with the current time.
 */
class SvixInteropTest {
  private static final String PAYLOAD = "{\"type\":\"prediction\",\"data\":{\"confidence\":0.91}}";

  @Test
  void ourSignatureVerifiesWithSvix() throws Exception {
    String secret = WebhookSecret.generate();
    Map<String, String> signed =
        Signer.of(SignatureConfig.standard(secret))
            .sign(SignedContent.of("evt_01J9ZQ", Instant.now(), PAYLOAD));

    new Webhook(secret).verify(PAYLOAD, asLists(signed));

    assertThat(signed.get("webhook-signature")).startsWith("v1,");
  }

  @Test
  void ourRotationHeaderVerifiesWithSvixHoldingEitherSecret() throws Exception {
    String current = WebhookSecret.generate();
    String previous = WebhookSecret.generate();
    Map<String, String> signed =
        Signer.of(SignatureConfig.standard(current, previous))
            .sign(SignedContent.of("evt_01J9ZR", Instant.now(), PAYLOAD));

    new Webhook(current).verify(PAYLOAD, asLists(signed));
    new Webhook(previous).verify(PAYLOAD, asLists(signed));

    assertThat(signed.get("webhook-signature").split(" ")).hasSize(2);
  }

  @Test
  void svixRejectsOurSignatureOverATamperedBody() {
    String secret = WebhookSecret.generate();
    Map<String, String> signed =
        Signer.of(SignatureConfig.standard(secret))
            .sign(SignedContent.of("evt_01J9ZS", Instant.now(), PAYLOAD));

    assertThatThrownBy(() -> new Webhook(secret).verify(PAYLOAD + " ", asLists(signed)))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void svixSignatureVerifiesWithOurs() throws Exception {
    String secret = WebhookSecret.generate();
    long now = Instant.now().getEpochSecond();
    String signature = new Webhook(secret).sign("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", now, PAYLOAD);
    Map<String, List<String>> headers =
        Map.of(
            "webhook-id", List.of("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"),
            "webhook-timestamp", List.of(Long.toString(now)),
            "webhook-signature", List.of(signature));

    Verification result =
        Verifier.of(SignatureConfig.standard(secret)).verify(headers, bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void svixSignatureWithAnotherSecretDoesNotVerifyWithOurs() throws Exception {
    long now = Instant.now().getEpochSecond();
    String signature =
        new Webhook(WebhookSecret.generate()).sign("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", now, PAYLOAD);
    Map<String, List<String>> headers =
        Map.of(
            "webhook-id", List.of("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"),
            "webhook-timestamp", List.of(Long.toString(now)),
            "webhook-signature", List.of(signature));

    Verification result =
        Verifier.of(SignatureConfig.standard(WebhookSecret.generate()))
            .verify(headers, bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void plainStringSecretMatchesSvixGivenTheSameBytes() throws Exception {
    String plain = "a plain shared secret";
    Map<String, String> signed =
        Signer.of(SignatureConfig.standard(plain))
            .sign(SignedContent.of("evt_01J9ZT", Instant.now(), PAYLOAD));

    new Webhook(plain.getBytes(UTF_8)).verify(PAYLOAD, asLists(signed));

    assertThat(signed).containsKey("webhook-signature");
  }
}
