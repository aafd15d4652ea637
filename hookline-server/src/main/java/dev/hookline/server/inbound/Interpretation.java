package dev.hookline.server.inbound;

import java.util.Map;
import java.util.Optional;

/** What a provider makes of a verified request. */
sealed interface Interpretation {

  /** How a new or duplicate event is answered. */
  enum Reply {
    /** {@code {"id": ..., "duplicate": ...}}. */
    JSON,
    /**
     * An empty 200: Slack shows a slash command's response body to the user, and interactivity
     * expects an empty acknowledgement.
     */
    EMPTY,
    /** An empty TwiML {@code <Response/>}: Twilio reads the answer as instructions. */
    TWIML
  }

  /**
   * Publish an event.
   *
   * @param type the full event type
   * @param deliveryId the provider's id for this event, stable across its retries; the event id is
   *     derived from it. Empty when the provider sent none (then nothing de-duplicates)
   * @param data the payload
   * @param subject what the event is about
   * @param userId who caused it
   * @param metadata the provider's details worth keeping (selected headers, never signatures)
   * @param reply how to answer
   */
  record Publish(
      String type,
      Optional<String> deliveryId,
      Map<String, Object> data,
      Optional<String> subject,
      Optional<String> userId,
      Map<String, Object> metadata,
      Reply reply)
      implements Interpretation {}

  /** Answer without creating an event (Slack's {@code url_verification}). */
  record Answer(InboundResponse response, String reason) implements Interpretation {}

  /** Start a workflow ({@code generic} sources). */
  record Trigger(String workflowName, Map<String, Object> inputs, Optional<String> idempotencyKey)
      implements Interpretation {}
}
