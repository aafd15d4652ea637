package dev.hookline.event;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
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
   * Common words for severities that other tools send, and the severity each one means: {@code low}
   * is info, {@code medium}, {@code moderate} and {@code warn} are warning, {@code high} and {@code
   * err} are error, {@code fatal} and {@code crit} are critical.
   */
  public static final Map<String, Severity> WORDS =
      Map.of(
          "low", INFO,
          "medium", WARNING,
          "moderate", WARNING,
          "warn", WARNING,
          "high", ERROR,
          "err", ERROR,
          "fatal", CRITICAL,
          "crit", CRITICAL);

  /**
   * Parses a contract name, or one of the {@link #WORDS}, ignoring case and surrounding spaces.
   *
   * @throws InvalidEventException naming the value and the accepted ones when it is unknown
   */
  public static Severity fromName(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (Severity s : values()) {
      if (s.wireName().equals(key)) {
        return s;
      }
    }
    Severity word = WORDS.get(key);
    if (word != null) {
      return word;
    }
    throw new InvalidEventException(
        "severity",
        "unknown severity '"
            + name
            + "' (expected one of "
            + Arrays.stream(values()).map(Severity::wireName).collect(Collectors.joining(", "))
            + ", or low, medium, moderate, warn, high, err, fatal, crit)");
  }

  /** True when this severity is at least {@code minimum}. */
  public boolean atLeast(Severity minimum) {
    return compareTo(minimum) >= 0;
  }
}
