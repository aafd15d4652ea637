package dev.hookline.delivery;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/** Where the delivery engine's threads are made: named, daemon, with a logging handler. */
final class Threads {
  private static final System.Logger LOG = System.getLogger(Threads.class.getName());
  private static final Thread.UncaughtExceptionHandler LOG_UNCAUGHT =
      (t, e) -> LOG.log(System.Logger.Level.ERROR, "uncaught exception in " + t.getName(), e);
  private static final AtomicInteger LISTENERS = new AtomicInteger();

  private Threads() {}

  static Thread platform(String name, Runnable task) {
    return Thread.ofPlatform()
        .name(name)
        .daemon(true)
        .uncaughtExceptionHandler(LOG_UNCAUGHT)
        .start(task);
  }

  static void virtual(String prefix, Runnable task) {
    Thread.ofVirtual()
        .name(prefix + "-" + LISTENERS.incrementAndGet())
        .uncaughtExceptionHandler(LOG_UNCAUGHT)
        .start(task);
  }

  static ScheduledExecutorService scheduler(String name) {
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
