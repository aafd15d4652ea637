package dev.hookline.routing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as {@code hookline.yaml} and the HTTP API write them (DESIGN §7): a number and a unit,
 * {@code 500ms}, {@code 5s}, {@code 5m}, {@code 2h}, {@code 1d}. A bare number means seconds
 * ({@code 30}, {@code 0.5}), as the seeds write {@code timeout: 30}; ISO-8601 ({@code PT5S}) is
 * read too. Durations are whole milliseconds when read.
 *
 * <p>Stateless and thread-safe.
 */
public final class Durations {
  private static final Pattern TEXT =
      Pattern.compile(
          "([0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)\\s*(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);

  private static final long MS_PER_DAY = 86_400_000L;
  private static final long MS_PER_HOUR = 3_600_000L;
  private static final long MS_PER_MINUTE = 60_000L;
  private static final long MS_PER_SECOND = 1_000L;

  private Durations() {}

  /**
   * Parses {@code 500ms}, {@code 5s}, {@code 1.5s}, {@code 5m}, {@code 2h}, {@code 1d}, a bare
   * number of seconds ({@code 30}, {@code 0.5}) or ISO-8601 ({@code PT5S}). Units ignore case;
   * surrounding whitespace is ignored.
   *
   * @throws IllegalArgumentException when the text is not a duration, is negative, or is not a
   *     whole number of milliseconds; the message says how to write one
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.strip();
    if (s.length() > 1 && (s.charAt(0) == 'P' || s.charAt(0) == 'p')) {
      try {
        Duration d = Duration.parse(s);
        if (d.isNegative()) {
          throw new IllegalArgumentException("'" + text + "' is negative");
        }
        return d;
      } catch (DateTimeParseException e) {
        throw notADuration(text);
      }
    }
    Matcher m = TEXT.matcher(s);
    if (!m.matches()) {
      throw notADuration(text);
    }
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    long perUnit =
        switch (unit) {
          case "ms" -> 1;
          case "s" -> MS_PER_SECOND;
          case "m" -> MS_PER_MINUTE;
          case "h" -> MS_PER_HOUR;
          default -> MS_PER_DAY;
        };
    BigDecimal millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(perUnit));
    try {
      return Duration.ofMillis(millis.longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a whole number of milliseconds, or is too long");
    }
  }

  /**
   * Writes a duration in the largest unit that holds it exactly: {@code 500ms}, {@code 5s}, {@code
   * 90s}, {@code 5m}, {@code 2h}, {@code 1d}; {@code 0s} for zero. A duration that is not a whole
   * number of milliseconds (or is negative) is written in ISO-8601, which {@link #parse} reads
   * back.
   */
  public static String format(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
      return duration.toString();
    }
    long ms;
    try {
      ms = duration.toMillis();
    } catch (ArithmeticException e) {
      return duration.toString();
    }
    if (ms == 0) {
      return "0s";
    }
    if (ms % MS_PER_DAY == 0) {
      return ms / MS_PER_DAY + "d";
    }
    if (ms % MS_PER_HOUR == 0) {
      return ms / MS_PER_HOUR + "h";
    }
    if (ms % MS_PER_MINUTE == 0) {
      return ms / MS_PER_MINUTE + "m";
    }
    if (ms % MS_PER_SECOND == 0) {
      return ms / MS_PER_SECOND + "s";
    }
    return ms + "ms";
  }

  private static IllegalArgumentException notADuration(String text) {
    return new IllegalArgumentException(
        "'"
            + text
            + "' is not a duration; write a number and a unit: 500ms, 5s, 5m, 2h or 1d (a bare"
            + " number means seconds)");
  }
}
