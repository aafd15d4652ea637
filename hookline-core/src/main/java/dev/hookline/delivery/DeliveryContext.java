package dev.hookline.delivery;

import dev.hookline.event.Event;
import dev.hookline.store.Claimed;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What a request carries: the endpoint, the message id receivers de-duplicate on, and the
 * deliveries (one, or several for a batch) with their events. Immutable and thread-safe; the events
 * are parsed from their stored JSON only if {@link #events()} is called.
 */
public final class DeliveryContext {
  private final String endpointId;
  private final String messageId;
  private final List<Claimed> items;
  private final int attempt;
  private final Instant timestamp;

  DeliveryContext(
      String endpointId, String messageId, List<Claimed> items, int attempt, Instant timestamp) {
    this.endpointId = endpointId;
    this.messageId = messageId;
    this.items = List.copyOf(items);
    this.attempt = attempt;
    this.timestamp = timestamp.truncatedTo(ChronoUnit.SECONDS);
  }

  /** The endpoint. */
  public String endpointId() {
    return endpointId;
  }

  /**
   * The event id, or for a batch an id derived from its deliveries; identical on every retry of the
   * same request.
   */
  public String messageId() {
    return messageId;
  }

  /** The deliveries in this request. */
  public List<String> deliveryIds() {
    return items.stream().map(c -> c.delivery().id()).toList();
  }

  /** The type of the event, or {@code batch} for a batch. */
  public String eventType() {
    return isBatch() ? "batch" : items.get(0).delivery().eventType();
  }

  /** The events, in the order of {@link #deliveryIds()} (parsed on first call). */
  public List<Event> events() {
    return items.stream().map(Claimed::event).toList();
  }

  /** The attempt number (of the first delivery, for a batch). */
  public int attempt() {
    return attempt;
  }

  /**
   * The time of this attempt, in whole seconds: what {@code webhook-timestamp} and the timestamp
   * header carry and what the signature covers, so they always agree.
   */
  public Instant timestamp() {
    return timestamp;
  }

  /** True when the request carries several deliveries as a JSON array. */
  public boolean isBatch() {
    return items.size() > 1;
  }
}
