package dev.hookline.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A raw endpoint's {@code content_type: form} body: {@code application/x-www-form-urlencoded},
 * UTF-8, one field per key of the rendered map in its order. A text, number or boolean is its text;
 * a list or an object is its compact JSON (as Jenkins' {@code json} parameter takes); a null is an
 * empty field.
 */
final class FormBody {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FormBody() {}

  /** A rendered template (maps, lists, strings...) as a tree. */
  static JsonNode tree(Object rendered) {
    return JSON.valueToTree(rendered);
  }

  /** The stored event's JSON as a tree. */
  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // the store keeps only events it could write
    }
  }

  /** The form encoding of a map; build() allows form only with a map template or the event. */
  static byte[] encode(JsonNode map) {
    StringBuilder b = new StringBuilder(256);
    for (Map.Entry<String, JsonNode> field : map.properties()) {
      if (!b.isEmpty()) {
        b.append('&');
      }
      JsonNode v = field.getValue();
      String text = v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
      b.append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(text, StandardCharsets.UTF_8));
    }
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
