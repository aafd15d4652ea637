package dev.hookline.store;

import java.time.Instant;
import java.util.Optional;

/**
 * How much work waits.
 *
 * @param open deliveries pending, in flight or waiting for a retry
 * @param oldestCreatedAt when the oldest of them was accepted
 */
public record QueueDepth(long open, Optional<Instant> oldestCreatedAt) {}
