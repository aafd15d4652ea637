package dev.hookline.server.inbound;

import dev.hookline.server.inbound.Interpretation.Publish;
import dev.hookline.server.inbound.Interpretation.Reply;
import java.util.Map;

/**
 * Standard Webhooks (Svix and compatible senders): {@code webhook-id}, {@code webhook-timestamp}
 * and {@code webhook-signature} (v1 HMAC or v1a Ed25519) are verified before this runs. The
 * payload's {@code type} is prefixed with the source's name ({@code partner.invoice.paid}): a
 * Standard Webhooks sender defines its own event names, so the source says whose they are. The
 * delivery id is {@code webhook-id}, which senders keep on every retry.
 */
final class StandardProvider implements Provider {
  static final String ID = "webhook-id";

  @Override
  public Interpretation interpret(String source, InboundRequest request) {
    Map<String, Object> payload = Json.object(request.body());
    return new Publish(
        Names.type(
            source,
            Names.required(
                Json.text(payload, "type"), "a Standard Webhooks payload has a type; none found")),
        request.header(ID),
        payload,
        java.util.Optional.empty(),
        java.util.Optional.empty(),
        Map.of("headers", Provider.headers(request, ID, "webhook-timestamp", "User-Agent")),
        Reply.JSON);
  }
}
