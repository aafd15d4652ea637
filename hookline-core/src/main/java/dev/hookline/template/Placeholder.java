package dev.hookline.template;

import dev.hookline.event.Event;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code {path}} or {@code {path:spec}} of a template string, with what its error messages need
 * precomputed so that rendering allocates nothing for them.
 */
final class Placeholder {
  private final String path;
  private final FormatSpec spec; // null when the placeholder has no ':'
  private final String raw; // as written, braces included: {confidence:.0%}
  private final String location; // where its string is in the template; "" for the root or text

  Placeholder(String path, FormatSpec spec, String raw, String location) {
    this.path = path;
    this.spec = spec;
    this.raw = raw;
    this.location = location;
  }

  /** True for {@code {path}}, which keeps the value's JSON type when it is a whole string. */
  boolean hasSpec() {
    return spec != null;
  }

  /**
   * The value at the path in the event.
   *
   * @throws TemplateException when the event has no value there
   */
  Object resolve(Event event) {
    Optional<Object> value = event.valueAt(path);
    if (value.isEmpty()) {
      throw missing(event);
    }
    return value.get();
  }

  /** Appends the value, formatted by the spec or as Python's {@code str()} would. */
  void appendTo(Event event, StringBuilder out) {
    Object value = resolve(event);
    if (spec == null) {
      PyFormat.appendStr(value, out);
      return;
    }
    try {
      PyFormat.format(value, spec, out);
    } catch (BadFormatException e) {
      throw new TemplateException(prefix() + e.getMessage() + " in " + describe(event));
    }
  }

  /** The value as a string on its own: formatted by the spec, or its {@code str()}. */
  String render(Event event) {
    if (spec == null) {
      Object value = resolve(event);
      if (value instanceof String s) {
        return s;
      }
      StringBuilder out = new StringBuilder(32);
      PyFormat.appendStr(value, out);
      return out.toString();
    }
    StringBuilder out = new StringBuilder(32);
    appendTo(event, out);
    return out.toString();
  }

  private TemplateException missing(Event event) {
    StringBuilder keys = new StringBuilder();
    int shown = 0;
    for (Map.Entry<String, Object> e : event.data().entrySet()) {
      if (shown == 10) {
        keys.append(", ...");
        break;
      }
      keys.append(shown++ == 0 ? "" : ", ").append(e.getKey());
    }
    return new TemplateException(
        prefix()
            + "no value at path '"
            + path
            + "' in "
            + describe(event)
            + (shown == 0 ? "; its data is empty" : "; its data has " + keys));
  }

  private String prefix() {
    return "template placeholder " + raw + (location.isEmpty() ? "" : " at " + location) + ": ";
  }

  private static String describe(Event event) {
    return "event " + event.type() + " (" + event.id() + ")";
  }

  @Override
  public String toString() {
    return raw;
  }
}
