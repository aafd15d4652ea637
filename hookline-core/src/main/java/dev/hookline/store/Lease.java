package dev.hookline.store;

import java.time.Instant;

/**
 * A node's hold on the deliveries it claimed: until {@code until} no other node takes them; after,
 * any node may (the first node is presumed dead).
 *
 * @param node the holder's id
 * @param until when the hold lapses unless renewed
 */
public record Lease(String node, Instant until) {}
