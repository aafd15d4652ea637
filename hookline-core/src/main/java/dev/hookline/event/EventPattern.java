package dev.hookline.event;

import dev.hookline.HooklineException;
import java.util.regex.Pattern;

/**
 * A compiled event-type pattern, as used by {@code EventBus.on} and endpoint subscriptions.
 *
 * <ul>
 *   <li>{@code prediction} matches exactly that type;
 *   <li>{@code *} alone matches every type;
 *   <li>a trailing {@code .*} matches everything below the prefix at any depth: {@code github.*}
 *       matches {@code github.push} and {@code github.pull_request.opened}, not {@code github};
 *   <li>a {@code *} elsewhere matches within one dot-separated segment only: {@code
 *       tool_execution_*} matches {@code tool_execution_failed}, {@code level_*_prediction} matches
 *       {@code level_4_prediction}, {@code *.opened} matches {@code issue.opened}.
 * </ul>
 *
 * <p>Immutable and thread-safe; matching allocates nothing.
 */
public final class EventPattern {
  private static final Pattern VALID =
      Pattern.compile("[A-Za-z0-9_*:\\-]+(\\.[A-Za-z0-9_*:\\-]+)*");

  private enum Kind {
    ALL,
    EXACT,
    PREFIX,
    GLOB
  }

  private final String pattern;
  private final Kind kind;
  private final String literal; // EXACT: the type; PREFIX: "prefix." (with the dot)
  private final String[] segments; // GLOB: pattern segments
  private final boolean openEnded; // GLOB: ends with ".*" (any depth below)

  private EventPattern(String pattern) {
    this.pattern = pattern;
    if (pattern.equals("*")) {
      kind = Kind.ALL;
      literal = "";
      segments = new String[0];
      openEnded = false;
      return;
    }
    boolean trailing = pattern.endsWith(".*");
    String head = trailing ? pattern.substring(0, pattern.length() - 2) : pattern;
    if (head.indexOf('*') < 0) {
      kind = trailing ? Kind.PREFIX : Kind.EXACT;
      literal = trailing ? head + "." : head;
      segments = new String[0];
      openEnded = false;
    } else {
      kind = Kind.GLOB;
      literal = "";
      segments = head.split("\\.", -1);
      openEnded = trailing;
    }
  }

  /**
   * Compiles a pattern.
   *
   * @throws HooklineException when the pattern is empty or has characters other than letters,
   *     digits, {@code _ - : *} and dots between non-empty segments
   */
  public static EventPattern compile(String pattern) {
    if (pattern == null || pattern.isEmpty() || !VALID.matcher(pattern).matches()) {
      throw new HooklineException(
          "invalid event pattern '"
              + pattern
              + "': use an exact type (prediction), '*', a prefix (github.*) or a glob within"
              + " a segment (tool_execution_*)");
    }
    return new EventPattern(pattern);
  }

  /** True when {@code type} is matched by this pattern. */
  public boolean matches(String type) {
    return switch (kind) {
      case ALL -> true;
      case EXACT -> literal.equals(type);
      case PREFIX -> type.length() > literal.length() && type.startsWith(literal);
      case GLOB -> globMatches(type);
    };
  }

  /** True when the pattern is a plain type name, so it can be looked up in a map. */
  public boolean isExact() {
    return kind == Kind.EXACT;
  }

  /** The pattern as written. */
  public String pattern() {
    return pattern;
  }

  private boolean globMatches(String type) {
    int start = 0;
    int n = segments.length;
    for (int i = 0; i < n; i++) {
      int dot = type.indexOf('.', start);
      boolean last = i == n - 1;
      int end;
      if (dot < 0) {
        if (!last) {
          return false;
        }
        end = type.length();
      } else {
        if (last && !openEnded) {
          return false; // more segments in the type than in the pattern
        }
        end = dot;
      }
      if (!segmentMatches(segments[i], type, start, end)) {
        return false;
      }
      start = end + 1;
    }
    // Open-ended patterns need at least one more segment below.
    return !openEnded || start <= type.length() && start > 0 && type.charAt(start - 1) == '.';
  }

  /** Glob match of one pattern segment (only '*' is special) against type[from, to). */
  private static boolean segmentMatches(String glob, String s, int from, int to) {
    int g = 0;
    int i = from;
    int starG = -1;
    int starI = -1;
    while (i < to) {
      if (g < glob.length() && glob.charAt(g) == '*') {
        starG = g++;
        starI = i;
      } else if (g < glob.length() && glob.charAt(g) == s.charAt(i)) {
        g++;
        i++;
      } else if (starG >= 0) {
        g = starG + 1;
        i = ++starI;
      } else {
        return false;
      }
    }
    while (g < glob.length() && glob.charAt(g) == '*') {
      g++;
    }
    return g == glob.length();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventPattern other && other.pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
