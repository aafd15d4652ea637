package dev.hookline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * One line per event or delivery outcome, the format {@code logs} and {@code deliveries --follow}
 * print: time, kind, what, outcome, ids.
 */
final class LogLines {
  private LogLines() {}

  /** An accepted event: {@code TIME event TYPE ID [severity=..] [tags=..]}. */
  static String event(JsonNode e, String time) {
    List<String> parts = new ArrayList<>();
    parts.add(time);
    parts.add("event    ");
    parts.add(e.path("type").asText("?"));
    parts.add(e.path("id").asText("?"));
    if (e.hasNonNull("severity")) {
      parts.add("severity=" + e.get("severity").asText());
    }
    if (e.path("tags").isArray() && !e.get("tags").isEmpty()) {
      List<String> tags = new ArrayList<>();
      e.get("tags").forEach(t -> tags.add(t.asText()));
      parts.add("tags=" + String.join(",", tags));
    }
    return String.join("  ", parts);
  }

  /**
   * A delivery outcome from the stream ({@code attempt}, {@code status_code}, {@code duration_ms},
   * {@code will_retry}) or a stored delivery ({@code attempts}, {@code last_status_code}, {@code
   * last_error}): {@code TIME delivery TYPE -> ENDPOINT STATUS CODE [MS] attempt N ID}.
   */
  static String delivery(JsonNode d, String time) {
    List<String> parts = new ArrayList<>();
    parts.add(time);
    parts.add("delivery ");
    parts.add(d.path("event_type").asText("?") + " -> " + d.path("endpoint_id").asText("?"));
    String status = d.path("status").asText("?");
    if (d.path("will_retry").asBoolean(false)) {
      status += " (will retry)";
    }
    parts.add(status);
    JsonNode code = d.hasNonNull("status_code") ? d.get("status_code") : d.get("last_status_code");
    parts.add(code == null || code.isNull() ? "-" : code.asText());
    if (d.hasNonNull("duration_ms")) {
      parts.add(Math.round(d.get("duration_ms").asDouble()) + " ms");
    }
    int attempt = d.has("attempt") ? d.path("attempt").asInt() : d.path("attempts").asInt();
    parts.add("attempt " + attempt);
    parts.add(d.has("delivery_id") ? d.path("delivery_id").asText() : d.path("id").asText("?"));
    JsonNode error = d.hasNonNull("error") ? d.get("error") : d.get("last_error");
    if (error != null && !error.isNull() && !error.asText().isBlank()) {
      parts.add("error: " + error.asText());
    }
    return String.join("  ", parts);
  }

  /**
   * A finished workflow run from the stream: {@code TIME workflow NAME STATUS N steps RUN_ID
   * [error: ...]}.
   */
  static String workflow(JsonNode r, String time) {
    List<String> parts = new ArrayList<>();
    parts.add(time);
    parts.add("workflow ");
    parts.add(r.path("workflow").asText("?"));
    parts.add(r.path("status").asText("?"));
    parts.add(r.path("steps").size() + " steps");
    if (r.hasNonNull("duration_ms")) {
      parts.add(r.get("duration_ms").asLong() + " ms");
    }
    parts.add(r.path("id").asText("?"));
    if (r.hasNonNull("error")) {
      parts.add("error: " + r.get("error").asText());
    }
    return String.join("  ", parts);
  }

  /** The current time as the log lines print it: UTC to the second. */
  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A stored time field as the log lines print it, or {@code now} when absent. */
  static String time(JsonNode node, String... fields) {
    for (String field : fields) {
      String t = Table.time(node, field);
      if (t != null) {
        return t;
      }
    }
    return now();
  }
}
