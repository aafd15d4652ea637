package dev.hookline.store;

/**
 * A delivery to create when its event is accepted.
 *
 * @param endpointId the endpoint that takes the event
 * @param fifo whether the endpoint delivers one at a time in acceptance order
 */
public record NewDelivery(String endpointId, boolean fifo) {}
