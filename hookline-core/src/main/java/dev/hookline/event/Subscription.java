package dev.hookline.event;

/**
 * A handler's place on an {@link EventBus}, returned by {@link EventBus#on}, {@link
 * EventBus#onAsync} and {@link EventBus#register}. Cancel it to stop the handler.
 *
 * <p>Thread-safe.
 */
public interface Subscription {
  /**
   * Stops this subscription's handlers. Once this method returns, no new invocation of them starts:
   * events emitted afterwards do not reach them and queued asynchronous invocations that have not
   * begun are skipped. An invocation already running on another thread is not interrupted and may
   * finish.
   *
   * <p>Idempotent and thread-safe; a handler may cancel its own subscription while it runs.
   */
  void cancel();

  /**
   * The pattern the handler was subscribed with, such as {@code github.*}. For a listener object
   * passed to {@link EventBus#register}, the distinct patterns of its {@link On} methods joined by
   * {@code ", "}.
   */
  String pattern();

  /**
   * True until {@link #cancel()} is called. For a listener object, true while any of its handlers
   * is still subscribed.
   */
  boolean isActive();
}
