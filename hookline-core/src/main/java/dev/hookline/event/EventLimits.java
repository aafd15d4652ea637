package dev.hookline.event;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import dev.hookline.internal.JsonMappers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The limits an event's {@code data} and {@code metadata} must keep to be accepted, checked once,
 * before an event is stored, so that what the store holds can always be read back — by Hookline and
 * by receivers whose JSON parser keeps Jackson's default constraints (names up to 50,000 chars or
 * bytes, numbers up to 1,000 digits, nesting up to 1,000 levels).
 *
 * <p>Reading stored JSON uses {@link #readConstraints()}, which refuses nothing this check lets
 * through (and no name or string however long), so a stored event never breaks a listing.
 */
public final class EventLimits {
  /**
   * The longest field name, in characters: at most 40,000 UTF-8 bytes, within Jackson's default
   * {@code maxNameLength} of 50,000 whether a reader counts characters or bytes.
   */
  public static final int MAX_FIELD_NAME_LENGTH = 10_000;

  /** The most digits (and sign, point, exponent) a number may be written with. */
  public static final int MAX_NUMBER_LENGTH = StreamReadConstraints.DEFAULT_MAX_NUM_LEN;

  /**
   * The deepest nesting of objects and lists inside {@code data} or {@code metadata}: half of
   * Jackson's default for reading and writing, leaving room for the envelopes an event travels in
   * (the event itself, a batch, an API page).
   */
  public static final int MAX_DEPTH = StreamWriteConstraints.DEFAULT_MAX_DEPTH / 2;

  private static final StreamReadConstraints READ = JsonMappers.READ_CONSTRAINTS;

  private EventLimits() {}

  /**
   * Checks an event's {@code data} and {@code metadata} against the limits. Thread-safe.
   *
   * @throws InvalidEventException naming the field path and the limit it breaks
   */
  public static void check(Event event) {
    walk(event.data(), new ArrayDeque<>(List.of("data")), 1);
    walk(event.metadata(), new ArrayDeque<>(List.of("metadata")), 1);
  }

  /**
   * The read constraints for JSON that Hookline stored or will store: no limit on the length of
   * names or strings (the writer has none), and the writer's nesting depth. Every JSON reader of
   * stored data (events, endpoint and workflow definitions, runs) uses them, so what was written is
   * always readable.
   */
  public static StreamReadConstraints readConstraints() {
    return READ;
  }

  // The path is kept as segments and joined only for a message: joining at every level would cost
  // the square of the depth.
  private static void walk(Object value, Deque<String> path, int depth) {
    switch (value) {
      case Map<?, ?> map -> {
        deep(path, depth);
        for (Map.Entry<?, ?> e : map.entrySet()) {
          String name = String.valueOf(e.getKey());
          if (name.length() > MAX_FIELD_NAME_LENGTH) {
            throw new InvalidEventException(
                join(path),
                "a field name in '"
                    + join(path)
                    + "' is "
                    + name.length()
                    + " characters long; the limit is "
                    + MAX_FIELD_NAME_LENGTH
                    + " (it starts '"
                    + name.substring(0, 40)
                    + "...')");
          }
          path.addLast(name);
          walk(e.getValue(), path, depth + 1);
          path.removeLast();
        }
      }
      case List<?> list -> {
        deep(path, depth);
        for (int i = 0; i < list.size(); i++) {
          path.addLast(Integer.toString(i));
          walk(list.get(i), path, depth + 1);
          path.removeLast();
        }
      }
      case BigDecimal b -> number(path, b.toString());
      case BigInteger b -> number(path, b.toString());
      case null, default -> {}
    }
  }

  private static void deep(Deque<String> path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new InvalidEventException(
          join(path), "'" + join(path) + "' is nested deeper than the limit of " + MAX_DEPTH);
    }
  }

  private static void number(Deque<String> path, String text) {
    if (text.length() > MAX_NUMBER_LENGTH) {
      throw new InvalidEventException(
          join(path),
          "the number at '"
              + join(path)
              + "' is written with "
              + text.length()
              + " characters; the limit is "
              + MAX_NUMBER_LENGTH);
    }
  }

  /** The dotted path, cut to 300 characters. */
  private static String join(Deque<String> path) {
    String joined = String.join(".", path);
    return joined.length() > 300 ? joined.substring(0, 300) + "..." : joined;
  }
}
