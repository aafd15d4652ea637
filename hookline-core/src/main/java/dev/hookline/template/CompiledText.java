package dev.hookline.template;

import dev.hookline.event.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * A template string split once into literal parts and placeholders, Python {@code str.format}
 * style: {@code {path}}, {@code {path:spec}}, and doubled braces for literal ones. Rendering
 * appends the parts in order; nothing is parsed again. Immutable and thread-safe.
 */
final class CompiledText {
  private final String[] literals; // one more than placeholders: before, between and after them
  private final Placeholder[] placeholders;
  private final int sizeHint;

  private CompiledText(String[] literals, Placeholder[] placeholders) {
    this.literals = literals;
    this.placeholders = placeholders;
    // Room for typical values, so the builder rarely grows.
    int size = 32 * placeholders.length;
    for (String literal : literals) {
      size += literal.length();
    }
    this.sizeHint = size;
  }

  /**
   * Splits a template string.
   *
   * @param source the string as written
   * @param location where the string is in the template ({@code blocks.0.text.text}), {@code ""}
   *     for the root or a text template; placeholders carry it into their error messages
   * @param what how error messages name the string: {@code text}, {@code string at
   *     blocks.0.text.text}
   * @param emptyWhenMissing whether a path without a value renders empty (not an error)
   * @throws TemplateException naming the string and the character at fault when it is malformed
   */
  static CompiledText compile(
      String source, String location, String what, boolean emptyWhenMissing) {
    List<String> literals = new ArrayList<>();
    List<Placeholder> placeholders = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int n = source.length();
    int i = 0;
    while (i < n) {
      char c = source.charAt(i);
      if (c == '{') {
        if (i + 1 < n && source.charAt(i + 1) == '{') {
          literal.append('{');
          i += 2;
          continue;
        }
        int close = i + 1;
        while (close < n && source.charAt(close) != '}') {
          if (source.charAt(close) == '{') {
            throw error(
                source,
                what,
                close,
                "'{' inside a placeholder",
                "nested placeholders are not supported; write '{{' for a literal brace");
          }
          close++;
        }
        if (close == n) {
          throw error(
              source,
              what,
              i,
              "unclosed '{'",
              "close the placeholder with '}' or write '{{' for a literal brace");
        }
        String body = source.substring(i + 1, close);
        String raw = source.substring(i, close + 1);
        int colon = body.indexOf(':');
        int bar = body.indexOf('|');
        String path;
        String specText = null;
        String fallback = null;
        if (bar >= 0 && (colon < 0 || bar < colon)) {
          path = body.substring(0, bar);
          fallback = body.substring(bar + 1);
        } else if (colon >= 0) {
          path = body.substring(0, colon);
          specText = body.substring(colon + 1);
          int sep = defaultSeparator(specText);
          if (sep >= 0) {
            fallback = specText.substring(sep + 1);
            specText = specText.substring(0, sep);
          }
        } else {
          path = body;
        }
        checkPath(source, what, i, raw, path);
        ValueSpec spec = null;
        TimeSpec time = null;
        if (specText != null) {
          try {
            time = TimeSpec.parse(specText);
            spec = time == null ? ValueSpec.parse(specText) : null;
          } catch (BadSpecException e) {
            throw error(
                source,
                what,
                i,
                "invalid format spec '" + specText + "' in " + raw,
                e.getMessage());
          }
        }
        literals.add(literal.toString());
        literal.setLength(0);
        placeholders.add(
            new Placeholder(path, spec, time, fallback, emptyWhenMissing, raw, location));
        i = close + 1;
      } else if (c == '}') {
        if (i + 1 < n && source.charAt(i + 1) == '}') {
          literal.append('}');
          i += 2;
          continue;
        }
        throw error(source, what, i, "single '}'", "write '}}' for a literal brace");
      } else {
        int next = i + 1;
        while (next < n && source.charAt(next) != '{' && source.charAt(next) != '}') {
          next++;
        }
        literal.append(source, i, next);
        i = next;
      }
    }
    literals.add(literal.toString());
    return new CompiledText(
        literals.toArray(String[]::new), placeholders.toArray(Placeholder[]::new));
  }

