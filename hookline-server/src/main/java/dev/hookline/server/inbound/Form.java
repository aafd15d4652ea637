package dev.hookline.server.inbound;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code application/x-www-form-urlencoded} bodies (Slack commands, Twilio). */
final class Form {
  static final String MEDIA_TYPE = "application/x-www-form-urlencoded";

  private Form() {}

  /**
   * The fields of a form body in the order received; a field sent several times becomes a list.
   *
   * @throws Rejection 400 {@code malformed_form} on a bad %-escape
   */
  static Map<String, Object> fields(byte[] body) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name;
      String value;
      try {
        name =
            URLDecoder.decode(
                equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
        value =
            equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw Rejection.badRequest(
            "malformed_form", "the body is not a valid form (application/x-www-form-urlencoded)");
      }
      fields.merge(name, value, Form::append);
    }
    return fields;
  }

  private static Object append(Object existing, Object added) {
    List<Object> values = new ArrayList<>();
    if (existing instanceof List<?> list) {
      values.addAll(list);
    } else {
      values.add(existing);
    }
    values.add(added);
    return values;
  }

  /** A field's value when it was sent once and is not blank. */
  static Optional<String> text(Map<String, Object> fields, String name) {
    return fields.get(name) instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
  }
}
