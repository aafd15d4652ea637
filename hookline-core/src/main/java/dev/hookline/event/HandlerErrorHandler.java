package dev.hookline.event;

/**
 * Receives the failures of an {@link EventBus}'s handlers, so that one failing handler never stops
 * the others and never reaches the code that emitted the event.
 *
 * <p>Called on the thread the handler ran on: the emitting thread for {@link EventBus#on} handlers,
 * an executor thread for {@link EventBus#onAsync} handlers. It may therefore be called concurrently
 * and must be thread-safe. If it throws, the bus logs that through {@link System.Logger} and goes
 * on.
 */
@FunctionalInterface
public interface HandlerErrorHandler {
  /** Handles one failure. */
  void handleError(HandlerErrorContext context);

  /**
   * The default: logs each failure at {@code ERROR} through the {@link System.Logger} named {@code
   * dev.hookline.event.EventBus}, with the handler, the event's id and type, and the stack trace.
   * Useful to compose with: {@code ctx -> { metrics.increment(); HandlerErrorHandler.logging()
   * .handleError(ctx); }}.
   */
  static HandlerErrorHandler logging() {
    return RealEventBus.LOGGING_ERROR_HANDLER;
  }
}
