package dev.hookline.store;

import dev.hookline.event.Event;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which deliveries to list, newest first. Immutable; start from {@link #all()} and narrow with the
 * {@code with}-style methods.
 *
 * @param endpointId only this endpoint's
 * @param status only in this status
 * @param eventType only for this event type
 * @param eventId only for this event
 * @param since created at or after
 * @param until created before
 * @param limit at most this many (1..1000)
 * @param cursor continue after this cursor (from {@link Page#nextCursor()})
 */
public record DeliveryQuery(
    Optional<String> endpointId,
    Optional<DeliveryStatus> status,
    Optional<String> eventType,
    Optional<String> eventId,
    Optional<Instant> since,
    Optional<Instant> until,
    int limit,
    Optional<String> cursor) {

  /** The default page size. */
  public static final int DEFAULT_LIMIT = 50;

  /** The largest page size. */
  public static final int MAX_LIMIT = 1000;

  /** The earliest {@code since} or {@code until} a query takes, the start of year 0001. */
  public static final Instant MIN_TIME = Event.MIN_TIMESTAMP;

  /** The latest {@code since} or {@code until} a query takes, the end of year 9999. */
  public static final Instant MAX_TIME = Event.MAX_TIMESTAMP;

  /**
   * Validates the limit, the times (between {@link #MIN_TIME} and {@link #MAX_TIME}) and the shape
   * of the cursor.
   *
   * @throws IllegalArgumentException naming the method whose argument is wrong
   */
  public DeliveryQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "DeliveryQuery.limit: must be 1.." + MAX_LIMIT + ", got " + limit);
    }
    since.ifPresent(t -> Cursors.time(t, "DeliveryQuery.since"));
    until.ifPresent(t -> Cursors.time(t, "DeliveryQuery.until"));
    cursor.ifPresent(c -> Cursors.delivery(c, "DeliveryQuery.after"));
  }

  /** Every delivery, {@value #DEFAULT_LIMIT} per page. */
  public static DeliveryQuery all() {
    return new DeliveryQuery(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_LIMIT,
        Optional.empty());
  }

  /** Only deliveries to {@code endpointId}. */
  public DeliveryQuery endpoint(String endpointId) {
    return new DeliveryQuery(
        Optional.of(endpointId), status, eventType, eventId, since, until, limit, cursor);
  }

  /** Only deliveries in {@code status}. */
  public DeliveryQuery status(DeliveryStatus status) {
    return new DeliveryQuery(
        endpointId, Optional.of(status), eventType, eventId, since, until, limit, cursor);
  }

  /** Only deliveries of events of {@code type}. */
  public DeliveryQuery type(String type) {
    return new DeliveryQuery(
        endpointId, status, Optional.of(type), eventId, since, until, limit, cursor);
  }

  /** Only deliveries of event {@code id}. */
  public DeliveryQuery event(String id) {
    return new DeliveryQuery(
        endpointId, status, eventType, Optional.of(id), since, until, limit, cursor);
  }

  /**
   * Only deliveries created at or after {@code since}.
   *
   * @throws IllegalArgumentException when {@code since} is outside years 0001 to 9999
   */
  public DeliveryQuery since(Instant since) {
    return new DeliveryQuery(
        endpointId, status, eventType, eventId, Optional.of(since), until, limit, cursor);
  }

  /**
   * Only deliveries created before {@code until}.
   *
   * @throws IllegalArgumentException when {@code until} is outside years 0001 to 9999
   */
  public DeliveryQuery until(Instant until) {
    return new DeliveryQuery(
        endpointId, status, eventType, eventId, since, Optional.of(until), limit, cursor);
  }

  /** At most {@code limit} per page. */
  public DeliveryQuery limit(int limit) {
    return new DeliveryQuery(endpointId, status, eventType, eventId, since, until, limit, cursor);
  }

  /**
   * The page after {@code cursor}.
   *
   * @throws IllegalArgumentException when {@code cursor} is not a delivery cursor
   */
  public DeliveryQuery after(String cursor) {
    return new DeliveryQuery(
        endpointId,
        status,
        eventType,
        eventId,
        since,
        until,
        limit,
        Optional.of(Objects.requireNonNull(cursor, "cursor")));
  }
}
