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
 */
public record NewEvent(Event event, List<NewDelivery> deliveries, Map<String, String> skips) {
  /** Copies the collections. */
  public NewEvent {
    deliveries = List.copyOf(deliveries);
    skips = Map.copyOf(skips);
  }
}
