package dev.hookline.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place Hookline makes threads (CONVENTIONS, "Build"): each named, daemon where it is a
 * platform thread, and with an uncaught-exception handler that logs what escaped — our tasks catch
 * their own failures, so anything logged here is a bug. Where a user may bring their own threads
 * (the event bus's {@code Executor}), the facade takes an executor instead.
 *
 * <p>Not API: {@code dev.hookline.internal} is shared by Hookline's own modules and may change in
 * any release.
 */
public final class Threads {
  private static final System.Logger LOG = System.getLogger("dev.hookline.threads");

  /** Logs what escapes a task. */
  private static final Thread.UncaughtExceptionHandler LOG_UNCAUGHT =
      (thread, e) ->
          LOG.log(System.Logger.Level.ERROR, "uncaught exception in thread " + thread.getName(), e);

  private static final AtomicLong NUMBERS = new AtomicLong();

  private Threads() {}

  /** Starts a daemon platform thread named {@code name}: for long-lived loops. */
  public static Thread platform(String name, Runnable task) {
    return Thread.ofPlatform()
        .name(name)
        .daemon(true)
        .uncaughtExceptionHandler(LOG_UNCAUGHT)
        .start(task);
  }

  /** Starts a virtual thread named {@code prefix-N}: for a short task that may block. */
  public static Thread virtual(String prefix, Runnable task) {
    return Thread.ofVirtual()
        .name(prefix + "-" + NUMBERS.incrementAndGet())
        .uncaughtExceptionHandler(LOG_UNCAUGHT)
        .start(task);
  }

  /** A factory of virtual threads named {@code prefix-0}, {@code prefix-1}, ... Thread-safe. */
  public static ThreadFactory virtualFactory(String prefix) {
    return Thread.ofVirtual()
        .name(prefix + "-", 0)
        .uncaughtExceptionHandler(LOG_UNCAUGHT)
        .factory();
  }

  /**
   * A scheduler on one daemon platform thread named {@code name}; cancelled tasks leave its queue
   * at once.
   */
  public static ScheduledExecutorService scheduler(String name) {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r ->
                Thread.ofPlatform()
                    .name(name)
                    .daemon(true)
                    .uncaughtExceptionHandler(LOG_UNCAUGHT)
                    .unstarted(r));
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
