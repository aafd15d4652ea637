package dev.hookline.event;

import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The one place Hookline creates threads (CONVENTIONS: named, with an uncaught-exception handler).
 * Everything that needs threads of its own asks here, so names and failure logging stay uniform.
 */
final class Threads {
  private static final System.Logger LOG = System.getLogger("dev.hookline.threads");

  /** Logs what escapes a task; our tasks catch their own failures, so this means a bug. */
  static final Thread.UncaughtExceptionHandler LOG_UNCAUGHT =
      (thread, e) -> LOG.log(Level.ERROR, "uncaught exception in thread " + thread.getName(), e);

  private Threads() {}

  /** A factory of virtual threads named {@code prefix-0}, {@code prefix-1}, ... Thread-safe. */
  static ThreadFactory virtual(String prefix) {
    return Thread.ofVirtual()
        .name(prefix + "-", 0)
        .uncaughtExceptionHandler(LOG_UNCAUGHT)
        .factory();
  }

  /** An executor that starts one new thread from {@code factory} per task. */
  static ExecutorService perTask(ThreadFactory factory) {
    return Executors.newThreadPerTaskExecutor(factory);
  }
}
