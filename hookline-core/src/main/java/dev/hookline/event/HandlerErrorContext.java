package dev.hookline.event;

import java.util.Objects;

/**
 * A handler failure, as passed to a {@link HandlerErrorHandler}.
 *
 * @param bus the bus the event was emitted on
 * @param event the event the handler failed on
 * @param handler which handler failed
 * @param subscription that handler's own subscription; cancelling it stops just that handler (for a
 *     listener object, just that method), for instance after repeated failures
 * @param exception what the handler threw, or why an asynchronous invocation could not be started
 *     ({@link java.util.concurrent.RejectedExecutionException} when the executor refused it or the
 *     bus was closing, {@link InterruptedException} when the emitting thread was interrupted while
 *     waiting for room under {@link EventBus.Builder#maxPendingAsync(int)})
 */
public record HandlerErrorContext(
    EventBus bus,
    Event event,
    HandlerInfo handler,
    Subscription subscription,
    Throwable exception) {
  /** Checks that no component is null. */
  public HandlerErrorContext {
    Objects.requireNonNull(bus, "bus");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(exception, "exception");
  }
}
