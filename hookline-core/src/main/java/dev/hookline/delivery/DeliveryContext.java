package dev.hookline.delivery;

import dev.hookline.event.Event;
import java.util.List;

/**
 * What a request carries: the endpoint, the message id receivers de-duplicate on, and the
 * deliveries (one, or several for a batch) with their events.
 *
 * @param endpointId the endpoint
 * @param messageId the event id, or the batch id for a batch; identical on every retry of a single
 *     delivery
 * @param deliveryIds the deliveries in this request
 * @param events their events, in the same order
 * @param attempt the attempt number (of the first delivery, for a batch)
 */
public record DeliveryContext(
    String endpointId,
    String messageId,
    List<String> deliveryIds,
    List<Event> events,
    int attempt) {

  /** Copies the lists. */
  public DeliveryContext {
    deliveryIds = List.copyOf(deliveryIds);
    events = List.copyOf(events);
  }

  /** True when the request carries several deliveries as a JSON array. */
  public boolean isBatch() {
    return deliveryIds.size() > 1;
  }
}
