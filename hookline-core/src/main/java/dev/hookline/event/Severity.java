package dev.hookline.event;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How serious an event is, from {@link #DEBUG} to {@link #CRITICAL}. Ordered: {@code
 * WARNING.compareTo(INFO) > 0}. An event without a severity counts as {@link #INFO} in filters.
 */
public enum Severity {
  DEBUG,
  INFO,
  WARNING,
  ERROR,
  CRITICAL;

  /**
   * The contract name: {@code debug}, {@code info}, {@code warning}, {@code error}, {@code
   * critical}.
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a contract name, ignoring case.
   *
   * @throws InvalidEventException naming the value and the accepted ones when it is unknown
   */
  public static Severity fromName(String name) {
    for (Severity s : values()) {
      if (s.name().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new InvalidEventException(
        "severity",
        "unknown severity '"
            + name
            + "' (expected one of "
            + Arrays.stream(values()).map(Severity::wireName).collect(Collectors.joining(", "))
            + ")");
  }

  /** True when this severity is at least {@code minimum}. */
  public boolean atLeast(Severity minimum) {
    return compareTo(minimum) >= 0;
  }
}
