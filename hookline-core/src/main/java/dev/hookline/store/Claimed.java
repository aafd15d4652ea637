package dev.hookline.store;

import dev.hookline.event.Event;
import java.util.Objects;

/**
 * A delivery leased to this node for one attempt, with its event. The event's stored JSON travels
 * with it (the body of a {@code raw} request, sent as stored); the {@link Event} itself is parsed
 * from it only when something asks for it (a template, a listener). Thread-safe.
 */
public final class Claimed {
  private final Delivery delivery;
  private final String eventJson;
  private volatile Event event;

  /**
   * A claimed delivery with its event and that event's JSON form.
   *
   * @param delivery the delivery, {@code in_flight}; {@code attempts} is the number of this attempt
   * @param event the event to send
   * @param eventJson the event's JSON form, as stored
   */
  public Claimed(Delivery delivery, Event event, String eventJson) {
    this.delivery = Objects.requireNonNull(delivery, "delivery");
    this.event = Objects.requireNonNull(event, "event");
    this.eventJson = Objects.requireNonNull(eventJson, "eventJson");
  }

  /** A claimed delivery, encoding the event's JSON form. */
  public Claimed(Delivery delivery, Event event) {
    this(delivery, event, event.toJson());
  }

  private Claimed(Delivery delivery, String eventJson) {
    this.delivery = delivery;
    this.eventJson = eventJson;
  }

  /**
   * A claimed delivery whose event is missing from the store (a database edited by hand, say): the
   * dispatcher ends it dead with that reason, so it shows up instead of being skipped forever.
   */
  public static Claimed eventMissing(Delivery delivery) {
    return new Claimed(Objects.requireNonNull(delivery, "delivery"), (String) null);
  }

  /** Whether this delivery's event is missing from the store; then there is nothing to send. */
  public boolean eventMissing() {
    return eventJson == null;
  }

  /** A claimed delivery whose event is parsed from {@code eventJson} when first asked for. */
  static Claimed parsedLazily(Delivery delivery, String eventJson) {
    return new Claimed(delivery, eventJson);
  }

  /** The delivery, {@code in_flight}; {@code attempts} is the number of this attempt. */
  public Delivery delivery() {
    return delivery;
  }

  /**
   * The event to send.
   *
   * @throws dev.hookline.event.InvalidEventException if the stored JSON no longer parses
   * @throws IllegalStateException if the event is {@linkplain #eventMissing() missing}
   */
  public Event event() {
    Event e = event;
    if (e == null) {
      if (eventJson == null) {
        throw new IllegalStateException(
            "event " + delivery.eventId() + " of delivery " + delivery.id() + " is missing");
      }
      e = Event.fromJson(eventJson);
      event = e;
    }
    return e;
  }

  /**
   * The event's JSON form as stored: the body of a {@code raw} request.
   *
   * @throws IllegalStateException if the event is {@linkplain #eventMissing() missing}
   */
  public String eventJson() {
    if (eventJson == null) {
      throw new IllegalStateException(
          "event " + delivery.eventId() + " of delivery " + delivery.id() + " is missing");
    }
    return eventJson;
  }

  @Override
  public String toString() {
    return "Claimed[" + delivery.id() + " of " + delivery.eventId() + "]";
  }
}
