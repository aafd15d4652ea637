package dev.hookline.delivery;

import dev.hookline.internal.Threads;
import dev.hookline.store.Completion;
import dev.hookline.store.Outbox;
import dev.hookline.store.Release;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes attempt outcomes and releases to the store in batches from one thread, so network threads
 * never wait on the disk and many outcomes share a transaction. Each item's follow-up (freeing its
 * in-flight slot, callbacks) runs only once it is stored. A store failure is retried, never
 * dropped: until stored, the delivery stays leased and counted in flight.
 */
final class Recorder implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Recorder.class.getName());
  private static final int MAX_BATCH = 1000;

  /**
   * A completion or a release, and what to do once it is stored: told whether the completion was
   * applied (false when another node or attempt holds the delivery now).
   */
  record Item(Completion completion, Release release, java.util.function.Consumer<Boolean> after) {}

  private final Outbox store;
  private final Clock clock;
  private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closing;

  Recorder(Outbox store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.thread = Threads.platform("hookline-recorder", this::loop);
  }

  void complete(Completion completion, java.util.function.Consumer<Boolean> after) {
    queue.add(new Item(completion, null, after));
  }

  void release(Release release, Runnable after) {
    queue.add(new Item(null, release, applied -> after.run()));
  }

  int backlog() {
    return queue.size();
  }

  /** Whether the recording thread is alive (it ends only at close). */
  boolean isAlive() {
    return thread.isAlive();
  }

  private void loop() {
    List<Item> batch = new ArrayList<>(MAX_BATCH);
    List<Completion> completions = new ArrayList<>(MAX_BATCH);
    List<Release> releases = new ArrayList<>();
    long backoffMillis = 50;
    while (!(closing && queue.isEmpty())) {
      try {
        Item first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        for (Item item : batch) {
          if (item.completion() != null) {
            completions.add(item.completion());
          } else {
            releases.add(item.release());
          }
        }
        java.util.Set<String> stale = java.util.Set.of();
        boolean completed = completions.isEmpty();
        while (true) {
          try {
            // Completions and releases are retried apart: a completion that was stored is never
            // sent again because the release after it failed.
            if (!completed) {
              stale = store.complete(completions, clock.instant());
              completed = true;
            }
            store.release(releases, clock.instant());
            backoffMillis = 50;
            break;
          } catch (RuntimeException | Error e) {
            LOG.log(
                System.Logger.Level.WARNING,
                "cannot record "
                    + batch.size()
                    + " delivery outcomes; retrying: "
                    + e.getMessage());
            Thread.sleep(backoffMillis);
            backoffMillis = Math.min(backoffMillis * 2, 5_000);
          }
        }
        for (Item item : batch) {
          try {
            item.after()
                .accept(
                    item.completion() == null
                        || !stale.contains(item.completion().attempt().deliveryId()));
          } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "delivery follow-up failed", e);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
        completions.clear();
        releases.clear();
      }
    }
  }

  /** Stores what is queued, then stops. */
  @Override
  public void close() {
    closing = true;
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