  /**
   * Where the default starts in a spec ({@code .0%|n/a}): the first {@code '|'}, unless it is the
   * spec's fill character ({@code |^9}, centred in bars); -1 when there is none.
   */
  private static int defaultSeparator(String spec) {
    int from = spec.length() > 1 && "<>=^".indexOf(spec.charAt(1)) >= 0 ? 1 : 0;
    return spec.indexOf('|', from);
  }

  private static void checkPath(String source, String what, int at, String raw, String path) {
    if (path.isEmpty()) {
      throw error(
          source,
          what,
          at,
          "empty placeholder " + raw,
          "name a path such as {prediction} or {data.user.name}; write '{{}}' for literal braces");
    }
    for (int k = 0; k < path.length(); k++) {
      char c = path.charAt(k);
      String hint =
          switch (c) {
            case '[', ']' -> "use dots for list indices, as in {items.0.name}";
            case '!' -> "conversions such as !r are not supported; use a format spec after ':'";
            default ->
                Character.isWhitespace(c) || "\"'(),;".indexOf(c) >= 0
                    ? "a path is dot-separated names, such as {error.message}; write '{{' for a"
                        + " literal brace"
                    : null;
          };
      if (hint != null) {
        throw error(source, what, at, "invalid character '" + c + "' in placeholder " + raw, hint);
      }
    }
    if (path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
      throw error(
          source,
          what,
          at,
          "empty path segment in placeholder " + raw,
          "a path is dot-separated names, such as {error.message}");
    }
  }

  private static TemplateException error(
      String source, String what, int at, String problem, String hint) {
    return new TemplateException(
        "template "
            + what
            + ": "
            + problem
            + " at character "
            + (source.codePointCount(0, at) + 1)
            + " of "
            + excerpt(source, at)
            + "; "
            + hint);
  }

  /** The string quoted on one line, cut to about 80 characters around {@code at}. */
  private static String excerpt(String s, int at) {
    int from = 0;
    int to = s.length();
    if (to > 80) {
      from = Math.max(0, at - 40);
      to = Math.min(s.length(), from + 80);
    }
    StringBuilder b = new StringBuilder(to - from + 8).append('"');
    if (from > 0) {
      b.append("...");
    }
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> b.append(c);
      }
    }
    if (to < s.length()) {
      b.append("...");
    }
    return b.append('"').toString();
  }

  /** True when the string has no placeholders (its braces, if any, were escapes). */
  boolean isLiteral() {
    return placeholders.length == 0;
  }

  /** The unescaped string; meaningful when {@link #isLiteral()}. */
  String literal() {
    return literals[0];
  }

  /**
   * The placeholder when the string is exactly one placeholder that keeps its value's JSON type
   * ({@code {path}}, {@code {path|default}}, {@code {path:unix}}), else null.
   */
  Placeholder sole() {
    return placeholders.length == 1
            && placeholders[0].keepsType()
            && literals[0].isEmpty()
            && literals[1].isEmpty()
        ? placeholders[0]
        : null;
  }

  /**
   * Renders the string for an event.
   *
   * @throws TemplateException when a path has no value or a value does not fit its spec
   */
  String render(Event event) {
    if (placeholders.length == 0) {
      return literals[0];
    }
    if (placeholders.length == 1 && literals[0].isEmpty() && literals[1].isEmpty()) {
      return placeholders[0].render(event); // a string value needs no copy
    }
    StringBuilder out = new StringBuilder(sizeHint);
    out.append(literals[0]);
    for (int k = 0; k < placeholders.length; k++) {
      placeholders[k].appendTo(event, out);
      out.append(literals[k + 1]);
    }
    return out.toString();
  }
}
