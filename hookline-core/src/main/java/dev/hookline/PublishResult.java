package dev.hookline;

import dev.hookline.routing.Skip;
import dev.hookline.store.Delivery;
import java.util.List;

/**
 * What {@link Hookline#publish} did with an event.
 *
 * @param eventId the event's id
 * @param created false when an event with that id was accepted before: nothing new was queued
 * @param deliveries the deliveries created, one per endpoint that takes the event
 * @param skipped for every endpoint that does not take it, why
 */
public record PublishResult(
    String eventId, boolean created, List<Delivery> deliveries, List<Skip> skipped) {
  /** Copies the lists. */
  public PublishResult {
    deliveries = List.copyOf(deliveries);
    skipped = List.copyOf(skipped);
  }
}
