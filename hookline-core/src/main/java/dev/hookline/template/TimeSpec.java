package dev.hookline.template;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.SignStyle;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * A time format spec: {@code unix} (whole seconds), {@code unix_ms} (milliseconds), or a {@code
 * strftime} pattern such as {@code %Y-%m-%d %H:%M}, as Python's {@code datetime.__format__} reads
 * it. Applies to an ISO-8601 string (an event's {@code timestamp}) or a number of unix seconds
 * (milliseconds from 10^11 on, as for an event's timestamp); times are shown in UTC. Immutable and
 * thread-safe.
 */
final class TimeSpec {
  private enum Kind {
    UNIX,
    UNIX_MS,
    PATTERN
  }

  /** Numbers of at least this many are unix milliseconds, not seconds (10^11 s is year 5138). */
  private static final BigDecimal MILLIS_FROM = BigDecimal.valueOf(100_000_000_000L);

  private final Kind kind;
  private final DateTimeFormatter formatter; // PATTERN only

  private TimeSpec(Kind kind, DateTimeFormatter formatter) {
    this.kind = kind;
    this.formatter = formatter;
  }

  /**
   * The time spec written as {@code text}, or null when {@code text} is not one (then it is a
   * Python number or string spec: {@code .0%} holds a {@code %} but no directive).
   *
   * @throws BadSpecException when a strftime pattern holds an unknown directive
   */
  static TimeSpec parse(String text) {
    if (text.equals("unix")) {
      return new TimeSpec(Kind.UNIX, null);
    }
    if (text.equals("unix_ms")) {
      return new TimeSpec(Kind.UNIX_MS, null);
    }
    if (!text.matches("(?s).*%[A-Za-z].*")) {
      return null;
    }
    return new TimeSpec(Kind.PATTERN, strftime(text));
  }

  /** True when the result is a number ({@code unix}, {@code unix_ms}): it keeps that JSON type. */
  boolean numeric() {
    return kind != Kind.PATTERN;
  }

  /**
   * The value as this spec shows it: a Long for {@code unix} and {@code unix_ms}, else a String.
   *
   * @throws BadSpecException when the value is not a time
   */
  Object apply(Object value) {
    Instant t = instant(value);
    try {
      return switch (kind) {
        case UNIX -> t.getEpochSecond();
        case UNIX_MS -> t.toEpochMilli();
        case PATTERN -> formatter.format(t.atOffset(ZoneOffset.UTC));
      };
    } catch (DateTimeException | ArithmeticException e) {
      throw new BadSpecException(
          "the time " + t + " cannot be shown as this spec asks (" + e.getMessage() + ")");
    }
  }

  private static Instant instant(Object value) {
    try {
      if (value instanceof String s) {
        try {
          return Instant.parse(s);
        } catch (DateTimeParseException e) {
          return OffsetDateTime.parse(s).toInstant();
        }
      }
      if (value instanceof Number n) {
        BigDecimal seconds = new BigDecimal(n.toString());
        boolean integral =
            n instanceof Long
                || n instanceof Integer
                || n instanceof Short
                || n instanceof java.math.BigInteger;
        if (integral && seconds.abs().compareTo(MILLIS_FROM) >= 0) {
          // The same rule as an event's timestamp: from 10^11 on, a whole number is milliseconds;
          // a fraction is always seconds.
          seconds = seconds.movePointLeft(3);
        }
        return Instant.ofEpochSecond(
            seconds.setScale(0, java.math.RoundingMode.FLOOR).longValueExact(),
            seconds
                .subtract(seconds.setScale(0, java.math.RoundingMode.FLOOR))
                .movePointRight(9)
                .intValue());
      }
    } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
      // falls through to the error below
    }
    String shown = String.valueOf(value);
    throw new BadSpecException(
        "a time spec needs an ISO-8601 time (such as 2025-11-25T14:30:00Z), unix seconds or unix"
            + " milliseconds (from 10^11), got '"
            + (shown.length() > 40 ? shown.substring(0, 37) + "..." : shown)
            + "'");
  }

  /** Translates a strftime pattern, directive by directive, into a formatter in English. */
  private static DateTimeFormatter strftime(String pattern) {
    DateTimeFormatterBuilder b = new DateTimeFormatterBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '%' || i + 1 == pattern.length()) {
        literal.append(c);
        continue;
      }
      char d = pattern.charAt(++i);
      if (d == '%') {
        literal.append('%');
        continue;
      }
      if (!literal.isEmpty()) {
        b.appendLiteral(literal.toString());
        literal.setLength(0);
      }
      switch (d) {
        case 'Y' -> b.appendValue(ChronoField.YEAR, 4, 10, SignStyle.NORMAL);
        case 'y' -> b.appendValueReduced(ChronoField.YEAR, 2, 2, 2000);
        case 'm' -> b.appendValue(ChronoField.MONTH_OF_YEAR, 2);
        case 'd' -> b.appendValue(ChronoField.DAY_OF_MONTH, 2);
        case 'H' -> b.appendValue(ChronoField.HOUR_OF_DAY, 2);
        case 'I' -> b.appendValue(ChronoField.CLOCK_HOUR_OF_AMPM, 2);
        case 'M' -> b.appendValue(ChronoField.MINUTE_OF_HOUR, 2);
        case 'S' -> b.appendValue(ChronoField.SECOND_OF_MINUTE, 2);
        case 'f' -> b.appendValue(ChronoField.MICRO_OF_SECOND, 6);
        case 'j' -> b.appendValue(ChronoField.DAY_OF_YEAR, 3);
        case 'p' -> b.appendText(ChronoField.AMPM_OF_DAY, TextStyle.SHORT);
        case 'a' -> b.appendText(ChronoField.DAY_OF_WEEK, TextStyle.SHORT);
        case 'A' -> b.appendText(ChronoField.DAY_OF_WEEK, TextStyle.FULL);
        case 'b' -> b.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.SHORT);
        case 'B' -> b.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.FULL);
        case 'z' -> b.appendOffset("+HHMM", "+0000");
        case 'Z' -> b.appendLiteral("UTC");
        case 's' -> b.appendValue(ChronoField.INSTANT_SECONDS);
        default ->
            throw new BadSpecException(
                "unknown time directive %"
                    + d
                    + "; use %Y %y %m %d %H %I %M %S %f %j %p %a %A %b %B %z %Z %s or %%, or unix,"
                    + " unix_ms");
      }
    }
    if (!literal.isEmpty()) {
      b.appendLiteral(literal.toString());
    }
    return b.toFormatter(Locale.ENGLISH); // Python's C locale
  }
}
