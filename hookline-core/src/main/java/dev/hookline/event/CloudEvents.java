package dev.hookline.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CloudEvents 1.0 structured JSON mapped onto Hookline events and back. Extensions {@code
 * severity}, {@code platform}, {@code userid} and {@code tags} (comma separated) map onto those
 * fields; other extensions go into metadata, and primitive metadata values go out as extensions.
 */
final class CloudEvents {
  private static final Set<String> CONTEXT =
      Set.of(
          "specversion",
          "id",
          "source",
          "type",
          "subject",
          "time",
          "datacontenttype",
          "dataschema",
          "data",
          "data_base64");
  private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]{1,20}");
  private static final String DEFAULT_SOURCE = "/hookline";

  private CloudEvents() {}

  static Event parse(byte[] json, Clock clock) {
    return fromTree(EventJson.readObject(json), clock);
  }

  static Event fromTree(ObjectNode node, Clock clock) {
    String spec = EventJson.optionalText(node, "specversion").orElse(null);
    if (!"1.0".equals(spec)) {
      throw new InvalidEventException(
          "specversion",
          "CloudEvents attribute 'specversion' must be \"1.0\", got "
              + (spec == null ? "none" : "'" + spec + "'"));
    }
    Event.Builder b = Event.builder(EventJson.requiredText(node, "type")).clock(clock);
    b.id(EventJson.requiredText(node, "id"));
    b.source(EventJson.requiredText(node, "source"));
    EventJson.optionalText(node, "subject").ifPresent(b::subject);
    JsonNode time = node.get("time");
    if (time != null && !time.isNull()) {
      if (!time.isTextual()) {
        throw new InvalidEventException(
            "time", "CloudEvents attribute 'time' must be an RFC 3339 string");
      }
      b.timestamp(EventJson.parseTimestamp(time, "time"));
    }
    if (node.has("data_base64")) {
      throw new InvalidEventException(
          "data_base64", "binary CloudEvents data (data_base64) is not supported; send JSON data");
    }
    EventJson.optionalText(node, "datacontenttype")
        .filter(ct -> !ct.startsWith("application/json") && !ct.contains("+json"))
        .ifPresent(
            ct -> {
              throw new InvalidEventException(
                  "datacontenttype",
                  "CloudEvents datacontenttype '" + ct + "' is not JSON; Hookline takes JSON data");
            });
    JsonNode data = node.get("data");
    if (data != null && !data.isNull()) {
      b.data(EventJson.object(data, "data"));
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String name = e.getKey();
      if (CONTEXT.contains(name)) {
        continue;
      }
      JsonNode v = e.getValue();
      switch (name) {
        case "severity" -> b.severity(Severity.fromName(text(v, name)));
        case "platform" -> b.platform(text(v, name));
        case "userid" -> b.userId(text(v, name));
        case "tags" ->
            b.tags(
                Arrays.stream(text(v, name).split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList());
        default -> {
          if (!EXTENSION_NAME.matcher(name).matches()) {
            throw new InvalidEventException(
                name,
                "CloudEvents extension '"
                    + name
                    + "' is invalid: names are 1-20 lowercase letters or digits");
          }
          metadata.put(name, EventJson.MAPPER.convertValue(v, Object.class));
        }
      }
    }
    EventJson.optionalText(node, "dataschema").ifPresent(s -> metadata.put("dataschema", s));
    b.metadata(metadata);
    return b.build();
  }

  static byte[] write(Event e) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(256);
        JsonGenerator g = EventJson.MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("specversion", "1.0");
      g.writeStringField("id", e.id());
      g.writeStringField("source", e.source().orElse(DEFAULT_SOURCE));
      g.writeStringField("type", e.type());
      if (e.subject().isPresent()) {
        g.writeStringField("subject", e.subject().get());
      }
      g.writeStringField("time", e.timestamp().toString());
      g.writeStringField("datacontenttype", "application/json");
      if (e.severity().isPresent()) {
        g.writeStringField("severity", e.severity().get().wireName());
      }
      if (e.platform().isPresent()) {
        g.writeStringField("platform", e.platform().get());
      }
      if (e.userId().isPresent()) {
        g.writeStringField("userid", e.userId().get());
      }
      if (!e.tags().isEmpty()) {
        g.writeStringField("tags", String.join(",", e.tags()));
      }
      for (Map.Entry<String, Object> m : e.metadata().entrySet()) {
        Object v = m.getValue();
        boolean primitive = v instanceof String || v instanceof Number || v instanceof Boolean;
        if (m.getKey().equals("dataschema") && v instanceof String s) {
          g.writeStringField("dataschema", s);
        } else if (primitive
            && EXTENSION_NAME.matcher(m.getKey()).matches()
            && !CONTEXT.contains(m.getKey())
            && !List.of("severity", "platform", "userid", "tags").contains(m.getKey())) {
          g.writeFieldName(m.getKey());
          EventJson.MAPPER.writeValue(g, v);
        }
      }
      g.writeFieldName("data");
      EventJson.MAPPER.writeValue(g, e.data());
      g.writeEndObject();
      g.flush();
      return out.toByteArray();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static String text(JsonNode v, String name) {
    if (!v.isTextual()) {
      throw new InvalidEventException(
          name, "CloudEvents extension '" + name + "' must be a string, got " + EventJson.kind(v));
    }
    return v.textValue();
  }
}
