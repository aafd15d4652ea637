package dev.hookline.event;

import dev.hookline.HooklineException;
import java.lang.invoke.MethodHandles;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * An in-process publish/subscribe bus: code {@linkplain #emit emits} {@link Event}s and handlers
 * subscribed to matching event-type patterns receive them.
 *
 * <pre>{@code
 * try (EventBus bus = EventBus.create()) {
 *   bus.on("pattern_learned", event -> System.out.println("learned " + event.data().get("pattern_name")));
 *   bus.onAsync("github.*", event -> slack.post(event));   // on a virtual thread
 *   bus.emit(Event.of("pattern_learned", Map.of("pattern_name", "sql_injection_detection")));
 * }
 * }</pre>
 *
 * <p><b>Patterns</b> are those of {@link EventPattern}: exact ({@code prediction}), {@code *},
 * prefix ({@code github.*}, any depth) and globs within a segment ({@code tool_execution_*}).
 *
 * <p><b>Synchronous handlers</b> ({@link #on}) run on the emitting thread, before {@code emit}
 * returns. <b>Asynchronous handlers</b> ({@link #onAsync}) run on the bus's executor — by default
 * one new virtual thread per invocation, named {@code hookline-handler-N}. Handlers are dispatched
 * in subscription order; asynchronous ones may then run in any order and concurrently.
 *
 * <p><b>Failures never reach the emitter.</b> Whatever a handler throws goes to the bus's {@link
 * HandlerErrorHandler} (by default: logged through {@link System.Logger}) and the remaining
 * handlers still run. Only a {@link VirtualMachineError} such as {@link OutOfMemoryError} is
 * rethrown after being reported, since the JVM cannot be trusted to go on.
 *
 * <p><b>Backpressure.</b> At most {@link Builder#maxPendingAsync(int)} asynchronous invocations are
 * outstanding (submitted and not yet finished) at once. When that many are, {@code emit} blocks
 * until one finishes, so a slow handler slows its producers instead of growing an unbounded queue
 * (the shortcoming of Guava's {@code AsyncEventBus}). An {@code emit} made from inside one of this
 * bus's asynchronous handlers never waits, since it could be waiting on itself; it may go over the
 * limit.
 *
 * <p>Re-entrant {@code emit} from a synchronous handler dispatches the nested event at once (depth
 * first), before the outer event's remaining handlers.
 *
 * <p>Implementations are thread-safe: subscribe, cancel and emit from any number of threads.
 */
public interface EventBus extends AutoCloseable {
  /** Default limit of outstanding asynchronous handler invocations. */
  int DEFAULT_MAX_PENDING_ASYNC = 10_000;

  /** How long {@link #close()} waits for outstanding asynchronous handlers. */
  Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  /** A bus with the defaults: virtual threads, logging error handler, 10,000 pending async. */
  static EventBus create() {
    return builder().build();
  }

  /** Starts configuring a bus. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Subscribes a handler that runs on the emitting thread, before {@link #emit} returns. Takes
   * effect for events emitted after this method returns; thread-safe, may be called from a handler.
   *
   * @param pattern an event-type pattern such as {@code pattern_learned} or {@code github.*}
   * @throws HooklineException when the pattern is invalid
   */
  Subscription on(String pattern, EventHandler handler);

  /**
   * Subscribes a handler that runs on the bus's executor; {@link #emit} returns without waiting for
   * it, or blocks first when {@link Builder#maxPendingAsync(int)} invocations are outstanding.
   * Takes effect for events emitted after this method returns; thread-safe.
   *
   * @param pattern an event-type pattern such as {@code pattern_learned} or {@code github.*}
   * @throws HooklineException when the pattern is invalid
   */
  Subscription onAsync(String pattern, EventHandler handler);

  /**
   * Subscribes every method of {@code listener} annotated with {@link On}, all at once: an event
   * emitted concurrently reaches either none or all of them. The returned subscription cancels them
   * all. Methods may be private; they are called through generated code, as fast as a lambda.
   *
   * <p>Methods are found on the listener's class and its superclasses and interfaces; an overridden
   * method is subscribed once. Between the methods of one listener the dispatch order is stable (by
   * method name) but is not the declaration order.
   *
   * @throws HooklineException naming the class and method when an {@link On} method is static, does
   *     not return {@code void}, takes parameters other than a single {@link Event}, has an invalid
   *     pattern, or cannot be accessed (a named module that does not open its package: use {@link
   *     #register(Object, MethodHandles.Lookup)}); or when the class has no {@link On} method at
   *     all
   */
  Subscription register(Object listener);

  /**
   * Like {@link #register(Object)}, reaching the listener's methods through {@code lookup}: pass
   * {@code MethodHandles.lookup()} from the listener's own class when it lives in a named module
   * that does not open its package to Hookline.
   *
   * @throws HooklineException as {@link #register(Object)} does
   */
  Subscription register(Object listener, MethodHandles.Lookup lookup);

  /**
   * Dispatches {@code event} to every active handler whose pattern matches its type, in
   * subscription order: synchronous handlers are run, asynchronous ones are handed to the executor.
   *
   * <p>Never throws because of a handler; see the class documentation for failures and for when
   * this method blocks. If the thread is interrupted while blocked for backpressure, each
   * asynchronous handler that would have to wait is skipped and reported to the error handler with
   * an {@link InterruptedException}, and the thread's interrupt status is set again.
   *
   * @return how many handlers the event was dispatched to (synchronous handlers run, whether or not
   *     they threw, plus asynchronous invocations submitted); {@code 0} when none matched
   * @throws HooklineException when the bus is closed
   */
  int emit(Event event);

  /**
   * The active handlers in subscription order. A snapshot: later subscriptions and cancellations do
   * not change the returned list.
   */
  List<HandlerInfo> handlers();

  /**
   * Closes the bus, waiting up to {@link #DEFAULT_CLOSE_TIMEOUT} for outstanding asynchronous
   * handlers. Same as {@link #close(Duration)} with that timeout.
   */
  @Override
  void close();

  /**
   * Stops accepting events and waits up to {@code timeout} for the asynchronous handlers already
   * submitted to finish. After this starts, {@link #emit} throws; an {@code emit} racing with it
   * may still run its synchronous handlers, while its asynchronous ones are reported as rejected.
   *
   * <p>The bus's own executor (the default virtual threads) is shut down; when the timeout expires,
   * the handlers still running are interrupted. An executor passed to {@link
   * Builder#executor(Executor)} belongs to the caller and is left running.
   *
   * <p>Idempotent and thread-safe; each call waits. Called from one of this bus's asynchronous
   * handlers, it neither waits (it would wait for itself) nor interrupts, and returns false.
   *
   * @return true when no asynchronous handler was outstanding on return
   */
  boolean close(Duration timeout);

  /**
   * Configures an {@link EventBus}. Each setter validates its argument. Not thread-safe; a builder
   * can build several buses.
   */
  final class Builder {
    private Executor executor;
    private HandlerErrorHandler errorHandler = HandlerErrorHandler.logging();
    private int maxPendingAsync = DEFAULT_MAX_PENDING_ASYNC;

    Builder() {}

    /**
     * The executor that runs asynchronous handlers. By default each invocation gets a new virtual
     * thread named {@code hookline-handler-N}. The caller owns this executor: the bus never shuts
     * it down. If it rejects a task, the invocation is reported to the error handler with the
     * {@link java.util.concurrent.RejectedExecutionException}.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Where handler failures go; by default {@link HandlerErrorHandler#logging()}. */
    public Builder errorHandler(HandlerErrorHandler errorHandler) {
      this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
      return this;
    }

    /**
     * How many asynchronous handler invocations may be outstanding (submitted and not finished)
     * before {@link EventBus#emit} blocks; default {@link EventBus#DEFAULT_MAX_PENDING_ASYNC}.
     *
     * @throws HooklineException when {@code max} is less than 1
     */
    public Builder maxPendingAsync(int max) {
      if (max < 1) {
        throw new HooklineException("maxPendingAsync must be at least 1, was " + max);
      }
      this.maxPendingAsync = max;
      return this;
    }

    /** Builds the bus. */
    public EventBus build() {
      return new RealEventBus(Optional.ofNullable(executor), errorHandler, maxPendingAsync);
    }
  }
}
