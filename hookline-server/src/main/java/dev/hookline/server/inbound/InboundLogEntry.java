package dev.hookline.server.inbound;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One received webhook request in the bounded inbound log that the dashboard shows: accepted or
 * not, and why. Never holds a secret, a signature or the body.
 *
 * @param time when the request was received
 * @param source the source name from the URL (truncated to 100 characters for unknown sources)
 * @param outcome what became of it
 * @param status the HTTP status answered
 * @param reason a sentence: why it was rejected, or what it became
 * @param eventId the event's id, when one was created or recognised as a duplicate
 * @param deliveryId the provider's delivery id ({@code X-GitHub-Delivery}, the Stripe event id,
 *     ...), when the request was verified and had one
 * @param eventType the event's type, when the request was verified and parsed
 */
public record InboundLogEntry(
    Instant time,
    String source,
    Outcome outcome,
    int status,
    String reason,
    Optional<String> eventId,
    Optional<String> deliveryId,
    Optional<String> eventType) {

  /** What became of a received request. */
  public enum Outcome {
    /** A new event was accepted (or, for a workflow trigger, a run started). */
    ACCEPTED,
    /** The event was accepted before; nothing new was created. */
    DUPLICATE,
    /** Answered without creating anything: a Slack {@code url_verification} handshake. */
    ANSWERED,
    /** Refused (4xx): unknown source, bad signature, stale timestamp, malformed body. */
    REJECTED,
    /** Verified and parsed, but the event could not be stored (5xx): the sender should retry. */
    FAILED;

    /** The lower-case name, as the HTTP API shows it. */
    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Checks that no field is null. */
  public InboundLogEntry {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(eventType, "eventType");
  }
}
