package dev.hookline.event;

/**
 * Code that reacts to an {@link Event} published on an {@link EventBus}.
 *
 * <p>Register one with {@link EventBus#on} (runs on the emitting thread) or {@link
 * EventBus#onAsync} (runs on the bus's executor). A handler may throw anything: the failure goes to
 * the bus's {@link HandlerErrorHandler} and the other handlers still run.
 */
@FunctionalInterface
public interface EventHandler {
  /**
   * Handles one event.
   *
   * @throws Exception whatever the handler fails with; it is reported to the bus's {@link
   *     HandlerErrorHandler}, never to the emitter
   */
  void handle(Event event) throws Exception;
}
