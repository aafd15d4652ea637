package dev.hookline.store;

import java.time.Instant;

/**
 * Gives a claimed delivery back without attempting it (its endpoint's circuit is open, or a rate
 * limit makes it wait): the attempt number it was given is returned too.
 *
 * @param deliveryId the delivery
 * @param attemptNumber the number it was claimed with
 * @param nextAttemptAt when it may be claimed again
 * @param node the node that holds it
 */
public record Release(String deliveryId, int attemptNumber, Instant nextAttemptAt, String node) {}
