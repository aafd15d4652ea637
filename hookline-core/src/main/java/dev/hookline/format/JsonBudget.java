package dev.hookline.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.ToIntFunction;

/**
 * Keeps a JSON document within a service's size limit by shortening its longest strings (with an
 * ellipsis), never by failing: Jira's description, GitHub's {@code client_payload}.
 */
final class JsonBudget {
  /** Enough rounds for any real document; a pathological one stops over the limit. */
  private static final int MAX_ROUNDS = 10_000;

  private JsonBudget() {}

  /** The size of a serialized document in characters. */
  static final ToIntFunction<String> CHARS = String::length;

  /** The size of a serialized document in UTF-8 bytes. */
  static final ToIntFunction<String> UTF8_BYTES = Texts::utf8Length;

  /**
   * Shortens the longest strings of {@code root} that {@code cuttable} accepts (given the object or
   * array holding the string, and its field name, or {@code null} in an array) until the serialized
   * document is at most {@code max} by {@code size}. A string keeps at least one character.
   *
   * @return whether the document now fits
   */
  static boolean fit(
      JsonNode root, int max, ToIntFunction<String> size, BiPredicate<JsonNode, String> cuttable) {
    for (int round = 0; round < MAX_ROUNDS; round++) {
      int over = size.applyAsInt(root.toString()) - max;
      if (over <= 0) {
        return true;
      }
      Slot longest = longest(root, cuttable, null);
      if (longest == null) {
        return false;
      }
      // The ellipsis takes up to 3 bytes; escaped characters only make the cut count for more.
      int keep = Math.max(1, longest.text.length() - over - 3);
      longest.replace(Texts.truncate(longest.text, keep));
    }
    return size.applyAsInt(root.toString()) <= max;
  }

  /** A string in an object's field or at an array's index. */
  private record Slot(JsonNode parent, String field, int index, String text) {
    void replace(String value) {
      if (parent instanceof ObjectNode o) {
        o.put(field, value);
      } else {
        ((ArrayNode) parent).set(index, TextNode.valueOf(value));
      }
    }
  }

  private static Slot longest(JsonNode node, BiPredicate<JsonNode, String> cuttable, Slot best) {
    if (node instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> f : o.properties()) {
        best = consider(o, f.getKey(), -1, f.getValue(), cuttable, best);
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        best = consider(a, null, i, a.get(i), cuttable, best);
      }
    }
    return best;
  }

  private static Slot consider(
      JsonNode parent,
      String field,
      int index,
      JsonNode v,
      BiPredicate<JsonNode, String> cuttable,
      Slot best) {
    if (!v.isTextual()) {
      return longest(v, cuttable, best);
    }
    String text = v.asText();
    boolean longer = best == null || text.length() > best.text.length();
    return text.length() > 1 && longer && cuttable.test(parent, field)
        ? new Slot(parent, field, index, text)
        : best;
  }
}
