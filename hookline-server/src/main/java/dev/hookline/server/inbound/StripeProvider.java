package dev.hookline.server.inbound;

import dev.hookline.server.inbound.Interpretation.Publish;
import dev.hookline.server.inbound.Interpretation.Reply;
import java.util.Map;
import java.util.Optional;

/**
 * Stripe events: {@code Stripe-Signature} (with its timestamp) is verified before this runs. The
 * type is {@code stripe.<type>} and the delivery id the Stripe event's {@code id}, which Stripe
 * keeps on every retry.
 */
final class StripeProvider implements Provider {

  @Override
  public Interpretation interpret(String source, InboundRequest request) {
    Map<String, Object> payload = Json.object(request.body());
    String id =
        Json.text(payload, "id")
            .orElseThrow(
                () ->
                    Rejection.badRequest(
                        "invalid_payload", "a Stripe event has an id; none found"));
    Optional<String> type = Json.text(payload, "type");
    return new Publish(
        Names.type("stripe", Names.required(type, "a Stripe event has a type; none found")),
        Optional.of(id),
        payload,
        Json.text(payload, "data", "object", "id"),
        Optional.empty(),
        Json.ordered(
            "api_version", Json.text(payload, "api_version").orElse(null),
            "account", Json.text(payload, "account").orElse(null),
            "livemode", payload.get("livemode") instanceof Boolean b ? b : null,
            "headers", Provider.headers(request, "User-Agent")),
        Reply.JSON);
  }
}
