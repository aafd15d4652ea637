package dev.hookline.server.inbound;

import static dev.hookline.server.inbound.InboundFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.svix.Webhook;
import dev.hookline.event.Event;
import dev.hookline.server.config.SourceConfig;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.SignedContent;
import dev.hookline.signature.Signer;
import dev.hookline.signature.WebhookSecret;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standard Webhooks requests signed with Svix's library, and Ed25519 ones with our signer. */
class InboundStandardTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String MSG_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
  private static final String INVOICE =
      "{\"type\":\"invoice.paid\",\"timestamp\":\"2023-11-14T22:13:20Z\","
          + "\"data\":{\"invoice\":\"inv_42\",\"amount\":1200}}";

  @TempDir Path dir;
  private InboundFixture fixture;

  @BeforeEach
  void start() {
    fixture =
        new InboundFixture(
            dir,
            SourceConfig.of("standard", "standard", SECRET),
            SourceConfig.of("partner", "standard", SECRET));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void svixSignedMessageBecomesEventTypedFromPayloadWithWebhookIdAsId() throws Exception {
    InboundResponse response = post("standard", MSG_ID, NOW, INVOICE, svix(MSG_ID, NOW, INVOICE));

    Event event = fixture.event();
    assertThat(response.status()).isEqualTo(200);
    assertThat(event.id()).isEqualTo("standard:" + MSG_ID);
    assertThat(event.type()).isEqualTo("standard.invoice.paid");
    assertThat(event.data()).containsEntry("type", "invoice.paid").containsKey("data");
    assertThat(event.metadata()).containsEntry("delivery_id", MSG_ID);
    assertThat(event.metadata().toString()).doesNotContain("webhook-signature");
  }

  @Test
  void sourceNamedOtherThanItsTypePrefixesTypesWithItsName() throws Exception {
    post("partner", MSG_ID, NOW, INVOICE, svix(MSG_ID, NOW, INVOICE));

    Event event = fixture.event();
    assertThat(event.type()).isEqualTo("partner.invoice.paid");
    assertThat(event.source()).contains("partner");
    assertThat(event.id()).isEqualTo("partner:" + MSG_ID);
    assertThat(event.metadata()).containsEntry("provider", "standard");
  }

  @Test
  void sameWebhookIdFromTwoSourcesIsTwoEvents() throws Exception {
    post("standard", MSG_ID, NOW, INVOICE, svix(MSG_ID, NOW, INVOICE));

    InboundResponse other = post("partner", MSG_ID, NOW, INVOICE, svix(MSG_ID, NOW, INVOICE));

    assertThat(other.body()).contains("\"duplicate\":false");
    assertThat(fixture.events()).hasSize(2);
  }

  @Test
  void badSignatureIsRejectedWith401() throws Exception {
    String signature = new Webhook("whsec_" + "A".repeat(32)).sign(MSG_ID, NOW, INVOICE);

    InboundResponse response = post("standard", MSG_ID, NOW, INVOICE, signature);

    assertThat(response.status()).isEqualTo(401);
    assertThat(fixture.events()).isEmpty();
  }

  @Test
  void staleTimestampIsRejectedWith401() throws Exception {
    long old = NOW - 301;

    InboundResponse response = post("standard", MSG_ID, old, INVOICE, svix(MSG_ID, old, INVOICE));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).contains("stale_timestamp");
  }

  @Test
  void retriedMessageIsAnsweredOkAndStoredOnce() throws Exception {
    post("standard", MSG_ID, NOW, INVOICE, svix(MSG_ID, NOW, INVOICE));

    InboundResponse retry =
        post("standard", MSG_ID, NOW + 5, INVOICE, svix(MSG_ID, NOW + 5, INVOICE));

    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.body()).contains("\"duplicate\":true");
    assertThat(fixture.events()).hasSize(1);
  }

  @Test
  void tamperedBodyReusingKnownWebhookIdIsRejectedWith401() throws Exception {
    String signature = svix(MSG_ID, NOW, INVOICE);
    post("standard", MSG_ID, NOW, INVOICE, signature);

    InboundResponse response =
        post("standard", MSG_ID, NOW, INVOICE.replace("1200", "1"), signature);

    assertThat(response.status()).isEqualTo(401);
    assertThat(fixture.event().data().toString()).contains("1200");
  }

  @Test
  void malformedJsonWithValidSignatureIsRejectedWith400() throws Exception {
    String broken = "{\"type\":";

    InboundResponse response = post("standard", MSG_ID, NOW, broken, svix(MSG_ID, NOW, broken));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("malformed_json");
  }

  @Test
  void payloadWithoutTypeIsRejectedWith400() throws Exception {
    String untyped = "{\"data\":{}}";

    InboundResponse response = post("standard", MSG_ID, NOW, untyped, svix(MSG_ID, NOW, untyped));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("invalid_payload");
  }

  @Test
  void ed25519SignatureVerifiesWithThePublicKey() {
    WebhookSecret.Ed25519KeyPair keys = WebhookSecret.generateEd25519();
    fixture.close();
    fixture =
        new InboundFixture(
            dir.resolve("ed25519"),
            new SourceConfig(
                "partner",
                "standard",
                List.of(SECRET, keys.publicKey()),
                Optional.empty(),
                Optional.empty(),
                SourceConfig.DEFAULT_TOLERANCE));
    Map<String, String> signed =
        Signer.of(SignatureConfig.ed25519(keys.secretKey()))
            .sign(SignedContent.of(MSG_ID, Instant.ofEpochSecond(NOW), INVOICE));

    InboundResponse response =
        post("partner", MSG_ID, NOW, INVOICE, signed.get("webhook-signature"));

    assertThat(signed.get("webhook-signature")).startsWith("v1a,");
    assertThat(response.status()).isEqualTo(200);
    assertThat(fixture.event().type()).isEqualTo("partner.invoice.paid");
  }

  private static String svix(String id, long timestamp, String body) throws Exception {
    return new Webhook(SECRET).sign(id, timestamp, body);
  }

  private InboundResponse post(
      String source, String id, long timestamp, String body, String signature) {
    return fixture.post(
        source,
        body,
        "Content-Type",
        "application/json",
        "webhook-id",
        id,
        "webhook-timestamp",
        Long.toString(timestamp),
        "webhook-signature",
        signature);
  }
}
