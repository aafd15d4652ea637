package dev.hookline.store;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The shapes of the page cursors the stores hand out, checked before a query runs so that a cursor
 * of another kind, or none at all, is refused rather than misread or silently ignored.
 */
final class Cursors {
  /** Events: {@code <accepted_at epoch millis>.<event id>}. */
  private static final Pattern EVENT = Pattern.compile("\\d{1,15}\\.[A-Za-z0-9_:\\-]{1,255}");

  /** Deliveries: the last delivery's id, {@code dlv_} and a ULID the store generated. */
  private static final Pattern DELIVERY = Pattern.compile("dlv_[0-9A-Za-z]{1,64}");

  private Cursors() {}

  static String event(String cursor, String method) {
    if (!EVENT.matcher(cursor).matches()) {
      throw invalid(cursor, method, "an event cursor");
    }
    return cursor;
  }

  static String delivery(String cursor, String method) {
    if (!DELIVERY.matcher(cursor).matches()) {
      throw invalid(cursor, method, "a delivery cursor");
    }
    return cursor;
  }

  /** Refuses a time outside {@link DeliveryQuery#MIN_TIME}..{@link DeliveryQuery#MAX_TIME}. */
  static Instant time(Instant t, String method) {
    if (t.isBefore(DeliveryQuery.MIN_TIME) || t.isAfter(DeliveryQuery.MAX_TIME)) {
      throw new IllegalArgumentException(method + ": " + t + " is outside years 0001 to 9999");
    }
    return t;
  }

  private static IllegalArgumentException invalid(String cursor, String method, String kind) {
    String shown = cursor.length() > 80 ? cursor.substring(0, 80) + "..." : cursor;
    return new IllegalArgumentException(
        method
            + ": '"
            + shown
            + "' is not "
            + kind
            + "; pass the next_cursor of the previous page unchanged");
  }
}
