package dev.hookline.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.InvalidEndpointException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading format options and service answers, shared by the integrations. */
final class Options {
  private Options() {}

  /**
   * A list-of-strings option, given as a list or as one comma-separated string; empty when absent.
   *
   * @throws InvalidEndpointException when it is neither
   */
  static List<String> stringList(Endpoint e, String format, String key) {
    Object v = e.formatOptions().get(key);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (v instanceof String s) {
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
      return out;
    }
    if (v instanceof List<?> list) {
      for (Object item : list) {
        if (item == null || item instanceof Map || item instanceof List) {
          throw notStrings(e, format, key);
        }
        out.add(item.toString());
      }
      return out;
    }
    throw notStrings(e, format, key);
  }

  private static InvalidEndpointException notStrings(Endpoint e, String format, String key) {
    return new InvalidEndpointException(
        format + "." + key,
        "endpoint '"
            + e.id()
            + "': "
            + format
            + "."
            + key
            + " must be a list of strings (or one comma-separated string)");
  }

  /** The first value of header {@code name}, ignoring case. */
  static Optional<String> header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
        return Optional.of(h.getValue().get(0));
      }
    }
    return Optional.empty();
  }

  /**
   * Whether an answer says its rate limit has no request left: {@code X-RateLimit-Remaining: 0}.
   */
  static boolean rateLimitSpent(Map<String, List<String>> headers) {
    return header(headers, "X-RateLimit-Remaining")
        .map(String::strip)
        .filter("0"::equals)
        .isPresent();
  }

  /** A JSON answer, or {@code null} when the body is empty or not JSON. */
  static JsonNode json(byte[] body) {
    try {
      return body.length == 0 ? null : Formats.JSON.readTree(body);
    } catch (IOException notJson) {
      return null;
    }
  }
}
