package dev.hookline.server.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.internal.JsonMappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading webhook bodies and writing answers. */
final class Json {
  // Names of any length are read, so EventLimits alone decides what is refused, and says so.
  private static final ObjectMapper MAPPER = JsonMappers.STRICT;

  private Json() {}

  /**
   * The body as a JSON object.
   *
   * @throws Rejection 400 {@code malformed_json} when it is not JSON, {@code invalid_payload} when
   *     it is JSON but no object
   */
  static Map<String, Object> object(byte[] body) {
    Object value;
    try {
      value = MAPPER.readValue(body, Object.class);
    } catch (JsonProcessingException e) {
      throw Rejection.badRequest(
          "malformed_json",
          "the body is not valid JSON"
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                      + ")"));
    } catch (IOException e) {
      throw Rejection.badRequest("malformed_json", "the body is not valid JSON");
    }
    return requireObject(value, "the body");
  }

  /** Like {@link #object(byte[])}, for JSON carried in a form field. */
  static Map<String, Object> object(String text) {
    return object(text.getBytes(StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> requireObject(Object value, String what) {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw Rejection.badRequest(
        "invalid_payload", what + " must be a JSON object, not " + kind(value));
  }

  private static String kind(Object value) {
    return switch (value) {
      case null -> "null";
      case List<?> list -> "an array";
      case String s -> "a string";
      case Boolean b -> "a boolean";
      case Number n -> "a number";
      default -> value.getClass().getSimpleName();
    };
  }

  /**
   * The value at a path of object keys, as text when it is a string or a number; empty when a step
   * is missing or not an object.
   */
  static Optional<String> text(Map<String, Object> root, String... path) {
    Object value = root;
    for (String key : path) {
      if (!(value instanceof Map<?, ?> map)) {
        return Optional.empty();
      }
      value = map.get(key);
    }
    return switch (value) {
      case String s when !s.isBlank() -> Optional.of(s);
      case Number n -> Optional.of(n.toString());
      case null, default -> Optional.empty();
    };
  }

  /** A map in the order given: key, value, key, value, ...; null values are left out. */
  static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        map.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return map;
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }
}
