package dev.hookline.template;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hookline.internal.JsonMappers;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading template documents, freezing template trees and writing rendered values as JSON. */
final class JsonTrees {
  static final ObjectMapper JSON = JsonMappers.STRICT;

  static final ObjectMapper YAML =
      YAMLMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  static final JsonFactory FACTORY = JSON.getFactory();

  private JsonTrees() {}

  /**
   * Reads a JSON or YAML document. A document that starts like JSON (<code>&#123; [ "</code>) is
   * read as JSON first, so it keeps JSON's semantics (YAML 1.1 reads {@code 1e3} as a string and
   * rejects {@code \/}); only when it is not valid JSON is it read as YAML (a flow mapping such as
   * {@code {text: hi}}).
   */
  static Object readDocument(String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      throw new TemplateException("template document is empty");
    }
    char first = t.charAt(0);
    JsonNode tree;
    if (first == '{' || first == '[' || first == '"') {
      try {
        tree = JSON.readTree(text);
      } catch (JsonProcessingException json) {
        try {
          tree = YAML.readTree(text);
        } catch (JsonProcessingException yaml) {
          throw new TemplateException(
              "template is not valid JSON: "
                  + json.getOriginalMessage()
                  + where(json.getLocation())
                  + "; nor valid YAML: "
                  + yaml.getOriginalMessage()
                  + where(yaml.getLocation()),
              json);
        }
      }
    } else {
      try {
        tree = YAML.readTree(text);
      } catch (JsonProcessingException yaml) {
        throw new TemplateException(
            "template is not valid YAML: " + yaml.getOriginalMessage() + where(yaml.getLocation()),
            yaml);
      }
    }
    if (tree == null || tree.isMissingNode()) {
      throw new TemplateException("template document is empty");
    }
    if (tree.isNull()) {
      throw new TemplateException("template document is null; write an object, a list or a string");
    }
    return JSON.convertValue(tree, Object.class);
  }

  private static String where(JsonLocation location) {
    return location == null
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  /**
   * A deep-immutable copy of a JSON-like tree: maps with string keys keep their order, integers
   * narrower than long become Long, JsonNodes become plain values.
   *
   * @throws TemplateException naming the location of a value that is not JSON-like
   */
  static Object freeze(Object value, String location) {
    return switch (value) {
      case null -> null;
      case String s -> s;
      case Boolean b -> b;
      case Long l -> l;
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case Double d -> d;
      case Float f -> f;
      case BigInteger b -> b;
      case BigDecimal b -> b;
      case JsonNode n -> freeze(JSON.convertValue(n, Object.class), location);
      case Map<?, ?> m -> {
        LinkedHashMap<String, Object> copy = LinkedHashMap.newLinkedHashMap(m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!(e.getKey() instanceof String key)) {
            throw new TemplateException(
                "template key '"
                    + e.getKey()
                    + "' at "
                    + describe(location)
                    + " is not a string; JSON object keys are strings");
          }
          copy.put(key, freeze(e.getValue(), child(location, key)));
        }
        yield Collections.unmodifiableMap(copy);
      }
      case Collection<?> c -> {
        List<Object> copy = new ArrayList<>(c.size());
        for (Object o : c) {
          copy.add(freeze(o, child(location, Integer.toString(copy.size()))));
        }
        yield Collections.unmodifiableList(copy);
      }
      default ->
          throw new TemplateException(
              "template value at "
                  + describe(location)
                  + " is a "
                  + value.getClass().getName()
                  + "; use JSON-like values (String, Number, Boolean, List, Map or null)");
    };
  }

  static String child(String location, String key) {
    return location.isEmpty() ? key : location + "." + key;
  }

  static String describe(String location) {
    return location.isEmpty() ? "the root" : location;
  }

  /** Writes a JSON-like value (as held by events and frozen templates). */
  static void write(JsonGenerator g, Object value) throws IOException {
    switch (value) {
      case null -> g.writeNull();
      case String s -> g.writeString(s);
      case Long l -> g.writeNumber(l.longValue());
      case Double d -> g.writeNumber(d.doubleValue());
      case Boolean b -> g.writeBoolean(b);
      case Integer i -> g.writeNumber(i.intValue());
      case Float f -> g.writeNumber(f.floatValue());
      case BigInteger b -> g.writeNumber(b);
      case BigDecimal b -> g.writeNumber(b);
      case Map<?, ?> m -> {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          g.writeFieldName(String.valueOf(e.getKey()));
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      case List<?> l -> {
        g.writeStartArray();
        for (Object o : l) {
          write(g, o);
        }
        g.writeEndArray();
      }
      case Number n -> g.writeNumber(n.longValue());
      default -> g.writeString(value.toString());
    }
  }

  /** Compact JSON text of a JSON-like value. */
  static String toJson(Object value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
