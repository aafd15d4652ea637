package dev.hookline.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.routing.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed readers of YAML values: each checks a node's kind and throws a {@link Problem} at the
 * value's path, in the words a config file's author reads.
 */
final class ConfigValues {
  private ConfigValues() {}

  /** A problem at a path, thrown to abandon the item being read. */
  static final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String path;

    Problem(String path, String message) {
      super(message, null, false, false);
      this.path = path;
    }
  }

  static Problem fail(String path, String message) {
    throw new Problem(path, message);
  }

  static ObjectNode object(JsonNode n, String path, String what) {
    if (!n.isObject()) {
      fail(path, "expected " + what + ", got " + describe(n));
    }
    return (ObjectNode) n;
  }

  static boolean present(ObjectNode o, String key) {
    JsonNode v = o.get(key);
    return v != null && !v.isNull();
  }

  static String text(JsonNode n, String path) {
    if (!n.isTextual()) {
      fail(
          path,
          "expected a string, got "
              + describe(n)
              + (n.isNumber() || n.isBoolean() ? "; quote it to make it a string" : ""));
    }
    return n.textValue();
  }

  static String nonEmpty(JsonNode n, String path, String what) {
    String s = text(n, path);
    if (s.isBlank()) {
      fail(path, "is empty (is its environment variable set?); give " + what);
    }
    return s;
  }

  static long whole(JsonNode n, String path, String what) {
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      fail(path, "expected a whole number (" + what + "), got " + describe(n));
    }
    return n.longValue();
  }

  static boolean bool(JsonNode n, String path) {
    if (!n.isBoolean()) {
      fail(path, "expected true or false, got " + describe(n));
    }
    return n.booleanValue();
  }

  static List<String> strings(JsonNode n, String path, String what) {
    if (n.isTextual()) {
      return List.of(n.textValue());
    }
    if (!n.isArray()) {
      fail(path, "expected a list of " + what + ", got " + describe(n));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      out.add(text(n.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  static Duration duration(JsonNode n, String path) {
    if (!n.isTextual() && !n.isNumber()) {
      fail(path, "expected a duration such as 500ms, 5s, 5m, 2h or 1d, got " + describe(n));
    }
    try {
      return Durations.parse(n.isTextual() ? n.textValue() : n.decimalValue().toPlainString());
    } catch (IllegalArgumentException e) {
      throw new Problem(path, e.getMessage());
    }
  }

  static Duration positive(Duration d, String path) {
    if (d.isZero()) {
      fail(path, "must be longer than 0");
    }
    return d;
  }

  static String describe(JsonNode n) {
    if (n.isNull()) {
      return "nothing (null)";
    }
    if (n.isTextual()) {
      String t = n.textValue();
      return "the string '" + (t.length() > 40 ? t.substring(0, 37) + "..." : t) + "'";
    }
    if (n.isBoolean()) {
      return "the boolean " + n.booleanValue();
    }
    if (n.isNumber()) {
      return "the number " + n.asText();
    }
    return n.isArray() ? "a list" : "a map";
  }
}
