package dev.hookline.server.inbound;

import dev.hookline.server.inbound.Interpretation.Publish;
import dev.hookline.server.inbound.Interpretation.Reply;
import java.util.Map;

/**
 * Standard Webhooks (Svix and compatible senders): {@code webhook-id}, {@code webhook-timestamp}
 * and {@code webhook-signature} (v1 HMAC or v1a Ed25519) are verified before this runs. The
 * payload's {@code type} is prefixed with the source's name ({@code partner.invoice.paid}): a
 * Standard Webhooks sender defines its own event names, so the source says whose they are.
 *
 * <p>The delivery id is the id header that was verified, which senders keep on every retry: {@code
 * webhook-id}, or {@code svix-id} when a sender brands its headers the Svix way and sends no {@code
 * webhook-id} (core's verifier reads them in that order). De-duplicating on any other header would
 * let a correctly signed request be replayed as a new event within the tolerance.
 */
final class StandardProvider implements Provider {
  static final String ID = "webhook-id";
  static final String SVIX_ID = "svix-id";

  @Override
  public Interpretation interpret(String source, InboundRequest request) {
    Map<String, Object> payload = Json.object(request.body());
    boolean svix = request.header(ID).isEmpty();
    return new Publish(
        Names.type(
            source,
            Names.required(
                Json.text(payload, "type"), "a Standard Webhooks payload has a type; none found")),
        svix ? request.header(SVIX_ID) : request.header(ID),
        payload,
        java.util.Optional.empty(),
        java.util.Optional.empty(),
        Map.of(
            "headers",
            svix
                ? Provider.headers(request, SVIX_ID, "svix-timestamp", "User-Agent")
                : Provider.headers(request, ID, "webhook-timestamp", "User-Agent")),
        Reply.JSON);
  }
}
