package dev.hookline.store;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One (event, endpoint) pair and where it stands.
 *
 * @param id {@code dlv_} + a ULID; sorts in acceptance order
 * @param eventId the event delivered
 * @param eventType its type
 * @param endpointId the endpoint it goes to
 * @param status where it stands
 * @param attempts attempts made or under way, counting across retries and replays
 * @param nextAttemptAt when the next attempt is due (meaningful while pending or failed)
 * @param createdAt when the event was accepted
 * @param updatedAt last change
 * @param completedAt when it became succeeded or dead
 * @param lastStatusCode HTTP status of the last attempt, if it got one
 * @param lastError error of the last failed attempt
 * @param result what a native format's successful answer created (a Jira issue key, a GitHub issue
 *     URL), kept from the last attempt that reported one
 */
public record Delivery(
    String id,
    String eventId,
    String eventType,
    String endpointId,
    DeliveryStatus status,
    int attempts,
    Instant nextAttemptAt,
    Instant createdAt,
    Instant updatedAt,
    Optional<Instant> completedAt,
    OptionalInt lastStatusCode,
    Optional<String> lastError,
    Optional<String> result) {}
