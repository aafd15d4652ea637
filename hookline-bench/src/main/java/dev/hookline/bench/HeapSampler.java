package dev.hookline.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples heap used every {@link #PERIOD} on a daemon thread and keeps the highest value: the peak
 * heap of a scenario, garbage not yet collected included, so it says how much heap a run needs
 * rather than how much it retains.
 */
final class HeapSampler {
  static final Duration PERIOD = Duration.ofMillis(100);

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peak = new AtomicLong();
  private final Thread thread;

  private HeapSampler() {
    sample();
    thread = Thread.ofPlatform().name("heap-sampler").daemon().start(this::loop);
  }

  /** Collects garbage, so the previous scenario's leftovers do not count, then starts sampling. */
  static HeapSampler start() {
    System.gc();
    return new HeapSampler();
  }

  private void loop() {
    while (!Thread.currentThread().isInterrupted()) {
      sample();
      try {
        Thread.sleep(PERIOD);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
  }

  /** Stops sampling and returns the highest heap used seen, in bytes. Call once. */
  long stop() {
    thread.interrupt();
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    sample();
    return peak.get();
  }
}
