package dev.hookline.delivery;

import dev.hookline.event.Event;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A delivery that has failed for good, as {@link DeliveryListener#onFailure} sees it once: its
 * retries ran out, the endpoint refused it (a 4xx other than 408 and 429), its request could not be
 * built (a template or format error), its event is missing from the store or no longer parses, or
 * its endpoint is gone or disabled. It stays in the store, dead, with every attempt, until it is
 * retried or replayed.
 *
 * @param endpointId the endpoint it was for
 * @param deliveryId the delivery
 * @param eventId the event's id
 * @param event the event, unless it is missing from the store or no longer parses
 * @param attempts the number of the last attempt (counting across retries and replays)
 * @param lastError why the last attempt failed
 * @param lastStatus the HTTP status of the last answer, when one came
 */
public record DeadDelivery(
    String endpointId,
    String deliveryId,
    String eventId,
    Optional<Event> event,
    int attempts,
    String lastError,
    OptionalInt lastStatus) {

  /** Checks that nothing is null. */
  public DeadDelivery {
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(lastStatus, "lastStatus");
  }
}
