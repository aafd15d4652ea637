package dev.hookline.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * PagerDuty Events API v2 ({@code url} defaults to {@code
 * https://events.pagerduty.com/v2/enqueue}); the {@code routing_key} travels in the body.
 *
 * <p>The action is the {@code event_action} option when set; else the event's {@code
 * data.event_action} when it names one; else {@code resolve} for a type ending in {@code resolved}
 * ({@code incident.resolved}, {@code alert_resolved}), {@code acknowledge} for one ending in {@code
 * acknowledged}; else {@code trigger}. {@code dedup_key} is always sent: the event's subject, else
 * its id, so a later event about the same subject acknowledges or resolves the same alert.
 *
 * <p>A trigger carries {@code payload}: {@code summary} (the {@link Summary} title and text),
 * {@code source} (the event's source, else {@code hookline}), {@code severity} (critical, error,
 * warning, info; debug and no severity are info), {@code timestamp}, {@code component} and {@code
 * group} (from {@code data}), {@code class} (the type) and {@code custom_details} (the data); and
 * {@code links} (the summary's link, {@code data.links}), {@code images} ({@code data.images}) and
 * {@code client}. Acknowledge and resolve carry only {@code routing_key}, {@code event_action} and
 * {@code dedup_key}.
 *
 * <p>A template's object is merged over this body: fields it gives replace the defaults; an object
 * with none of the top-level keys ({@code payload}, {@code dedup_key}, {@code links}, ...) is
 * merged over the {@code payload}; a text template is the summary. Limits are kept by truncating:
 * summary 1,024 characters, dedup key 255, and {@code custom_details} cut to a JSON excerpt when
 * the event would pass PagerDuty's 512 KB.
 */
final class PagerDutyFormat implements Integration {
  static final PagerDutyFormat INSTANCE = new PagerDutyFormat();

  @Override
  public Reading interpret(
      int status, Map<String, List<String>> headers, byte[] body, Instant now) {
    return Answer.of(status)
        .created(() -> resultOf(status, body))
        .failureReason(() -> failureReason(status, body))
        .read();
  }

  static final int MAX_SUMMARY = 1_024;
  static final int MAX_DEDUP_KEY = 255;
  static final int MAX_EVENT_BYTES = 512 * 1024;
  static final String CLIENT = "Hookline";

  private static final Set<String> TOP_LEVEL =
      Set.of(
          "routing_key",
          "event_action",
          "dedup_key",
          "payload",
          "client",
          "client_url",
          "links",
          "images");
  private static final Pattern RESOLVED = Pattern.compile("(^|[._-])resolved$");
  private static final Pattern ACKNOWLEDGED = Pattern.compile("(^|[._-])(acknowledged|acked)$");

  private PagerDutyFormat() {}

  @Override
  public NativeRequest render(Endpoint e, List<Event> events, Optional<JsonNode> templated) {
    Event ev = events.get(0);
    String action = action(e, ev);
    ObjectNode body = Formats.JSON.createObjectNode();
    body.put("routing_key", e.formatOptions().get("routing_key").toString());
    body.put("event_action", action);
    body.put("dedup_key", ev.subject().orElse(ev.id()));
    if (action.equals("trigger")) {
      body.set("payload", payload(ev));
      links(ev, body);
      body.put("client", CLIENT);
    }
    templated.ifPresent(t -> merge(body, t));
    if (!body.path("event_action").asText().equals("trigger")) {
      body.retain("routing_key", "event_action", "dedup_key");
    }
    if (body.path("dedup_key").isTextual()) {
      body.put("dedup_key", Texts.truncate(body.get("dedup_key").asText(), MAX_DEDUP_KEY));
    }
    if (body.get("payload") instanceof ObjectNode payload) {
      if (payload.path("summary").isTextual()) {
        payload.put("summary", Texts.truncate(payload.get("summary").asText(), MAX_SUMMARY));
      }
      if (payload.path("severity").isTextual()) {
        payload.put("severity", severity(payload.get("severity").asText()));
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Accept", "application/json");
    return new NativeRequest("POST", e.url().orElseThrow(), headers, fit(body));
  }

  /** The answer's {@code dedup_key}: what a later acknowledge or resolve names. */
  public Optional<String> resultOf(int status, byte[] body) {
    JsonNode key = parse(body).path("dedup_key");
    return key.isTextual() && !key.asText().isEmpty()
        ? Optional.of(key.asText())
        : Optional.empty();
  }

  /** {@code {"status":"invalid event","message":"Event object is invalid","errors":[...]}}. */
  public Optional<String> failureReason(int status, byte[] body) {
    JsonNode answer = parse(body);
    String message = answer.path("message").asText(answer.path("status").asText(""));
    List<String> errors = new ArrayList<>();
    answer.path("errors").forEach(x -> errors.add(x.isTextual() ? x.asText() : x.toString()));
    String reason =
        errors.isEmpty()
            ? message
            : message.isEmpty()
                ? String.join("; ", errors)
                : message + " (" + String.join("; ", errors) + ")";
    return reason.isBlank() ? Optional.empty() : Optional.of(Texts.truncate(reason, 500));
  }

  static String action(Endpoint e, Event ev) {
    if (e.formatOptions().get("event_action") instanceof String option && !option.isBlank()) {
      return option.strip().toLowerCase(Locale.ROOT);
    }
    if (ev.data().get("event_action") instanceof String stated
        && Format.PAGERDUTY.isChoice("event_action", stated.strip())) {
      return stated.strip().toLowerCase(Locale.ROOT);
    }
    String type = ev.type().toLowerCase(Locale.ROOT);
    if (RESOLVED.matcher(type).find()) {
      return "resolve";
    }
    return ACKNOWLEDGED.matcher(type).find() ? "acknowledge" : "trigger";
  }

  static ObjectNode payload(Event ev) {
    Summary s = Summary.of(ev);
    ObjectNode payload = Formats.JSON.createObjectNode();
    String summary = s.text().isEmpty() ? s.title() : s.title() + ": " + s.text();
    payload.put("summary", Texts.truncate(summary, MAX_SUMMARY));
    payload.put("source", ev.source().orElse("hookline"));
    payload.put("severity", severity(Severities.of(ev)));
    payload.put("timestamp", ev.timestamp().toString());
    for (String key : List.of("component", "group")) {
      Object v = ev.data().get(key);
      if (v != null && !(v instanceof Map) && !(v instanceof List) && !v.toString().isBlank()) {
        payload.put(key, v.toString());
      }
    }
    payload.put("class", ev.type());
    if (!ev.data().isEmpty()) {
      payload.set("custom_details", Formats.JSON.valueToTree(ev.data()));
    }
    return payload;
  }

  /** PagerDuty's four levels: debug reads as info. */
  static String severity(Severity severity) {
    return severity == Severity.DEBUG ? "info" : severity.wireName();
  }

  /** A template's Hookline level ({@code debug}) as PagerDuty's; other text is left as written. */
  private static String severity(String written) {
    for (Severity level : Severity.values()) {
      if (level.wireName().equalsIgnoreCase(written.strip())) {
        return severity(level);
      }
    }
    return written;
  }

  /** The summary's link and {@code data.links} ({@code href} required), {@code data.images}. */
  private static void links(Event ev, ObjectNode body) {
    ArrayNode links = Formats.JSON.createArrayNode();
    Summary.of(ev)
        .link()
        .ifPresent(href -> links.addObject().put("href", href).put("text", "Open"));
    copyObjects(ev.data().get("links"), "href", links);
    ArrayNode images = Formats.JSON.createArrayNode();
    copyObjects(ev.data().get("images"), "src", images);
    if (!links.isEmpty()) {
      body.set("links", links);
    }
    if (!images.isEmpty()) {
      body.set("images", images);
    }
  }

  private static void copyObjects(Object list, String required, ArrayNode into) {
    if (list instanceof List<?> items) {
      for (Object item : items) {
        if (item instanceof Map<?, ?> m && m.get(required) instanceof String s && !s.isBlank()) {
          into.add(Formats.JSON.valueToTree(m));
        }
      }
    }
  }

  /** The template over the default body: top-level keys there, else over the payload. */
  private static void merge(ObjectNode body, JsonNode templated) {
    if (!templated.isObject()) {
      if (body.get("payload") instanceof ObjectNode payload) {
        payload.put("summary", templated.isTextual() ? templated.asText() : templated.toString());
      }
      return;
    }
    boolean whole = false;
    for (Iterator<String> names = templated.fieldNames(); names.hasNext(); ) {
      whole |= TOP_LEVEL.contains(names.next());
    }
    ObjectNode target = whole ? body : body.withObjectProperty("payload");
    for (Map.Entry<String, JsonNode> field : templated.properties()) {
      if (whole
          && field.getKey().equals("payload")
          && field.getValue().isObject()
          && body.get("payload") instanceof ObjectNode payload) {
        payload.setAll((ObjectNode) field.getValue().deepCopy());
      } else {
        target.set(field.getKey(), field.getValue().deepCopy());
      }
    }
  }

  /**
   * The body's bytes, within PagerDuty's 512 KB: when over, {@code custom_details} becomes a JSON
   * excerpt of itself, halved until the event fits.
   */
  private static byte[] fit(ObjectNode body) {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_EVENT_BYTES || !(body.get("payload") instanceof ObjectNode payload)) {
      return bytes;
    }
    String details = payload.path("custom_details").toString();
    payload.remove("custom_details");
    int budget = MAX_EVENT_BYTES - body.toString().getBytes(StandardCharsets.UTF_8).length - 200;
    while (true) {
      payload
          .putObject("custom_details")
          .put("truncated", "custom_details exceeded PagerDuty's 512 KB event limit")
          .put("json", Texts.truncateBytes(details, Math.max(0, budget)));
      bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      if (bytes.length <= MAX_EVENT_BYTES || budget <= 0) {
        return bytes;
      }
      budget /= 2;
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode n = body.length == 0 ? null : Formats.JSON.readTree(body);
      return n == null ? Formats.JSON.missingNode() : n;
    } catch (IOException notJson) {
      return Formats.JSON.missingNode();
    }
  }
}
