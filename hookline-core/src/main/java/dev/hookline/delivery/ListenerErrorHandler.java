package dev.hookline.delivery;

/**
 * Where a {@link DeliveryListener} that throws goes. Delivery carries on whatever it does; the
 * other listeners are still called. Called on the listener's thread; must not throw.
 */
@FunctionalInterface
public interface ListenerErrorHandler {
  /**
   * Handles one failure.
   *
   * @param error what the listener threw
   * @param listener the listener that threw
   * @param callback which callback: {@code onSuccess}, {@code onAttemptFailed} or {@code onFailure}
   * @param deliveryId the delivery it was called about
   */
  void handle(Throwable error, DeliveryListener listener, String callback, String deliveryId);

  /**
   * The default: logs at {@code WARNING} through the {@link System.Logger} named {@code
   * dev.hookline.delivery.Dispatcher}, with the delivery id, the callback and the stack trace.
   */
  static ListenerErrorHandler logging() {
    return (error, listener, callback, deliveryId) ->
        System.getLogger(Dispatcher.class.getName())
            .log(
                System.Logger.Level.WARNING,
                "delivery listener " + listener + " failed in " + callback + " on " + deliveryId,
                error);
  }
}
