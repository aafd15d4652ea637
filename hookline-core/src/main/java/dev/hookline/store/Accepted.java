package dev.hookline.store;

import java.util.List;

/**
 * The answer to {@link Outbox#accept}.
 *
 * @param created false when an event with the same id was already stored: nothing new was queued
 * @param deliveries the deliveries created (empty when not created)
 */
public record Accepted(boolean created, List<Delivery> deliveries) {
  /** Copies the list. */
  public Accepted {
    deliveries = List.copyOf(deliveries);
  }
}
