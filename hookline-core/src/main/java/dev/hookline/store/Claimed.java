package dev.hookline.store;

import dev.hookline.event.Event;

/**
 * A delivery leased to this node for one attempt, with its event.
 *
 * @param delivery the delivery, {@code in_flight}; {@code attempts} is the number of this attempt
 * @param event the event to send
 * @param eventJson the event's JSON form as stored (the body of a {@code raw} request), so it is
 *     not encoded again for every delivery
 */
public record Claimed(Delivery delivery, Event event, String eventJson) {
  /** A claimed delivery, encoding the event's JSON form. */
  public Claimed(Delivery delivery, Event event) {
    this(delivery, event, event.toJson());
  }
}
