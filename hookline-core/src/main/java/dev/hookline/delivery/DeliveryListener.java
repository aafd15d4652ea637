package dev.hookline.delivery;

/**
 * Callbacks on delivery outcomes. Called after the outcome is stored, on a virtual thread, never on
 * the network threads; the callbacks about one attempt are made in order ({@link #onAttemptFailed}
 * before {@link #onFailure}). A listener that throws goes to the {@link ListenerErrorHandler} and
 * never affects delivery or the other listeners.
 *
 * <p>{@link #onFailure} is the seeds' {@code on_failure(webhook, event, error)}: once per delivery
 * that has failed for good. {@link #onAttemptFailed} is per failed attempt, retried or not.
 */
public interface DeliveryListener {
  /** A listener that does nothing. */
  DeliveryListener NONE = new DeliveryListener() {};

  /** An attempt got a 2xx answer. */
  default void onSuccess(DeliveryOutcome outcome) {}

  /**
   * An attempt failed; {@link DeliveryOutcome#willRetry()} says whether another is scheduled or the
   * delivery is now dead. Not called for a delivery that dies without an endpoint or an event to
   * report (see {@link #onFailure}).
   */
  default void onAttemptFailed(DeliveryOutcome outcome) {}

  /**
   * A delivery is dead: called exactly once each time a delivery dies, however it died (retries
   * exhausted, a final 4xx, a template or format error, its event missing from the store, its
   * endpoint gone or disabled). A dead delivery retried by hand that dies again is reported again,
   * with its new attempt number. Only the node whose outcome the store kept reports it: a node
   * whose lease lapsed and was taken over by another stays silent.
   */
  default void onFailure(DeadDelivery dead) {}
}
