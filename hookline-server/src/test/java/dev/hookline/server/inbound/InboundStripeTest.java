package dev.hookline.server.inbound;

import static dev.hookline.server.inbound.InboundFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import dev.hookline.event.Event;
import dev.hookline.server.config.SourceConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests signed with Stripe's own library, stripe-java. */
class InboundStripeTest {
  // Stripe uses the whsec_ string itself as the HMAC key.
  private static final String SECRET = "whsec_test_hookline_inbound";
  private static final String INVOICE_PAID =
      """
      {"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event","api_version":"2023-10-16",\
      "created":1700000000,"livemode":false,"type":"invoice.paid",\
      "data":{"object":{"id":"in_1NG8Dt2eZvKYlo2C","object":"invoice","amount_paid":2000}}}""";

  @TempDir Path dir;
  private InboundFixture fixture;

  @BeforeEach
  void start() {
    fixture = new InboundFixture(dir, SourceConfig.of("stripe", "stripe", SECRET));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void eventSignedByStripeJavaBecomesStripeTypeWithStripeEventIdAsId() throws Exception {
    String header = Webhook.Signature.generateSignatureHeader(INVOICE_PAID, SECRET, NOW);

    InboundResponse response = post(INVOICE_PAID, header);

    Event event = fixture.event();
    assertThat(response.status()).isEqualTo(200);
    assertThat(event.id()).isEqualTo("stripe:evt_1NG8Du2eZvKYlo2CUI79vXWy");
    assertThat(event.type()).isEqualTo("stripe.invoice.paid");
    assertThat(event.subject()).contains("in_1NG8Dt2eZvKYlo2C");
    assertThat(event.data()).containsEntry("type", "invoice.paid");
    assertThat(event.metadata())
        .containsEntry("delivery_id", "evt_1NG8Du2eZvKYlo2CUI79vXWy")
        .containsEntry("api_version", "2023-10-16");
    // The request is one Stripe's own library accepts, and the stored payload is Stripe's event.
    com.stripe.model.Event parsed =
        Webhook.constructEvent(INVOICE_PAID, header, SECRET, 300, InboundFixture.CLOCK);
    assertThat(parsed.getType()).isEqualTo("invoice.paid");
  }

  @Test
  void wrongSecretIsRejectedWith401() throws Exception {
    String header = Webhook.Signature.generateSignatureHeader(INVOICE_PAID, "whsec_other", NOW);

    InboundResponse response = post(INVOICE_PAID, header);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).contains("invalid_signature");
    assertThat(fixture.events()).isEmpty();
  }

  @Test
  void timestampOlderThanFiveMinutesIsRejectedWith401() throws Exception {
    String header = Webhook.Signature.generateSignatureHeader(INVOICE_PAID, SECRET, NOW - 301);

    InboundResponse response = post(INVOICE_PAID, header);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).contains("\"error\":\"stale_timestamp\"");
    assertThat(fixture.events()).isEmpty();
  }

  @Test
  void timestampWithinConfiguredToleranceIsAccepted() throws Exception {
    fixture.close();
    fixture =
        new InboundFixture(
            dir.resolve("tolerance"),
            SourceConfig.of("stripe", "stripe", SECRET)
                .withTolerance(java.time.Duration.ofMinutes(10)));
    String header = Webhook.Signature.generateSignatureHeader(INVOICE_PAID, SECRET, NOW - 590);

    InboundResponse response = post(INVOICE_PAID, header);

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void retriedEventIsAnsweredOkAndStoredOnce() throws Exception {
    post(INVOICE_PAID, Webhook.Signature.generateSignatureHeader(INVOICE_PAID, SECRET, NOW));

    InboundResponse retry =
        post(
            INVOICE_PAID,
            Webhook.Signature.generateSignatureHeader(INVOICE_PAID, SECRET, NOW - 60));

    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.body()).contains("\"duplicate\":true");
    assertThat(fixture.events()).hasSize(1);
  }

  @Test
  void tamperedBodyReusingKnownEventIdIsRejectedWith401() throws Exception {
    String header = Webhook.Signature.generateSignatureHeader(INVOICE_PAID, SECRET, NOW);
    post(INVOICE_PAID, header);

    InboundResponse response = post(INVOICE_PAID.replace("2000", "1"), header);

    assertThat(response.status()).isEqualTo(401);
    assertThat(fixture.events()).hasSize(1);
  }

  @Test
  void malformedJsonWithValidSignatureIsRejectedWith400() throws Exception {
    String broken = "{\"id\":\"evt_1\",\"type\":";

    InboundResponse response =
        post(broken, Webhook.Signature.generateSignatureHeader(broken, SECRET, NOW));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("malformed_json");
  }

  @Test
  void eventWithoutTypeIsRejectedWith400() throws Exception {
    String noType = "{\"id\":\"evt_1\"}";

    InboundResponse response =
        post(noType, Webhook.Signature.generateSignatureHeader(noType, SECRET, NOW));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("invalid_payload");
  }

  private InboundResponse post(String body, String signature) {
    return fixture.post(
        "stripe", body, "Content-Type", "application/json", "Stripe-Signature", signature);
  }
}
