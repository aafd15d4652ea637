package dev.hookline.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which events to list, newest accepted first. Immutable; start from {@link #all()}.
 *
 * @param type only events of this type
 * @param since accepted at or after
 * @param limit at most this many (1..1000)
 * @param cursor continue after this cursor (from {@link Page#nextCursor()})
 */
public record EventQuery(
    Optional<String> type, Optional<Instant> since, int limit, Optional<String> cursor) {

  /** Validates the limit. */
  public EventQuery {
    if (limit < 1 || limit > DeliveryQuery.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be 1.." + DeliveryQuery.MAX_LIMIT + ", got " + limit);
    }
  }

  /** Every event, {@value DeliveryQuery#DEFAULT_LIMIT} per page. */
  public static EventQuery all() {
    return new EventQuery(
        Optional.empty(), Optional.empty(), DeliveryQuery.DEFAULT_LIMIT, Optional.empty());
  }

  /** Only events of {@code type}. */
  public EventQuery type(String type) {
    return new EventQuery(Optional.of(type), since, limit, cursor);
  }

  /** Only events accepted at or after {@code since}. */
  public EventQuery since(Instant since) {
    return new EventQuery(type, Optional.of(since), limit, cursor);
  }

  /** At most {@code limit} per page. */
  public EventQuery limit(int limit) {
    return new EventQuery(type, since, limit, cursor);
  }

  /** The page after {@code cursor}. */
  public EventQuery after(String cursor) {
    return new EventQuery(type, since, limit, Optional.of(Objects.requireNonNull(cursor)));
  }
}
