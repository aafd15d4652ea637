package dev.hookline.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.template.Template;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Datadog: {@code kind: event} (the default) posts to {@code {url}/api/v1/events}, {@code kind:
 * metric} to {@code {url}/api/v2/series}, with {@code DD-API-KEY} (and {@code DD-APPLICATION-KEY}
 * when {@code app_key} is given). A URL that already ends in either API path (the seeds write
 * {@code https://api.datadoghq.com/api/v1/events}) is taken as the site's base.
 *
 * <p>An event becomes a Datadog event: {@code title} and {@code text} from {@link Summary}, {@code
 * date_happened} from its time, {@code alert_type} and {@code priority} from its severity, {@code
 * tags} from its tags plus {@code event:}, {@code source:}, {@code severity:}, {@code user:} and
 * {@code platform:}, {@code aggregation_key} from its subject (else its type), {@code
 * source_type_name} from its source (else {@code hookline}) and {@code host} from {@code
 * data.host}. A template's object is the body, with {@code title}, {@code text} and {@code
 * date_happened} filled when it lacks them; a text template is the {@code text}.
 *
 * <p>For metrics each event is one point: {@code metric}, {@code value}, {@code type} ({@code
 * gauge|count|rate|unspecified} or 0–3), {@code tags}, {@code host}, {@code unit} and {@code
 * interval} are read from the template's object when the endpoint has one, else from {@code data};
 * the event's tags are always added and its time is the point's timestamp. Without a {@code metric}
 * the event type is the name; without a {@code value} the point counts the event (1, type count).
 * Points of one series (same name, type, tags, host, unit, interval) share one series, and a
 * batching endpoint sends a whole batch in one request.
 *
 * <p>Limits are kept by truncating: title 100 characters, text 4,000, aggregation key 100, a tag
 * 200, a metric name 200; a series request over 512,000 bytes is sent gzip-compressed. A 429 waits
 * for {@code X-RateLimit-Reset} seconds.
 */
final class DatadogFormat implements Integration {
  static final DatadogFormat INSTANCE = new DatadogFormat();

  @Override
  public Reading interpret(
      int status, Map<String, List<String>> headers, byte[] body, Instant now) {
    return Answer.of(status)
        .created(() -> resultOf(status, body))
        .failureReason(() -> failureReason(status, body))
        .rateLimitWait(() -> rateLimitWait(status, headers, body, now))
        .read();
  }

  static final String EVENTS_PATH = "/api/v1/events";
  static final String SERIES_PATH = "/api/v2/series";
  static final int MAX_TITLE = 100;
  static final int MAX_TEXT = 4_000;
  static final int MAX_AGGREGATION_KEY = 100;
  static final int MAX_TAG = 200;
  static final int MAX_METRIC_NAME = 200;

  /** Datadog's limit on an uncompressed series request; larger ones go gzip-compressed. */
  static final int MAX_SERIES_BYTES = 512_000;

  private static final Pattern SUCCESS_TYPE =
      Pattern.compile("(^|[._-])(resolved|recovered|succeeded|success)$");
  private static final Map<String, Integer> METRIC_TYPES =
      Map.of("unspecified", 0, "count", 1, "rate", 2, "gauge", 3);

  private DatadogFormat() {}

  @Override
  public void validate(Endpoint e) {
    Optional<Template> template = e.template();
    if (metric(e)
        && template.isPresent()
        && (template.get().isText() || !template.get().toString().startsWith("{"))) {
      throw new InvalidEndpointException(
          "template",
          "endpoint '"
              + e.id()
              + "': a datadog metric template is an object giving the point's fields, e.g."
              + " {metric: app.latency, value: \"{duration_ms}\", tags: [\"tool:{tool}\"]}");
    }
  }

  @Override
  public NativeRequest render(Endpoint e, List<Event> events, Optional<JsonNode> templated) {
    Map<String, Object> options = e.formatOptions();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Accept", "application/json");
    headers.put("DD-API-KEY", options.get("api_key").toString());
    Object appKey = options.get("app_key");
    if (appKey != null && !appKey.toString().isBlank()) {
      headers.put("DD-APPLICATION-KEY", appKey.toString());
    }
    URI base = e.url().orElseThrow();
    if (!metric(e)) {
      ObjectNode body =
          templated.map(t -> fromTemplate(t, events.get(0))).orElseGet(() -> event(events.get(0)));
      return new NativeRequest("POST", at(base, EVENTS_PATH), headers, utf8(body));
    }
    byte[] body = utf8(series(e, events));
    if (body.length > MAX_SERIES_BYTES) {
      body = gzip(body);
      headers.put("Content-Encoding", "gzip");
    }
    return new NativeRequest("POST", at(base, SERIES_PATH), headers, body);
  }

  /** The created event's link ({@code event.url}), else its id; nothing for metrics. */
  public Optional<String> resultOf(int status, byte[] body) {
    JsonNode event = parse(body).path("event");
    for (String key : List.of("url", "id_str", "id")) {
      if (event.hasNonNull(key) && !event.get(key).asText().isEmpty()) {
        return Optional.of(event.get(key).asText());
      }
    }
    return Optional.empty();
  }

  /** Datadog's error answers are {@code {"errors": ["..."]}}. */
  public Optional<String> failureReason(int status, byte[] body) {
    JsonNode errors = parse(body).path("errors");
    List<String> reasons = new ArrayList<>();
    errors.forEach(r -> reasons.add(r.isTextual() ? r.asText() : r.toString()));
    return reasons.isEmpty()
        ? Optional.empty()
        : Optional.of(Texts.truncate(String.join("; ", reasons), 500));
  }

  /** A 429 says in {@code X-RateLimit-Reset} how many seconds until the limit's window resets. */
  public Optional<Duration> rateLimitWait(
      int status, Map<String, List<String>> headers, byte[] body, Instant now) {
    List<String> reset = headers.get("X-RateLimit-Reset");
    if (status != 429 || reset == null || reset.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(reset.get(0).strip())));
    } catch (NumberFormatException notSeconds) {
      return Optional.empty();
    }
  }

  /** Whether the endpoint sends metrics: the kind that batches (see {@link Format#batches}). */
  static boolean metric(Endpoint e) {
    return Format.DATADOG.batches(e.formatOptions());
  }

  // ---- events

  static ObjectNode event(Event ev) {
    Summary s = Summary.of(ev);
    Severity severity = Severities.of(ev);
    ObjectNode body = Formats.JSON.createObjectNode();
    body.put("title", Texts.truncate(s.title(), MAX_TITLE));
    body.put("text", Texts.truncate(text(s), MAX_TEXT));
    body.put("date_happened", ev.timestamp().getEpochSecond());
    body.put("priority", severity == Severity.DEBUG ? "low" : "normal");
    body.put("alert_type", alertType(ev, severity));
    ArrayNode tags = body.putArray("tags");
    eventTags(ev).forEach(tags::add);
    body.put(
        "aggregation_key", Texts.truncate(ev.subject().orElse(ev.type()), MAX_AGGREGATION_KEY));
    body.put("source_type_name", ev.source().orElse("hookline"));
    if (ev.data().get("host") instanceof String host && !host.isBlank()) {
      body.put("host", host);
    }
    return body;
  }

  /** The summary's text, then its fields one per line, then its link; the title if all empty. */
  static String text(Summary s) {
    StringBuilder out = new StringBuilder(s.text());
    StringBuilder fields = new StringBuilder();
    for (Map.Entry<String, String> f : s.fields()) {
      fields.append(f.getKey()).append(": ").append(f.getValue()).append('\n');
    }
    s.link().ifPresent(link -> fields.append(link).append('\n'));
    if (!fields.isEmpty()) {
      if (!out.isEmpty()) {
        out.append("\n\n");
      }
      out.append(fields, 0, fields.length() - 1);
    }
    return out.isEmpty() ? s.title() : out.toString();
  }

  /** error for error and critical, warning, success for a type that says so, else info. */
  static String alertType(Event ev, Severity severity) {
    return switch (severity) {
      case CRITICAL, ERROR -> "error";
      case WARNING -> "warning";
      default ->
          SUCCESS_TYPE.matcher(ev.type().toLowerCase(Locale.ROOT)).find() ? "success" : "info";
    };
  }

  static Set<String> eventTags(Event ev) {
    Set<String> tags = new LinkedHashSet<>();
    ev.tags().forEach(t -> addTag(tags, t));
    addTag(tags, "event:" + ev.type());
    ev.source().ifPresent(v -> addTag(tags, "source:" + v));
    Severities.stated(ev).ifPresent(v -> addTag(tags, "severity:" + v.wireName()));
    ev.userId().ifPresent(v -> addTag(tags, "user:" + v));
    ev.platform().ifPresent(v -> addTag(tags, "platform:" + v));
    return tags;
  }

  private static void addTag(Set<String> tags, String tag) {
    if (!tag.isBlank()) {
      tags.add(Texts.truncate(tag.strip(), MAX_TAG));
    }
  }

  private static ObjectNode fromTemplate(JsonNode templated, Event ev) {
    ObjectNode body;
    if (templated.isObject()) {
      body = (ObjectNode) templated.deepCopy();
    } else {
      body =
          Formats.JSON
              .createObjectNode()
              .put("text", templated.isTextual() ? templated.asText() : templated.toString());
    }
    Summary s = Summary.of(ev);
    if (!body.hasNonNull("title")) {
      body.put("title", s.title());
    }
    if (!body.hasNonNull("text")) {
      body.put("text", text(s));
    }
    if (!body.hasNonNull("date_happened")) {
      body.put("date_happened", ev.timestamp().getEpochSecond());
    }
    truncate(body, "title", MAX_TITLE);
    truncate(body, "text", MAX_TEXT);
    truncate(body, "aggregation_key", MAX_AGGREGATION_KEY);
    if (body.get("tags") instanceof ArrayNode tags) {
      for (int i = 0; i < tags.size(); i++) {
        if (tags.get(i).isTextual()) {
          tags.set(i, Texts.truncate(tags.get(i).asText(), MAX_TAG));
        }
      }
    }
    return body;
  }

  private static void truncate(ObjectNode body, String field, int max) {
    if (body.path(field).isTextual()) {
      body.put(field, Texts.truncate(body.get(field).asText(), max));
    }
  }

  // ---- metrics

  /** One point's series identity; points with equal keys share a series. */
  private record SeriesKey(
      String metric,
      int type,
      List<String> tags,
      Optional<String> host,
      Optional<String> unit,
      Optional<Long> interval) {}

  static ObjectNode series(Endpoint e, List<Event> events) {
    Map<SeriesKey, ArrayNode> series = new LinkedHashMap<>();
    for (Event ev : events) {
      Map<String, Object> fields = fields(e, ev);
      Object value = fields.get("value");
      double v = value == null ? 1 : number(e, ev, "value", value);
      if (!Double.isFinite(v)) {
        throw invalidPoint(e, ev, "value", value, "a finite number");
      }
      int type = metricType(e, ev, fields.get("type"), value == null);
      Set<String> tags = new LinkedHashSet<>();
      ev.tags().forEach(t -> addTag(tags, t));
      if (fields.get("tags") instanceof List<?> extra) {
        extra.stream().filter(Objects::nonNull).forEach(t -> addTag(tags, t.toString()));
      }
      SeriesKey key =
          new SeriesKey(
              Texts.truncate(text(fields.get("metric")).orElse(ev.type()), MAX_METRIC_NAME),
              type,
              List.copyOf(tags),
              text(fields.get("host")),
              text(fields.get("unit")),
              Optional.ofNullable(fields.get("interval"))
                  .map(x -> (long) number(e, ev, "interval", x)));
      ObjectNode point = Formats.JSON.createObjectNode();
      point.put("timestamp", ev.timestamp().getEpochSecond());
      point.put("value", v);
      series.computeIfAbsent(key, k -> Formats.JSON.createArrayNode()).add(point);
    }
    ObjectNode body = Formats.JSON.createObjectNode();
    ArrayNode out = body.putArray("series");
    series.forEach(
        (k, points) -> {
          ObjectNode s = out.addObject();
          s.put("metric", k.metric());
          s.put("type", k.type());
          s.set("points", points);
          if (!k.tags().isEmpty()) {
            ArrayNode tags = s.putArray("tags");
            k.tags().forEach(tags::add);
          }
          k.host()
              .ifPresent(
                  h -> s.putArray("resources").addObject().put("name", h).put("type", "host"));
          k.unit().ifPresent(u -> s.put("unit", u));
          k.interval().ifPresent(n -> s.put("interval", n));
        });
    return body;
  }

  /**
   * The template's object rendered for this event (each event of a batch has its own), else the
   * event's data.
   */
  private static Map<String, Object> fields(Endpoint e, Event ev) {
    if (e.template().isEmpty()) {
      return ev.data();
    }
    Object rendered = e.template().get().render(ev);
    if (!(rendered instanceof Map<?, ?> map)) {
      throw new FormatException(
          "endpoint '" + e.id() + "': a datadog metric template must render to an object");
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    map.forEach((k, v) -> fields.put(String.valueOf(k), v));
    return fields;
  }

  private static int metricType(Endpoint e, Event ev, Object type, boolean counted) {
    if (type == null) {
      return counted ? METRIC_TYPES.get("count") : METRIC_TYPES.get("gauge");
    }
    if (type instanceof String name) {
      Integer t = METRIC_TYPES.get(name.strip().toLowerCase(Locale.ROOT));
      if (t != null) {
        return t;
      }
      try {
        type = Long.parseLong(name.strip());
      } catch (NumberFormatException notNumber) {
        throw invalidPoint(e, ev, "type", type, "gauge, count, rate, unspecified or 0 to 3");
      }
    }
    if (type instanceof Number n && n.doubleValue() == n.longValue()) {
      long t = n.longValue();
      if (t >= 0 && t <= 3) {
        return (int) t;
      }
    }
    throw invalidPoint(e, ev, "type", type, "gauge, count, rate, unspecified or 0 to 3");
  }

  private static double number(Endpoint e, Event ev, String field, Object value) {
    if (value instanceof Number n) {
      return n instanceof BigDecimal b ? b.doubleValue() : n.doubleValue();
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s.strip());
      } catch (NumberFormatException notNumber) {
        // reported below
      }
    }
    throw invalidPoint(e, ev, field, value, "a number");
  }

  private static FormatException invalidPoint(
      Endpoint e, Event ev, String field, Object value, String expected) {
    String shown = value instanceof String s ? "'" + Texts.truncate(s, 80) + "'" : value + "";
    return new FormatException(
        "endpoint '"
            + e.id()
            + "': event '"
            + ev.id()
            + "': datadog metric "
            + field
            + " is "
            + shown
            + "; expected "
            + expected);
  }

  private static Optional<String> text(Object v) {
    return v == null || v instanceof Map || v instanceof List || v.toString().isBlank()
        ? Optional.empty()
        : Optional.of(v.toString().strip());
  }

  // ---- plumbing

  /** {@code path} on the site's base: the URL with any API path it already ends in removed. */
  static URI at(URI base, String path) {
    String s = base.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    for (String known : List.of(EVENTS_PATH, SERIES_PATH)) {
      if (s.endsWith(known)) {
        s = s.substring(0, s.length() - known.length());
      }
    }
    return URI.create(s + path);
  }

  private static byte[] utf8(JsonNode body) {
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return out.toByteArray();
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
