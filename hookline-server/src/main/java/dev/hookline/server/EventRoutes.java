package dev.hookline.server;

import static dev.hookline.server.ApiParams.*;
import static dev.hookline.server.HttpApi.CLOUDEVENTS_BATCH_JSON;
import static dev.hookline.server.HttpApi.CLOUDEVENTS_JSON;
import static dev.hookline.server.HttpApi.JSON;
import static dev.hookline.server.HttpApi.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.Hookline;
import dev.hookline.PublishResult;
import dev.hookline.event.Event;
import dev.hookline.event.InvalidEventException;
import dev.hookline.store.DeliveryQuery;
import dev.hookline.store.EventQuery;
import dev.hookline.store.StoredEvent;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code /api/events} routes: publishing (JSON, CloudEvents, arrays) and the event log. */
final class EventRoutes {

  private final HooklineServer server;
  private final Hookline hookline;

  EventRoutes(HooklineServer server) {
    this.server = server;
    this.hookline = server.hookline();
  }

  private Optional<Instant> time(Context ctx, String param) {
    return ApiParams.time(ctx, param, server.clock());
  }

  void postEvents(Context ctx) {
    byte[] body = ctx.bodyAsBytes();
    String type = Optional.ofNullable(ctx.contentType()).orElse(JSON).toLowerCase(Locale.ROOT);
    List<Event> events = new ArrayList<>();
    if (type.startsWith(CLOUDEVENTS_JSON)) {
      events.add(Event.fromCloudEvent(body));
    } else {
      JsonNode node = ApiJson.parse(body);
      boolean cloud = type.startsWith(CLOUDEVENTS_BATCH_JSON);
      if (node.isArray()) {
        if (node.isEmpty()) {
          throw ApiException.badRequest("invalid_event", "the array holds no events");
        }
        for (int i = 0; i < node.size(); i++) {
          try {
            events.add(event(node.get(i), cloud));
          } catch (InvalidEventException | ApiException e) {
            throw ApiException.badRequest("invalid_event", "events[" + i + "]: " + e.getMessage());
          }
        }
      } else {
        events.add(event(node, cloud));
      }
    }
    StoreOutage.posting(ctx, events.stream().map(Event::id).toList());
    List<PublishResult> results = server.acceptAll(events, false);
    // Stored: a store failure after this point (none is expected) is not about these events.
    StoreOutage.posted(ctx);
    ObjectNode out = ApiJson.object();
    ArrayNode ids = out.putArray("ids");
    int deliveries = 0;
    boolean anyNew = false;
    for (PublishResult r : results) {
      ids.add(r.eventId());
      deliveries += r.deliveries().size();
      anyNew |= r.created();
    }
    out.put("deliveries", deliveries);
    json(ctx, anyNew ? 202 : 200, out);
  }

  private static Event event(JsonNode node, boolean cloud) {
    if (!node.isObject()) {
      throw ApiException.badRequest("invalid_event", "an event is a JSON object");
    }
    if (cloud && !node.has("specversion")) {
      // Refused in CloudEvents' words.
      return Event.fromCloudEvent(node.toString().getBytes(StandardCharsets.UTF_8));
    }
    return Event.fromJson(node); // the tree parsed once, not printed and parsed again
  }

  void listEvents(Context ctx) {
    EventQuery q = EventQuery.all().limit(limit(ctx));
    String type = ctx.queryParam("type");
    if (type != null && !type.isBlank()) {
      q = q.type(type);
    }
    Optional<Instant> since = time(ctx, "since");
    if (since.isPresent()) {
      q = q.since(since.get());
    }
    Optional<Instant> until = time(ctx, "until");
    if (until.isPresent()) {
      q = q.until(until.get());
    }
    Optional<String> cursor = cursor(ctx);
    if (cursor.isPresent()) {
      q = checkCursor(cursor.get(), q::after);
    }
    json(ctx, 200, ApiJson.page(hookline.events(q), ApiJson::storedEvent));
  }

  void getEvent(Context ctx) {
    String id = ctx.pathParam("id");
    StoredEvent stored = hookline.event(id).orElseThrow(() -> ApiException.notFound("event", id));
    ObjectNode out = ApiJson.object();
    out.set("event", ApiJson.event(stored.event()));
    out.put("accepted_at", stored.acceptedAt().toString());
    ArrayNode deliveries = out.putArray("deliveries");
    hookline
        .deliveries(DeliveryQuery.all().event(id).limit(DeliveryQuery.MAX_LIMIT))
        .items()
        .forEach(d -> deliveries.add(ApiJson.delivery(d)));
    out.set("skipped", ApiJson.skips(stored.skips()));
    json(ctx, 200, out);
  }
}
