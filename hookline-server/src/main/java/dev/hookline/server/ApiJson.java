package dev.hookline.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.delivery.DeliveryOutcome;
import dev.hookline.event.Event;
import dev.hookline.internal.JsonMappers;
import dev.hookline.server.inbound.InboundLogEntry;
import dev.hookline.store.Attempt;
import dev.hookline.store.Delivery;
import dev.hookline.store.EndpointStats;
import dev.hookline.store.Page;
import dev.hookline.store.StoredEvent;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/** The JSON shapes of the HTTP API (snake_case, times as ISO-8601 UTC, absent values as null). */
final class ApiJson {
  // Reads what the store holds (and request bodies): no name is too long to read back.
  static final ObjectMapper MAPPER = JsonMappers.STORED;

  private ApiJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static String error(String code, String message) {
    return object().put("error", code).put("message", message).toString();
  }

  static JsonNode parse(byte[] body) {
    try {
      // Input: a duplicate key or trailing data is refused, as the core's own parser does.
      return JsonMappers.STRICT.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "malformed_json", "the body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode event(Event event) {
    try {
      return MAPPER.readTree(event.toJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode storedEvent(StoredEvent stored) {
    ObjectNode node = (ObjectNode) event(stored.event());
    node.put("accepted_at", stored.acceptedAt().toString());
    return node;
  }

  static ObjectNode delivery(Delivery d) {
    ObjectNode n = object();
    n.put("id", d.id());
    n.put("event_id", d.eventId());
    n.put("event_type", d.eventType());
    n.put("endpoint_id", d.endpointId());
    n.put("status", d.status().wireName());
    n.put("attempts", d.attempts());
    n.put("next_attempt_at", d.nextAttemptAt().toString());
    n.put("created_at", d.createdAt().toString());
    n.put("updated_at", d.updatedAt().toString());
    put(n, "completed_at", d.completedAt().map(Instant::toString));
    put(n, "last_status_code", d.lastStatusCode());
    put(n, "last_error", d.lastError());
    put(n, "result", d.result());
    return n;
  }

  static ObjectNode attempt(Attempt a) {
    ObjectNode n = object();
    n.put("number", a.number());
    n.put("started_at", a.startedAt().toString());
    n.put("duration_ms", a.duration().toNanos() / 1e6);
    put(n, "status_code", a.statusCode());
    put(n, "error", a.error());
    put(n, "response_snippet", a.responseSnippet());
    n.put("node", a.node());
    return n;
  }

  static ObjectNode stats(EndpointStats s, String circuitState) {
    ObjectNode n = object();
    n.put("endpoint_id", s.endpointId());
    n.put("total_sent", s.totalSent());
    n.put("success_count", s.successCount());
    n.put("failed_count", s.failedCount());
    n.put("success_rate", s.successRate());
    n.put("avg_response_time_ms", s.avgResponseTimeMs());
    n.put("p95_response_time_ms", s.p95ResponseTimeMs());
    n.put("retries_total", s.retriesTotal());
    n.put("pending", s.pending());
    n.put("circuit_state", circuitState);
    return n;
  }

  static ObjectNode outcome(DeliveryOutcome o) {
    ObjectNode n = object();
    n.put("delivery_id", o.deliveryId());
    n.put("event_id", o.event().id());
    n.put("event_type", o.event().type());
    n.put("endpoint_id", o.endpoint().id());
    n.put("status", o.status().wireName());
    n.put("attempt", o.attempt());
    put(n, "status_code", o.statusCode());
    n.put("duration_ms", o.duration().toNanos() / 1e6);
    put(n, "error", o.error());
    n.put("will_retry", o.willRetry());
    put(n, "result", o.result());
    put(n, "next_attempt_at", o.nextAttemptAt().map(Instant::toString));
    return n;
  }

  static ObjectNode inbound(InboundLogEntry e) {
    ObjectNode n = object();
    n.put("time", e.time().toString());
    n.put("source", e.source());
    n.put("outcome", e.outcome().toString());
    n.put("status", e.status());
    n.put("reason", e.reason());
    put(n, "event_id", e.eventId());
    put(n, "delivery_id", e.deliveryId());
    put(n, "event_type", e.eventType());
    return n;
  }

  static <T> ObjectNode page(Page<T> page, Function<T, JsonNode> item) {
    ObjectNode n = object();
    ArrayNode data = n.putArray("data");
    page.items().forEach(t -> data.add(item.apply(t)));
    put(n, "next_cursor", page.nextCursor());
    return n;
  }

  static <T> ObjectNode list(List<T> items, Function<T, JsonNode> item) {
    return page(new Page<>(items, Optional.empty()), item);
  }

  static ArrayNode skips(Map<String, String> skips) {
    ArrayNode out = MAPPER.createArrayNode();
    skips.forEach(
        (endpoint, reason) -> out.addObject().put("endpoint_id", endpoint).put("reason", reason));
    return out;
  }

  private static void put(ObjectNode n, String key, Optional<String> value) {
    if (value.isPresent()) {
      n.put(key, value.get());
    } else {
      n.putNull(key);
    }
  }

  private static void put(ObjectNode n, String key, OptionalInt value) {
    if (value.isPresent()) {
      n.put(key, value.getAsInt());
    } else {
      n.putNull(key);
    }
  }
}
