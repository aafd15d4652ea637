package dev.hookline;

import dev.hookline.internal.Threads;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** The hourly purge of succeeded deliveries past the retention period, on a thread of its own. */
final class Housekeeping implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Hookline.class.getName());

  private final ScheduledExecutorService scheduler = Threads.scheduler("hookline-housekeeping");

  /** Starts purging with {@code purge} (which says how many it deleted) a minute from now. */
  Housekeeping(IntSupplier purge) {
    scheduler.scheduleWithFixedDelay(() -> purgeQuietly(purge), 1, 60, TimeUnit.MINUTES);
  }

  private static void purgeQuietly(IntSupplier purge) {
    try {
      int n = purge.getAsInt();
      if (n > 0) {
        LOG.log(System.Logger.Level.INFO, "purged " + n + " succeeded deliveries");
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "purge failed: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
