package dev.hookline.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.internal.JsonMappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The contract's JSON form of an event (DESIGN §2 and §4). */
final class EventJson {
  static final ObjectMapper MAPPER = JsonMappers.STRICT;

  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "type",
          "timestamp",
          "data",
          "source",
          "subject",
          "severity",
          "tags",
          "user_id",
          "platform",
          "metadata");

  private EventJson() {}

  static Event parse(byte[] json, Clock clock) {
    return fromTree(readObject(json), clock);
  }

  static ObjectNode readObject(byte[] json) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(
          "", "event is not valid JSON: " + e.getOriginalMessage() + location(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new InvalidEventException("", "event body is empty");
    }
    if (!(tree instanceof ObjectNode object)) {
      throw new InvalidEventException("", "event must be a JSON object, got " + kind(tree));
    }
    return object;
  }

  /** Other spellings the seeds use, and the field each one means. */
  private static final Map<String, String> ALIASES =
      Map.of("event_type", "type", "event", "type", "event_id", "id");

  /**
   * Top-level fields the seeds send that the contract has no field for (seed 001's {@code
   * empathy_level}): accepted and kept in {@code metadata} under the same name, so a template
   * reaches them as {@code {metadata.empathy_level}}.
   */
  private static final Set<String> METADATA_FIELDS = Set.of("empathy_level");

  static Event fromTree(ObjectNode node, Clock clock) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String name = field.getKey();
      if (!FIELDS.contains(name) && !ALIASES.containsKey(name) && !METADATA_FIELDS.contains(name)) {
        String hint =
            switch (name) {
              case "eventType" -> " (did you mean 'type'?)";
              case "userId", "user" -> " (did you mean 'user_id'?)";
              case "time", "created_at" -> " (did you mean 'timestamp'?)";
              default -> "";
            };
        throw new InvalidEventException(
            name,
            "unknown event field '"
                + name
                + "'"
                + hint
                + "; fields are "
                + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
    Event.Builder b = Event.builder(requiredText(node, spelling(node, "type"))).clock(clock);
    optionalText(node, spelling(node, "id")).ifPresent(b::id);
    JsonNode ts = node.get("timestamp");
    if (ts != null && !ts.isNull()) {
      b.timestamp(parseTimestamp(ts, "timestamp"));
    }
    JsonNode data = node.get("data");
    if (data != null && !data.isNull()) {
      b.data(object(data, "data"));
    }
    optionalText(node, "source").ifPresent(b::source);
    optionalText(node, "subject").ifPresent(b::subject);
    optionalText(node, "severity").map(Severity::fromName).ifPresent(b::severity);
    JsonNode tags = node.get("tags");
    if (tags != null && !tags.isNull()) {
      b.tags(stringList(tags, "tags"));
    }
    optionalText(node, "user_id").ifPresent(b::userId);
    optionalText(node, "platform").ifPresent(b::platform);
    JsonNode metadata = node.get("metadata");
    Map<String, Object> meta = new LinkedHashMap<>();
    if (metadata != null && !metadata.isNull()) {
      meta.putAll(object(metadata, "metadata"));
    }
    for (String name : METADATA_FIELDS) {
      JsonNode v = node.get(name);
      if (v != null && !v.isNull()) {
        if (meta.containsKey(name)) {
          throw new InvalidEventException(
              name,
              "event field '"
                  + name
                  + "' is also in metadata; send one of them (it is kept in metadata)");
        }
        meta.put(name, MAPPER.convertValue(v, Object.class));
      }
    }
    if (!meta.isEmpty()) {
      b.metadata(meta);
    }
    return b.build();
  }

  static byte[] write(Event e) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(256);
        JsonGenerator g = MAPPER.createGenerator(out)) {
      writeTo(e, g);
      g.flush();
      return out.toByteArray();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  static void writeTo(Event e, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", e.id());
    g.writeStringField("type", e.type());
    g.writeStringField("timestamp", e.timestamp().toString());
    g.writeFieldName("data");
    MAPPER.writeValue(g, e.data());
    if (e.source().isPresent()) {
      g.writeStringField("source", e.source().get());
    }
    if (e.subject().isPresent()) {
      g.writeStringField("subject", e.subject().get());
    }
    if (e.severity().isPresent()) {
      g.writeStringField("severity", e.severity().get().wireName());
    }
    if (!e.tags().isEmpty()) {
      g.writeArrayFieldStart("tags");
      for (String t : e.tags()) {
        g.writeString(t);
      }
      g.writeEndArray();
    }
    if (e.userId().isPresent()) {
      g.writeStringField("user_id", e.userId().get());
    }
    if (e.platform().isPresent()) {
      g.writeStringField("platform", e.platform().get());
    }
    if (!e.metadata().isEmpty()) {
      g.writeFieldName("metadata");
      MAPPER.writeValue(g, e.metadata());
    }
    g.writeEndObject();
  }

  static String requiredText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new InvalidEventException(field, "event field '" + field + "' is required");
    }
    if (!v.isTextual()) {
      throw new InvalidEventException(
          field, "event field '" + field + "' must be a string, got " + kind(v));
    }
    return v.textValue();
  }

  /**
   * Which spelling of {@code field} the event uses: the field itself or one alias of it ({@code
   * event_type}, {@code event}, {@code event_id}); two at once are an error.
   */
  private static String spelling(ObjectNode node, String field) {
    String found = node.has(field) ? field : null;
    for (Map.Entry<String, String> alias : ALIASES.entrySet()) {
      if (alias.getValue().equals(field) && node.has(alias.getKey())) {
        if (found != null) {
          throw new InvalidEventException(
              alias.getKey(),
              "event fields '"
                  + found
                  + "' and '"
                  + alias.getKey()
                  + "' both give the event's "
                  + field
                  + "; send one of them");
        }
        found = alias.getKey();
      }
    }
    return found == null ? field : found;
  }

  static java.util.Optional<String> optionalText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return java.util.Optional.empty();
    }
    if (!v.isTextual()) {
      throw new InvalidEventException(
          field, "event field '" + field + "' must be a string, got " + kind(v));
    }
    return java.util.Optional.of(v.textValue());
  }

  /**
   * Unix times at or above this are milliseconds: 10^11 seconds is the year 5138, 10^11
   * milliseconds is March 1973.
   */
  static final long UNIX_MILLIS_FROM = 100_000_000_000L;

  static Instant parseTimestamp(JsonNode v, String field) {
    Instant t = timestampOf(v, field);
    if (t == null || !Event.inRange(t)) {
      throw new InvalidEventException(
          field,
          "event field '"
              + field
              + "' is outside years 0001 to 9999: "
              + (v.isTextual() ? "'" + v.textValue() + "'" : v.toString()));
    }
    return t;
  }

  /** The instant {@code v} names, or null when it does not fit in an {@link Instant}. */
  private static Instant timestampOf(JsonNode v, String field) {
    try {
      if (v.isIntegralNumber()) {
        if (!v.canConvertToLong()) {
          return null;
        }
        long n = v.longValue();
        return Math.abs(n) >= UNIX_MILLIS_FROM ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
      }
      if (v.isNumber()) {
        double millis = v.doubleValue() * 1000;
        return Math.abs(millis) < Long.MAX_VALUE ? Instant.ofEpochMilli(Math.round(millis)) : null;
      }
    } catch (DateTimeException outOfRange) {
      return null;
    }
    if (v.isTextual()) {
      try {
        return OffsetDateTime.parse(v.textValue()).toInstant();
      } catch (DateTimeException e) {
        throw new InvalidEventException(
            field,
            "event field '"
                + field
                + "' must be an ISO-8601 time with offset (2026-11-23T12:00:00Z) or Unix seconds,"
                + " got '"
                + v.textValue()
                + "'");
      }
    }
    throw new InvalidEventException(
        field,
        "event field '"
            + field
            + "' must be an ISO-8601 string or Unix seconds (or milliseconds), got "
            + kind(v));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(JsonNode v, String field) {
    if (!v.isObject()) {
      throw new InvalidEventException(
          field, "event field '" + field + "' must be a JSON object, got " + kind(v));
    }
    return MAPPER.convertValue(v, LinkedHashMap.class);
  }

  static List<String> stringList(JsonNode v, String field) {
    if (!v.isArray()) {
      throw new InvalidEventException(
          field, "event field '" + field + "' must be an array of strings, got " + kind(v));
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode item : v) {
      if (!item.isTextual()) {
        throw new InvalidEventException(
            field, "event field '" + field + "' must hold only strings, got " + kind(item));
      }
      out.add(item.textValue());
    }
    return out;
  }

  static String kind(JsonNode v) {
    return switch (v.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String location(JsonProcessingException e) {
    var loc = e.getLocation();
    return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
  }
}
