package dev.hookline.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.template.Template;
import dev.hookline.template.TemplateException;
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

  /**
   * Whether an option's value is a template: a string with a brace in it. A plain value (no brace)
   * is used as written, as before routing options could hold placeholders.
   */
  static boolean isTemplate(Object value) {
    return value instanceof String s && (s.indexOf('{') >= 0 || s.indexOf('}') >= 0);
  }

  /**
   * Checks, when the endpoint is registered, that a routing option holding placeholders ({@code
   * repo: "{data.repo}"}) is a well-formed text template; a plain value is not touched.
   *
   * @throws InvalidEndpointException naming {@code format.key} and the template's fault
   */
  static void checkTemplate(Endpoint e, String format, String key, Object value) {
    if (!isTemplate(value)) {
      return;
    }
    try {
      Template.text((String) value);
    } catch (TemplateException bad) {
      throw new InvalidEndpointException(
          format + "." + key,
          "endpoint '" + e.id() + "': " + format + "." + key + ": " + bad.getMessage());
    }
  }

  /**
   * A routing option's value for this event: a template ({@link #isTemplate}) rendered as text over
   * the event, else the value's text. Both are stripped; empty when the option is absent.
   *
   * @throws FormatException naming {@code format.key} when a placeholder's path is missing in the
   *     event or the value renders empty: the delivery ends dead, since a retry renders the same
   */
  static Optional<String> routed(Endpoint e, String format, String key, Object value, Event event) {
    if (value == null) {
      return Optional.empty();
    }
    if (!isTemplate(value)) {
      return Optional.of(value.toString().strip());
    }
    String rendered;
    try {
      rendered = Template.text((String) value).renderString(event).strip();
    } catch (TemplateException missing) {
      throw new FormatException(
          "endpoint '"
              + e.id()
              + "': "
              + format
              + "."
              + key
              + " '"
              + value
              + "' cannot be filled from event "
              + event.id()
              + ": "
              + missing.getMessage(),
          missing);
    }
    if (rendered.isEmpty()) {
      throw renderedInvalid(e, format, key, value, rendered, event, "it is empty");
    }
    return Optional.of(rendered);
  }

  /** A routing option rendered for an event to a value the service cannot take. */
  static FormatException renderedInvalid(
      Endpoint e,
      String format,
      String key,
      Object value,
      String rendered,
      Event event,
      String why) {
    return new FormatException(
        "endpoint '"
            + e.id()
            + "': "
            + format
            + "."
            + key
            + " '"
            + value
            + "' gave '"
            + rendered
            + "' for event "
            + event.id()
            + ", which cannot be used: "
            + why);
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
