package dev.hookline.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * Fits a JSON body into a service's size limit without failing: the longest strings are cut, all to
 * one common length (the largest that fits, found by binary search), so that no single value takes
 * the whole budget and nothing is cut more than it must be.
 */
final class Shrink {
  private Shrink() {}

  /** A string in a JSON tree that may be cut: an object's field or an array's element. */
  record Slot(JsonNode parent, String field, int index, String original) {
    void set(String value) {
      if (parent instanceof ObjectNode o) {
        o.put(field, value);
      } else {
        ((ArrayNode) parent).set(index, TextNode.valueOf(value));
      }
    }
  }

  /**
   * Gives every slot its original string cut to a common cap (ending in "…" when cut), choosing the
   * largest cap not below {@code floor} for which {@code measure} is at most {@code budget} (so a
   * slot cut before grows back when there is room). When even {@code floor} is too long the slots
   * are left at {@code floor}.
   *
   * @return whether the measure now fits the budget
   */
  static boolean capStrings(List<Slot> slots, IntSupplier measure, int budget, int floor) {
    int hi = floor;
    for (Slot s : slots) {
      hi = Math.max(hi, s.original().length());
    }
    cap(slots, hi);
    if (measure.getAsInt() <= budget) {
      return true;
    }
    cap(slots, floor);
    if (measure.getAsInt() > budget) {
      return false;
    }
    int lo = floor; // lo always fits
    hi--;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      cap(slots, mid);
      if (measure.getAsInt() <= budget) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    cap(slots, lo);
    return true;
  }

  /** Gives every slot its original string cut to {@code cap}. */
  static void cap(List<Slot> slots, int cap) {
    for (Slot s : slots) {
      s.set(Texts.truncate(s.original(), cap));
    }
  }

  /**
   * The strings under {@code root} longer than {@code floor}, except the values of keys in {@code
   * kept} (URLs, types, ids: cutting them would break the body rather than shorten it).
   */
  static List<Slot> slots(JsonNode root, int floor, Set<String> kept) {
    List<Slot> out = new ArrayList<>();
    collect(root, floor, kept, null, false, true, out);
    return out;
  }

  /** How a service measures a body: in characters. */
  static final ToIntFunction<String> CHARS = String::length;

  /** How a service measures a body: in UTF-8 bytes. */
  static final ToIntFunction<String> UTF8_BYTES = Texts::utf8Length;

  /**
   * Cuts the strings under {@code root} for which {@code cuttable} holds (given the parent node and
   * the field name, null for an array's element) to a common length, so that the body measured by
   * {@code size} is at most {@code max}.
   *
   * @return whether it fits
   */
  static boolean fit(
      JsonNode root, int max, ToIntFunction<String> size, BiPredicate<JsonNode, String> cuttable) {
    List<Slot> slots = new ArrayList<>();
    collect(root, cuttable, slots);
    return capStrings(slots, () -> size.applyAsInt(root.toString()), max, 1);
  }

  private static void collect(
      JsonNode node, BiPredicate<JsonNode, String> cuttable, List<Slot> out) {
    if (node instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        JsonNode v = e.getValue();
        if (!v.isTextual()) {
          collect(v, cuttable, out);
        } else if (v.asText().length() > 1 && cuttable.test(o, e.getKey())) {
          out.add(new Slot(o, e.getKey(), -1, v.asText()));
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode v = a.get(i);
        if (!v.isTextual()) {
          collect(v, cuttable, out);
        } else if (v.asText().length() > 1 && cuttable.test(a, null)) {
          out.add(new Slot(a, null, i, v.asText()));
        }
      }
    }
  }

  /** Those of {@link #slots} that are somewhere under a key named {@code key}, or not. */
  static List<Slot> slots(JsonNode root, int floor, Set<String> kept, String key, boolean under) {
    List<Slot> out = new ArrayList<>();
    collect(root, floor, kept, key, under, !under, out);
    return out;
  }

  /**
   * Collects slots; {@code inside} says whether the current node's strings count. Below a key named
   * {@code key}, strings count when {@code under} and do not otherwise.
   */
  private static void collect(
      JsonNode node,
      int floor,
      Set<String> kept,
      String key,
      boolean under,
      boolean inside,
      List<Slot> out) {
    if (node instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        JsonNode v = e.getValue();
        if (v.isTextual()) {
          if (inside && !kept.contains(e.getKey()) && v.asText().length() > floor) {
            out.add(new Slot(o, e.getKey(), -1, v.asText()));
          }
        } else {
          boolean next = e.getKey().equals(key) ? under : inside;
          collect(v, floor, kept, key, under, next, out);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode v = a.get(i);
        if (v.isTextual()) {
          if (inside && v.asText().length() > floor) {
            out.add(new Slot(a, null, i, v.asText()));
          }
        } else {
          collect(v, floor, kept, key, under, inside, out);
        }
      }
    }
  }

  /**
   * Removes elements from the end of the array under {@code root} with the most elements (at least
   * two; the larger when two have as many; never the value of a key in {@code kept}, though arrays
   * inside it may lose elements), in proportion to how far {@code measure} is over the budget,
   * once. The longest list is the one of repeated, least important items (facts), not the body.
   *
   * @return false when no array could lose an element
   */
  static boolean dropFromLargestArray(
      JsonNode root, IntSupplier measure, int budget, Set<String> kept) {
    ArrayNode largest = null;
    int largestSize = 0;
    List<ArrayNode> arrays = new ArrayList<>();
    arrays(root, kept, arrays);
    for (ArrayNode a : arrays) {
      if (a.size() < 2) {
        continue;
      }
      int size = a.toString().length();
      if (largest == null
          || a.size() > largest.size()
          || (a.size() == largest.size() && size > largestSize)) {
        largest = a;
        largestSize = size;
      }
    }
    if (largest == null) {
      return false;
    }
    int over = measure.getAsInt() - budget;
    int n = largest.size();
    int drop = Math.max(1, (int) Math.ceil((double) n * over / Math.max(1, largestSize)));
    drop = Math.min(drop, n - 1);
    for (int i = 0; i < drop; i++) {
      largest.remove(largest.size() - 1);
    }
    return true;
  }

  private static void arrays(JsonNode node, Set<String> kept, List<ArrayNode> out) {
    if (node instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        if (e.getValue() instanceof ArrayNode a && !kept.contains(e.getKey())) {
          out.add(a);
        }
        arrays(e.getValue(), kept, out);
      }
    } else if (node instanceof ArrayNode a) {
      for (JsonNode v : a) {
        if (v instanceof ArrayNode inner) {
          out.add(inner);
        }
        arrays(v, kept, out);
      }
    }
  }
}
