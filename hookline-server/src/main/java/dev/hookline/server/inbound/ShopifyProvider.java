package dev.hookline.server.inbound;

import dev.hookline.server.inbound.Interpretation.Publish;
import dev.hookline.server.inbound.Interpretation.Reply;
import java.util.Map;
import java.util.Optional;

/**
 * Shopify: {@code X-Shopify-Hmac-Sha256} (base64) is verified before this runs. The topic {@code
 * X-Shopify-Topic: orders/create} gives the type {@code shopify.orders.create}. The delivery id is
 * {@code X-Shopify-Event-Id}, the header Shopify documents for detecting duplicates (the same event
 * delivered twice, or to two subscriptions of one topic), else {@code X-Shopify-Webhook-Id}.
 */
final class ShopifyProvider implements Provider {
  static final String TOPIC = "X-Shopify-Topic";
  static final String EVENT_ID = "X-Shopify-Event-Id";
  static final String WEBHOOK_ID = "X-Shopify-Webhook-Id";
  static final String SHOP = "X-Shopify-Shop-Domain";

  @Override
  public Interpretation interpret(String source, InboundRequest request) {
    Optional<String> topic = request.header(TOPIC);
    if (topic.isEmpty()) {
      throw Rejection.badRequest(
          "invalid_payload", "missing header " + TOPIC + ", which names a Shopify topic");
    }
    Map<String, Object> payload = Json.object(request.body());
    return new Publish(
        Names.type("shopify", Names.required(topic, "the Shopify topic is empty")),
        request.header(EVENT_ID).or(() -> request.header(WEBHOOK_ID)),
        payload,
        request.header(SHOP),
        Optional.empty(),
        Map.of(
            "headers",
            Provider.headers(
                request,
                TOPIC,
                SHOP,
                EVENT_ID,
                WEBHOOK_ID,
                "X-Shopify-API-Version",
                "X-Shopify-Triggered-At",
                "User-Agent")),
        Reply.JSON);
  }
}
