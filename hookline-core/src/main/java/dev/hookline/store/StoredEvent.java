package dev.hookline.store;

import dev.hookline.event.Event;
import java.time.Instant;
import java.util.Map;

/**
 * An accepted event as stored.
 *
 * @param event the event
 * @param acceptedAt when it was stored
 * @param skips for every endpoint that did not take it, why (endpoint id → reason)
 */
public record StoredEvent(Event event, Instant acceptedAt, Map<String, String> skips) {
  /** Copies the skips. */
  public StoredEvent {
    skips = Map.copyOf(skips);
  }
}
