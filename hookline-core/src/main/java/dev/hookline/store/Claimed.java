package dev.hookline.store;

import dev.hookline.event.Event;

/**
 * A delivery leased to this node for one attempt, with its event.
 *
 * @param delivery the delivery, {@code in_flight}; {@code attempts} is the number of this attempt
 * @param event the event to send
 */
public record Claimed(Delivery delivery, Event event) {}
