package dev.hookline.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which events to list, newest accepted first. Immutable; start from {@link #all()}.
 *
 * @param type only events of this type
 * @param since accepted at or after
 * @param until accepted before
 * @param limit at most this many (1..1000)
 * @param cursor continue after this cursor (from {@link Page#nextCursor()})
 */
public record EventQuery(
    Optional<String> type,
    Optional<Instant> since,
    Optional<Instant> until,
    int limit,
    Optional<String> cursor) {

  /**
   * Validates the limit, the times (between {@link DeliveryQuery#MIN_TIME} and {@link
   * DeliveryQuery#MAX_TIME}) and the shape of the cursor.
   *
   * @throws IllegalArgumentException naming the method whose argument is wrong
   */
  public EventQuery {
    if (limit < 1 || limit > DeliveryQuery.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "EventQuery.limit: must be 1.." + DeliveryQuery.MAX_LIMIT + ", got " + limit);
    }
    since.ifPresent(t -> Cursors.time(t, "EventQuery.since"));
    until.ifPresent(t -> Cursors.time(t, "EventQuery.until"));
    cursor.ifPresent(c -> Cursors.event(c, "EventQuery.after"));
  }

  /** Every event, {@value DeliveryQuery#DEFAULT_LIMIT} per page. */
  public static EventQuery all() {
    return new EventQuery(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DeliveryQuery.DEFAULT_LIMIT,
        Optional.empty());
  }

  /** Only events of {@code type}. */
  public EventQuery type(String type) {
    return new EventQuery(Optional.of(type), since, until, limit, cursor);
  }

  /**
   * Only events accepted at or after {@code since}.
   *
   * @throws IllegalArgumentException when {@code since} is outside years 0001 to 9999
   */
  public EventQuery since(Instant since) {
    return new EventQuery(type, Optional.of(since), until, limit, cursor);
  }

  /**
   * Only events accepted before {@code until}.
   *
   * @throws IllegalArgumentException when {@code until} is outside years 0001 to 9999
   */
  public EventQuery until(Instant until) {
    return new EventQuery(type, since, Optional.of(until), limit, cursor);
  }

  /** At most {@code limit} per page. */
  public EventQuery limit(int limit) {
    return new EventQuery(type, since, until, limit, cursor);
  }

  /**
   * The page after {@code cursor}.
   *
   * @throws IllegalArgumentException when {@code cursor} is not an event cursor
   */
  public EventQuery after(String cursor) {
    return new EventQuery(type, since, until, limit, Optional.of(Objects.requireNonNull(cursor)));
  }
}
