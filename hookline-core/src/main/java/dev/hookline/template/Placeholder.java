package dev.hookline.template;

import dev.hookline.event.Event;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code {path}}, {@code {path:spec}} or {@code {path|default}} of a template string, with what
 * its error messages need precomputed so that rendering allocates nothing for them.
 */
final class Placeholder {
  private final String path;
  private final ValueSpec spec; // null without a ':' or with a time spec
  private final TimeSpec time; // null unless the spec is unix, unix_ms or a strftime pattern
  private final String fallback; // after '|', shown as written when the path has no value; or null
  private final boolean emptyWhenMissing; // Template.Missing.EMPTY
  private final String raw; // as written, braces included: {confidence:.0%}
  private final String location; // where its string is in the template; "" for the root or text

  Placeholder(
      String path,
      ValueSpec spec,
      TimeSpec time,
      String fallback,
      boolean emptyWhenMissing,
      String raw,
      String location) {
    this.path = path;
    this.spec = spec;
    this.time = time;
    this.fallback = fallback;
    this.emptyWhenMissing = emptyWhenMissing;
    this.raw = raw;
    this.location = location;
  }

  /**
   * True for {@code {path}}, {@code {path|default}}, {@code {path:unix}} and {@code
   * {path:unix_ms}}: as a whole string they keep the value's JSON type (a number for unix times).
   */
  boolean keepsType() {
    return spec == null && (time == null || time.numeric());
  }

  /**
   * The value at the path in the event, converted by a time spec; when there is none, the default,
   * or (with {@code Missing.EMPTY}) null.
   *
   * @throws TemplateException when the event has no value there and nothing stands in for it, or
   *     the value is not a time under a time spec
   */
  Object resolve(Event event) {
    Optional<Object> value = event.valueAt(path);
    if (value.isEmpty()) {
      if (fallback != null) {
        return fallback;
      }
      if (emptyWhenMissing) {
        return null;
      }
      throw missing(event);
    }
    if (time == null) {
      return value.get();
    }
    try {
      return time.apply(value.get());
    } catch (BadSpecException e) {
      throw new TemplateException(prefix() + e.getMessage() + " in " + describe(event));
    }
  }

  /** Appends the value, formatted by the spec or as Python's {@code str()} would. */
  void appendTo(Event event, StringBuilder out) {
    Object value = resolve(event);
    if (value == null) {
      return; // Missing.EMPTY: an empty string
    }
    if (spec == null || (fallback != null && value == fallback)) {
      SpecFormatter.appendStr(value, out);
      return;
    }
    try {
      SpecFormatter.format(value, spec, out);
    } catch (BadSpecException e) {
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
      if (value == null) {
        return "";
      }
      StringBuilder out = new StringBuilder(32);
      SpecFormatter.appendStr(value, out);
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
            + (shown == 0 ? "; its data is empty" : "; its data has " + keys)
            + "; give a default with {"
            + path
            + "|...} or set template_missing: empty");
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
