package dev.hookline.store;

import dev.hookline.event.Event;
import java.util.List;
import java.util.Map;

/**
 * An event to accept, with the deliveries to create for it.
 *
 * @param event the event
 * @param deliveries one per endpoint that takes it
 * @param skips for every endpoint that does not, why (endpoint id → reason)
 * @param json the event's JSON form, as stored and as sent by {@code raw} endpoints
 */
public record NewEvent(
    Event event, List<NewDelivery> deliveries, Map<String, String> skips, String json) {
  /** Copies the collections. */
  public NewEvent {
    deliveries = List.copyOf(deliveries);
    skips = Map.copyOf(skips);
  }

  /** An event to accept, encoding its JSON form. */
  public NewEvent(Event event, List<NewDelivery> deliveries, Map<String, String> skips) {
    this(event, deliveries, skips, event.toJson());
  }
}
