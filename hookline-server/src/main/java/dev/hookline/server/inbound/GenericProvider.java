package dev.hookline.server.inbound;

import dev.hookline.server.inbound.Interpretation.Publish;
import dev.hookline.server.inbound.Interpretation.Reply;
import dev.hookline.server.inbound.Interpretation.Trigger;
import java.util.Map;
import java.util.Optional;

/**
 * Any sender: when the source has a secret, the hex HMAC-SHA256 of the body (in {@code
 * X-Webhook-Signature} unless configured otherwise) is verified before this runs, as the
 * configurable-agents seed's sender signs. A body {@code {"workflow_name": ..., "inputs": {...}}}
 * starts that workflow; any other JSON object becomes an event of type {@code generic}. The
 * delivery id is the {@code Idempotency-Key} or {@code X-Webhook-Id} header when the sender gives
 * one; without, every request is a new event.
 */
final class GenericProvider implements Provider {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String WEBHOOK_ID = "X-Webhook-Id";

  @Override
  public Interpretation interpret(String source, InboundRequest request) {
    Map<String, Object> payload = Json.object(request.body());
    Optional<String> key = request.header(IDEMPOTENCY_KEY).or(() -> request.header(WEBHOOK_ID));
    if (payload.containsKey("workflow_name")) {
      if (!(payload.get("workflow_name") instanceof String name) || name.isBlank()) {
        throw Rejection.badRequest(
            "invalid_payload", "workflow_name must be the name of a workflow (a string)");
      }
      Object inputs = payload.getOrDefault("inputs", Map.of());
      return new Trigger(
          name, Json.requireObject(inputs == null ? Map.of() : inputs, "inputs"), key);
    }
    return new Publish(
        "generic",
        key,
        payload,
        Optional.empty(),
        Optional.empty(),
        Map.of("headers", Provider.headers(request, IDEMPOTENCY_KEY, WEBHOOK_ID, "User-Agent")),
        Reply.JSON);
  }
}
