package dev.hookline.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.event.EventPattern;
import dev.hookline.routing.Durations;
import dev.hookline.store.DeliveryQuery;
import dev.hookline.store.DeliveryStatus;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Query parameters and body fields of the API, read with a 400 that names the parameter. */
final class ApiParams {
  private ApiParams() {}

  static Duration duration(Context ctx, String param, Duration fallback) {
    String raw = ctx.queryParam(param);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      return Durations.parse(raw.trim());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "invalid_query", param + " '" + raw + "' is not a duration (30s, 5m, 1h, 1d)");
    }
  }

  static int limit(Context ctx) {
    String raw = ctx.queryParam("limit");
    if (raw == null || raw.isBlank()) {
      return DeliveryQuery.DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(raw.trim());
      if (n < 1 || n > DeliveryQuery.MAX_LIMIT) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "invalid_query", "limit must be between 1 and " + DeliveryQuery.MAX_LIMIT + ": " + raw);
    }
  }

  static DeliveryStatus status(String raw) {
    try {
      return DeliveryStatus.fromName(raw.trim());
    } catch (RuntimeException e) {
      throw ApiException.badRequest(
          "invalid_status",
          "unknown status '"
              + raw
              + "'; one of "
              + Arrays.stream(DeliveryStatus.values()).map(DeliveryStatus::wireName).toList());
    }
  }

  static Optional<Instant> time(Context ctx, String param, Clock clock) {
    String raw = ctx.queryParam(param);
    return raw == null || raw.isBlank()
        ? Optional.empty()
        : Optional.of(instantOrAgo(raw, param, clock));
  }

  /**
   * An ISO-8601 instant, or a duration ({@code 1h}, {@code 30m}) meaning that long ago, within
   * years 0001 to 9999; a 400 {@code invalid_time} naming {@code param} otherwise.
   */
  static Instant instantOrAgo(String raw, String param, Clock clock) {
    String s = raw.trim();
    Instant t;
    try {
      t = Instant.parse(s);
    } catch (DateTimeParseException notInstant) {
      Duration ago;
      try {
        ago = Durations.parse(s);
      } catch (IllegalArgumentException notDuration) {
        throw ApiException.badRequest(
            "invalid_time",
            param
                + " '"
                + raw
                + "' is neither an ISO-8601 time (2026-11-23T12:00:00Z) nor a duration (1h)");
      }
      try {
        t = clock.instant().minus(ago);
      } catch (DateTimeException | ArithmeticException outOfRange) {
        t = null;
      }
    }
    if (t == null || t.isBefore(DeliveryQuery.MIN_TIME) || t.isAfter(DeliveryQuery.MAX_TIME)) {
      throw ApiException.badRequest(
          "invalid_time", param + " '" + raw + "' is outside years 0001 to 9999");
    }
    return t;
  }

  static Optional<String> cursor(Context ctx) {
    String raw = ctx.queryParam("cursor");
    return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.trim());
  }

  /**
   * {@code use.apply(cursor)}, where the store or query refuses a cursor that is not one of its own
   * with an {@link IllegalArgumentException}: a 400 {@code invalid_cursor} naming the parameter.
   */
  static <T> T checkCursor(String cursor, java.util.function.Function<String, T> use) {
    try {
      return use.apply(cursor);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "invalid_cursor",
          "cursor '"
              + (cursor.length() > 80 ? cursor.substring(0, 80) + "..." : cursor)
              + "' is not a cursor of this listing; pass the next_cursor of the previous page"
              + " unchanged");
    }
  }

  static Optional<String> text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  static List<EventPattern> patterns(String raw) {
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    try {
      return Arrays.stream(raw.split(",")).map(String::trim).map(EventPattern::compile).toList();
    } catch (RuntimeException e) {
      throw ApiException.badRequest("invalid_query", "types: " + e.getMessage());
    }
  }
}
