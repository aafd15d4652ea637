package dev.hookline.routing;

import dev.hookline.event.Event;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One entry of {@code filters.content_filters}: a test on the value at a dotted {@code field} path
 * of the event (DESIGN §3's path rule, so {@code error.message} means {@code data.error.message}).
 *
 * <ul>
 *   <li>{@code contains}: a string field contains {@code value} (as text) as a substring; a list
 *       field has {@code value} as an element;
 *   <li>{@code regex}: the field (a string, or a number or boolean as its text) has a match for
 *       {@code pattern} anywhere in it (like Python's {@code re.search}; anchor with {@code ^ $});
 *   <li>{@code equals}: the field equals {@code value} (numbers by value: {@code 5} equals {@code
 *       5.0});
 *   <li>{@code in}: the field equals one of the elements of {@code value}, a list;
 *   <li>{@code gt}, {@code lt}: the field, a number or a numeric string, is greater or less than
 *       {@code value}.
 * </ul>
 *
 * A missing field (or a JSON {@code null}) never matches, and a field of the wrong type does not
 * match; neither throws. Regular expressions are compiled once, when the filter is created.
 *
 * <p>Immutable and thread-safe; equal when type, field and value are equal. A class rather than a
 * record so that it can hold the compiled pattern.
 */
public final class ContentFilter {

  /** The kind of test. */
  public enum Type {
    /** Substring of a string, or element of a list. */
    CONTAINS,
    /** Regular expression found in the value. */
    REGEX,
    /** Equal to the value. */
    EQUALS,
    /** One of a list of values. */
    IN,
    /** Numerically greater than the value. */
    GT,
    /** Numerically less than the value. */
    LT;

    /** The contract name: {@code contains}, {@code regex}, {@code equals}, ... */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a contract name, ignoring case; empty when unknown. */
    public static Optional<Type> fromName(String name) {
      for (Type t : values()) {
        if (t.name().equalsIgnoreCase(name)) {
          return Optional.of(t);
        }
      }
      return Optional.empty();
    }
  }

  private static final String KEY = "filters.content_filters";

  private final Type type;
  private final String field;
  private final Object value;
  private final Pattern pattern; // REGEX only
  private final BigDecimal number; // GT and LT only

  private ContentFilter(Type type, String field, Object value) {
    this.type = Objects.requireNonNull(type, "type");
    this.field = Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
    if (field.isEmpty() || field.startsWith(".") || field.endsWith(".") || field.contains("..")) {
      throw new InvalidEndpointException(
          KEY + ".field",
          "content filter field '" + field + "' is not a dotted path such as error.message");
    }
    this.value = normaliseValue(type, value);
    this.pattern = type == Type.REGEX ? compile((String) this.value) : null;
    this.number = type == Type.GT || type == Type.LT ? Values.decimal(this.value).get() : null;
  }

  /**
   * A filter of any type, as a config file gives it ({@code value} holds {@code pattern} for {@code
   * regex}).
   *
   * @throws InvalidEndpointException when the value does not suit the type: a regex that does not
   *     compile, an {@code in} value that is not a list, a {@code gt}/{@code lt} value that is not
   *     a number
   */
  public static ContentFilter of(Type type, String field, Object value) {
    return new ContentFilter(type, field, value);
  }

  /** The field's string contains {@code value}, or its list has {@code value} as an element. */
  public static ContentFilter contains(String field, Object value) {
    return of(Type.CONTAINS, field, value);
  }

  /**
   * The field has a match for {@code pattern} (Java regex syntax) anywhere in it.
   *
   * @throws InvalidEndpointException when the pattern does not compile
   */
  public static ContentFilter regex(String field, String pattern) {
    return of(Type.REGEX, field, pattern);
  }

  /** The field equals {@code value}; numbers compare by value. */
  public static ContentFilter equalTo(String field, Object value) {
    return of(Type.EQUALS, field, value);
  }

  /** The field equals one of {@code values}. */
  public static ContentFilter in(String field, List<?> values) {
    return of(Type.IN, field, values);
  }

  /** The field is a number (or numeric string) greater than {@code value}. */
  public static ContentFilter greaterThan(String field, Number value) {
    return of(Type.GT, field, value);
  }

  /** The field is a number (or numeric string) less than {@code value}. */
  public static ContentFilter lessThan(String field, Number value) {
    return of(Type.LT, field, value);
  }

  /** The kind of test. */
  public Type type() {
    return type;
  }

  /** The dotted path of the field tested. */
  public String field() {
    return field;
  }

  /**
   * The value compared with: a string for {@code regex} (the pattern), a list for {@code in}, a
   * number or string otherwise.
   */
  public Object value() {
    return value;
  }

  /** True when the event's field passes this filter. Never throws. */
  public boolean test(Event event) {
    return mismatch(event) == null;
  }

  /** Why the event fails this filter, or null when it passes. */
  String mismatch(Event event) {
    Object actual = valueIn(event);
    return accepts(actual) ? null : why(actual);
  }

  /** The value at {@link #field} in {@code event}, or null when it is missing (or JSON null). */
  Object valueIn(Event event) {
    return event.valueAt(field).orElse(null);
  }

  /** True when {@code actual}, the value {@link #valueIn} found, passes this filter. */
  boolean accepts(Object actual) {
    if (actual == null) {
      return false;
    }
    return switch (type) {
      case CONTAINS ->
          actual instanceof String s
              ? s.contains(value.toString())
              : actual instanceof List<?> list
                  && list.stream().anyMatch(e -> e != null && Values.jsonEquals(e, value));
      case REGEX ->
          (actual instanceof String || actual instanceof Number || actual instanceof Boolean)
              && pattern.matcher(actual.toString()).find();
      case EQUALS -> Values.jsonEquals(actual, value);
      case IN -> ((List<?>) value).stream().anyMatch(v -> Values.jsonEquals(actual, v));
      case GT, LT ->
          Values.decimal(actual)
              .map(d -> type == Type.GT ? d.compareTo(number) > 0 : d.compareTo(number) < 0)
              .orElse(false);
    };
  }

  /** Why {@code actual}, a value {@link #accepts} rejected, fails this filter. */
  String why(Object actual) {
    return actual == null
        ? this + " did not match: field '" + field + "' is missing"
        : this + " did not match " + Values.describe(actual);
  }

  private static Object normaliseValue(Type type, Object value) {
    return switch (type) {
      case REGEX -> {
        if (!(value instanceof CharSequence)) {
          throw new InvalidEndpointException(
              KEY + ".pattern", "regex content filter needs a string pattern, got " + value);
        }
        yield value.toString();
      }
      case IN -> {
        if (!(value instanceof List<?> list)) {
          throw new InvalidEndpointException(
              KEY + ".value", "'in' content filter needs a list value, got " + value);
        }
        yield list.stream().map(ContentFilter::scalar).toList();
      }
      case GT, LT -> {
        Object v = scalar(value);
        if (Values.decimal(v).isEmpty()) {
          throw new InvalidEndpointException(
              KEY + ".value",
              "'"
                  + type.wireName()
                  + "' content filter needs a number value, got "
                  + Values.describe(v));
        }
        yield v;
      }
      case CONTAINS, EQUALS -> scalar(value);
    };
  }

  private static Object scalar(Object v) {
    Object n = v == null ? null : Values.normalise(v);
    if (!(n instanceof String || n instanceof Number || n instanceof Boolean)) {
      throw new InvalidEndpointException(
          KEY + ".value", "content filter values must be strings, numbers or booleans, got " + v);
    }
    return n;
  }

  private static Pattern compile(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new InvalidEndpointException(
          KEY + ".pattern",
          "regex content filter pattern '" + regex + "' does not compile: " + e.getDescription(),
          e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContentFilter other
        && other.type == type
        && other.field.equals(field)
        && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, field, value);
  }

  /** The filter as {@code contains(error.message, 'database')}. */
  @Override
  public String toString() {
    return type.wireName() + "(" + field + ", " + Values.describe(value) + ")";
  }
}
