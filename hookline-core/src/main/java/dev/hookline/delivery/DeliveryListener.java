package dev.hookline.delivery;

/**
 * Callbacks on delivery outcomes: success, and failure (every failed attempt; {@link
 * DeliveryOutcome#willRetry()} tells a retried failure from a final one). Called after the outcome
 * is stored, on a virtual thread, never on the network threads. A listener that throws is logged
 * and never affects delivery.
 */
public interface DeliveryListener {
  /** A listener that does nothing. */
  DeliveryListener NONE = new DeliveryListener() {};

  /** An attempt got a 2xx answer. */
  default void onSuccess(DeliveryOutcome outcome) {}

  /** An attempt failed; the delivery is retried later or is now dead. */
  default void onFailure(DeliveryOutcome outcome) {}
}
