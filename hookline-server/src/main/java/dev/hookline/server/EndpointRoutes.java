package dev.hookline.server;

import static dev.hookline.server.ApiParams.*;
import static dev.hookline.server.HttpApi.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.Hookline;
import dev.hookline.PublishResult;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.EndpointJson;
import dev.hookline.server.config.WebhookRegistration;
import dev.hookline.store.DeliveryStatus;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code /api/endpoints} routes (and {@code /api/webhooks}, their seed-003 spelling):
 * definitions, secrets, tests, stats, replay.
 */
final class EndpointRoutes {

  private final HooklineServer server;
  private final Hookline hookline;

  EndpointRoutes(HooklineServer server) {
    this.server = server;
    this.hookline = server.hookline();
  }

  void listEndpoints(Context ctx) {
    json(ctx, 200, ApiJson.list(server.endpoints().list(), EndpointRoutes::shown));
  }

  void createEndpoint(Context ctx) {
    Endpoint e = server.endpoints().create(ApiJson.parse(ctx.bodyAsBytes()));
    ctx.header("Location", "/api/endpoints/" + e.id());
    json(ctx, 201, EndpointJson.write(e));
  }

  void registerWebhook(Context ctx) {
    JsonNode body = ApiJson.parse(ctx.bodyAsBytes());
    if (!(body instanceof ObjectNode registration)) {
      throw ApiException.badRequest(
          "invalid_endpoint", "a webhook registration is a JSON object {url, events, ...}");
    }
    String id = "wh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    Endpoint e = server.endpoints().create(WebhookRegistration.toEndpoint(registration, id, ""));
    ctx.header("Location", "/api/endpoints/" + e.id());
    json(ctx, 201, EndpointJson.write(e));
  }

  void getEndpoint(Context ctx) {
    json(ctx, 200, shown(endpoint(ctx)));
  }

  /** The endpoint's own signing secret (masked elsewhere), or that it signs with the default. */
  void endpointSecret(Context ctx) {
    Endpoint e = endpoint(ctx);
    ObjectNode out = ApiJson.object();
    JsonNode signature = EndpointJson.write(e).get("signature");
    if (signature == null) {
      out.put("uses_default", true);
      out.putNull("scheme");
      out.putNull("secret");
    } else {
      out.put("uses_default", false);
      out.set("scheme", signature.get("scheme"));
      out.set("secret", signature.get("secret"));
    }
    json(ctx, 200, out);
  }

  /** An endpoint as GET and list show it: secrets masked. */
  private static ObjectNode shown(Endpoint e) {
    return Redaction.redact(EndpointJson.write(e));
  }

  void putEndpoint(Context ctx) {
    String id = ctx.pathParam("id");
    boolean existed = server.endpoints().get(id).isPresent();
    Endpoint e = server.endpoints().replace(id, ApiJson.parse(ctx.bodyAsBytes()));
    json(ctx, existed ? 200 : 201, existed ? shown(e) : EndpointJson.write(e));
  }

  void patchEndpoint(Context ctx) {
    Endpoint e = server.endpoints().patch(ctx.pathParam("id"), ApiJson.parse(ctx.bodyAsBytes()));
    json(ctx, 200, shown(e));
  }

  void deleteEndpoint(Context ctx) {
    String id = ctx.pathParam("id");
    if (!server.endpoints().delete(id)) {
      throw ApiException.notFound("endpoint", id);
    }
    ctx.status(204);
  }

  /** Sends a {@code hookline.test} event to this endpoint alone, whatever it subscribes to. */
  void testEndpoint(Context ctx) {
    Endpoint e = endpoint(ctx);
    Event test =
        Event.builder("hookline.test")
            .source("hookline")
            .put("message", "Test event from Hookline to endpoint " + e.id())
            .put("endpoint_id", e.id())
            .build();
    PublishResult r = hookline.publishTo(test, e.id());
    ObjectNode out = ApiJson.object();
    out.put("event_id", r.eventId());
    out.put("delivery_id", r.deliveries().isEmpty() ? null : r.deliveries().get(0).id());
    json(ctx, 202, out);
  }

  void endpointStats(Context ctx) {
    Endpoint e = endpoint(ctx);
    json(ctx, 200, ApiJson.stats(hookline.stats(e.id()), hookline.circuitState(e.id())));
  }

  void replay(Context ctx) {
    String id = ctx.pathParam("id");
    if (server.endpoints().get(id).isEmpty()) {
      throw ApiException.notFound("endpoint", id);
    }
    byte[] raw = ctx.bodyAsBytes();
    JsonNode body = raw.length == 0 ? ApiJson.object() : ApiJson.parse(raw);
    DeliveryStatus status = status(text(body, "status").orElse("dead"));
    if (status == DeliveryStatus.IN_FLIGHT) {
      throw ApiException.badRequest("invalid_status", "in_flight deliveries cannot be replayed");
    }
    Optional<Instant> since =
        text(body, "since").map(v -> instantOrAgo(v, "since", server.clock()));
    Optional<Instant> until =
        text(body, "until").map(v -> instantOrAgo(v, "until", server.clock()));
    int n = hookline.replay(id, status, since, until);
    json(ctx, 202, ApiJson.object().put("replayed", n).put("status", status.wireName()));
  }

  private Endpoint endpoint(Context ctx) {
    String id = ctx.pathParam("id");
    return server.endpoints().get(id).orElseThrow(() -> ApiException.notFound("endpoint", id));
  }
}
