package dev.hookline;

import dev.hookline.delivery.DeadDelivery;
import dev.hookline.delivery.DeliveryListener;
import dev.hookline.delivery.DeliveryOutcome;
import java.util.Objects;
import java.util.function.Consumer;

/** The listeners behind {@link Hookline.Builder}'s one-callback methods. */
final class Callbacks {
  private Callbacks() {}

  static DeliveryListener onSuccess(Consumer<DeliveryOutcome> callback) {
    Objects.requireNonNull(callback, "callback");
    return new DeliveryListener() {
      @Override
      public void onSuccess(DeliveryOutcome o) {
        callback.accept(o);
      }
    };
  }

  static DeliveryListener onAttemptFailed(Consumer<DeliveryOutcome> callback) {
    Objects.requireNonNull(callback, "callback");
    return new DeliveryListener() {
      @Override
      public void onAttemptFailed(DeliveryOutcome o) {
        callback.accept(o);
      }
    };
  }

  static DeliveryListener onFailure(Consumer<DeadDelivery> callback) {
    Objects.requireNonNull(callback, "callback");
    return new DeliveryListener() {
      @Override
      public void onFailure(DeadDelivery dead) {
        callback.accept(dead);
      }
    };
  }
}
