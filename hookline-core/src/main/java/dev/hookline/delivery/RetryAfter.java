package dev.hookline.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The one place a service's "wait before trying again" is read and capped: the standard {@code
 * Retry-After} header (seconds or an HTTP date) and every wait an integration reads in its own
 * terms end up no longer than {@link #MAX}.
 */
final class RetryAfter {
  /** The longest wait honoured, whoever asked for it. */
  static final Duration MAX = Duration.ofDays(1);

  private RetryAfter() {}

  /**
   * The wait a {@code Retry-After} value asks for, measured from {@code now}: whole seconds or an
   * RFC 1123 date; empty when the value is neither or lies in the past. Capped at {@link #MAX}.
   */
  static Optional<Duration> parse(Optional<String> header, Instant now) {
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String v = header.get().strip();
    Duration d;
    try {
      d = Duration.ofSeconds(Long.parseLong(v));
    } catch (NumberFormatException e) {
      try {
        d =
            Duration.between(
                now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
    return d.isNegative() ? Optional.empty() : Optional.of(cap(d));
  }

  /** {@code d}, no longer than {@link #MAX}. */
  static Duration cap(Duration d) {
    return d.compareTo(MAX) > 0 ? MAX : d;
  }

  /** {@code d}, no shorter than zero and no longer than {@link #MAX}. */
  static Duration clamp(Duration d) {
    return d.isNegative() ? Duration.ZERO : cap(d);
  }

  /** The longer of two waits, either possibly absent. */
  static Optional<Duration> longest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.get().compareTo(b.get()) >= 0 ? a : b;
  }
}
