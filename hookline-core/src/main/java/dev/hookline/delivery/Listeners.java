package dev.hookline.delivery;

import dev.hookline.internal.Threads;
import dev.hookline.store.DeliveryStatus;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Tells the delivery listeners, in the order they were added, on a virtual thread per outcome: a
 * listener that throws goes to the error handler, and the others are told all the same.
 */
final class Listeners {
  private final List<DeliveryListener> listeners;
  private final ListenerErrorHandler errors;

  Listeners(List<DeliveryListener> listeners, ListenerErrorHandler errors) {
    this.listeners = List.copyOf(listeners);
    this.errors = errors;
  }

  /**
   * Tells every listener the attempt's outcome (when there is one to give: it needs the endpoint
   * and the parsed event), then the death ({@code deadOf} not null). Both are built on the
   * listeners' thread, never on the caller's.
   */
  void tell(
      String deliveryId,
      Supplier<Optional<DeliveryOutcome>> outcomeOf,
      Supplier<DeadDelivery> deadOf) {
    if (listeners.isEmpty()) {
      return;
    }
    Threads.virtual(
        "hookline-listener",
        () -> {
          Optional<DeliveryOutcome> outcome;
          try {
            outcome = outcomeOf.get();
          } catch (RuntimeException e) { // the stored event no longer parses
            outcome = Optional.empty();
          }
          DeadDelivery dead = deadOf == null ? null : deadOf.get();
          for (DeliveryListener l : listeners) {
            if (outcome.isPresent()) {
              DeliveryOutcome o = outcome.get();
              if (o.status() == DeliveryStatus.SUCCEEDED) {
                call(l, "onSuccess", deliveryId, () -> l.onSuccess(o));
              } else {
                call(l, "onAttemptFailed", deliveryId, () -> l.onAttemptFailed(o));
              }
            }
            if (dead != null) {
              call(l, "onFailure", deliveryId, () -> l.onFailure(dead));
            }
          }
        });
  }

  private void call(DeliveryListener l, String callback, String deliveryId, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException | Error e) {
      try {
        errors.handle(e, l, callback, deliveryId);
      } catch (RuntimeException ignored) {
        // the error handler's own failure must not stop the other listeners either
      }
    }
  }
}
