package dev.hookline.server.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.event.Event;
import dev.hookline.server.config.SourceConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shopify has no Java library of its own; requests are signed here as its documentation shows:
 * base64 of the HMAC-SHA256 of the raw body with the app's client secret.
 */
class InboundShopifyTest {
  private static final String SECRET = "shpss_0123456789abcdef";
  private static final String EVENT_ID = "98880550-7158-44d4-b7cd-2c97c8a091b5";
  private static final String ORDER =
      "{\"id\":820982911946154508,\"email\":\"jon@example.com\",\"total_price\":\"403.00\"}";

  @TempDir Path dir;
  private InboundFixture fixture;

  @BeforeEach
  void start() {
    fixture = new InboundFixture(dir, SourceConfig.of("shopify", "shopify", SECRET));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void signedOrderBecomesShopifyTopicTypeWithEventIdAsId() throws Exception {
    InboundResponse response = post(ORDER, sign(ORDER), "webhook-1");

    Event event = fixture.event();
    assertThat(response.status()).isEqualTo(200);
    assertThat(event.type()).isEqualTo("shopify.orders.create");
    assertThat(event.id()).isEqualTo("shopify:" + EVENT_ID);
    assertThat(event.subject()).contains("shop.myshopify.com");
    assertThat(event.data()).containsEntry("id", 820982911946154508L);
  }

  @Test
  void sameEventDeliveredTwiceIsStoredOnce() throws Exception {
    post(ORDER, sign(ORDER), "webhook-1");

    InboundResponse second = post(ORDER, sign(ORDER), "webhook-2");

    assertThat(second.status()).isEqualTo(200);
    assertThat(second.body()).contains("\"duplicate\":true");
    assertThat(fixture.events()).hasSize(1);
  }

  @Test
  void badSignatureIsRejectedWith401() {
    InboundResponse response =
        post(ORDER, Base64.getEncoder().encodeToString(new byte[32]), "webhook-1");

    assertThat(response.status()).isEqualTo(401);
    assertThat(fixture.events()).isEmpty();
  }

  @Test
  void tamperedBodyReusingKnownEventIdIsRejectedWith401() throws Exception {
    post(ORDER, sign(ORDER), "webhook-1");

    InboundResponse response = post(ORDER.replace("403.00", "0.01"), sign(ORDER), "webhook-1");

    assertThat(response.status()).isEqualTo(401);
    assertThat(fixture.events()).hasSize(1);
  }

  @Test
  void malformedJsonWithValidSignatureIsRejectedWith400() throws Exception {
    String broken = "{\"id\":";

    InboundResponse response = post(broken, sign(broken), "webhook-1");

    assertThat(response.status()).isEqualTo(400);
  }

  private InboundResponse post(String body, String hmac, String webhookId) {
    return fixture.post(
        "shopify",
        body,
        "Content-Type",
        "application/json",
        "X-Shopify-Topic",
        "orders/create",
        "X-Shopify-Shop-Domain",
        "shop.myshopify.com",
        "X-Shopify-Event-Id",
        EVENT_ID,
        "X-Shopify-Webhook-Id",
        webhookId,
        "X-Shopify-Hmac-Sha256",
        hmac);
  }

  private static String sign(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}
