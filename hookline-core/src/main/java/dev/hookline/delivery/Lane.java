package dev.hookline.delivery;

import dev.hookline.routing.BatchConfig;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.RateLimit;
import dev.hookline.store.Claimed;
import dev.hookline.store.RateWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One endpoint's way out: its concurrency limit, the batch it is filling, its circuit breaker, its
 * rate limits and the pause its service asked for. The engine {@link #offer}s deliveries and is
 * handed back what may be attempted now; after each attempt (or decision not to attempt) it calls
 * {@link #done} and is handed what was waiting. Mutable state is guarded by {@code this}.
 */
final class Lane {
  /** Attempts what a lane hands over on its own (a batch whose {@code max_wait} ran out). */
  @FunctionalInterface
  interface Attempter {
    void attempt(Lane lane, List<Claimed> ready);
  }

  /** Grants rate-limit permits (the store, shared by every node). */
  @FunctionalInterface
  interface Permits {
    /** Empty when a request may go now, else when to try again. */
    Optional<Instant> acquire(String endpointId, List<RateWindow> windows, Instant now);
  }

  final String id;
  final CircuitBreaker breaker;
  private final int maxConcurrent;
  private final Permits permits;
  private final ScheduledExecutorService timers;
  private final Function<Endpoint, List<Interceptor>> chains;
  private final Attempter attempter;
  private volatile Endpoint endpoint;
  private volatile List<Interceptor> interceptors;
  private volatile List<RateWindow> windows = List.of();
  // Until when the service asked for no requests (its rate limit spent), or null.
  private volatile Instant pausedUntil;
  private final ArrayDeque<Claimed> waiting = new ArrayDeque<>();
  private final List<Claimed> batch = new ArrayList<>();
  private ScheduledFuture<?> batchTimer;
  private int active;

  Lane(
      Endpoint endpoint,
      CircuitBreakerPolicy breaker,
      int maxConcurrent,
      Permits permits,
      ScheduledExecutorService timers,
      Function<Endpoint, List<Interceptor>> chains,
      Attempter attempter) {
    this.id = endpoint.id();
    this.breaker =
        new CircuitBreaker(
            breaker.threshold(), breaker.open(), breaker.maxOpen(), breaker.disableAfter());
    this.maxConcurrent = maxConcurrent;
    this.permits = permits;
    this.timers = timers;
    this.chains = chains;
    this.attempter = attempter;
    configure(endpoint);
  }

  /** The endpoint's settings as of the last {@link #configure}. */
  Endpoint endpoint() {
    return endpoint;
  }

  /** The interceptors for the endpoint's requests. */
  List<Interceptor> interceptors() {
    return interceptors;
  }

  /** Takes up an endpoint's new settings (its chain and rate limits). */
  synchronized void configure(Endpoint e) {
    this.interceptors = chains.apply(e);
    List<RateWindow> limits = new ArrayList<>(2);
    Optional<RateLimit> limit = e.rateLimit();
    limit.ifPresent(
        l -> {
          if (l.maxRequestsPerMinute().isPresent()) {
            limits.add(new RateWindow(l.maxRequestsPerMinute().getAsInt(), Duration.ofMinutes(1)));
          }
          if (l.maxRequestsPerHour().isPresent()) {
            limits.add(new RateWindow(l.maxRequestsPerHour().getAsInt(), Duration.ofHours(1)));
          }
        });
    this.windows = List.copyOf(limits);
    this.endpoint = e;
  }

  /** Holds the endpoint's requests until {@code until} (never shortens a pause). */
  synchronized void pauseUntil(Instant until) {
    if (pausedUntil == null || until.isAfter(pausedUntil)) {
      pausedUntil = until;
    }
  }

  /** Until when requests are held, if they are at {@code now}. */
  Optional<Instant> paused(Instant now) {
    Instant p = pausedUntil;
    return p != null && now.isBefore(p) ? Optional.of(p) : Optional.empty();
  }

  /** A rate-limit permit for one request now: empty when granted, else when to try again. */
  Optional<Instant> acquirePermit(Instant now) {
    List<RateWindow> limits = windows;
    return limits.isEmpty() ? Optional.empty() : permits.acquire(id, limits, now);
  }

  /** Takes a delivery; returns what may be attempted now (possibly a whole batch). */
  synchronized List<Claimed> offer(Claimed c) {
    Optional<BatchConfig> batching = endpoint.batch();
    if (batching.isPresent()) {
      batch.add(c);
      if (batch.size() >= batching.get().maxSize() && active < maxConcurrent) {
        return takeBatch();
      }
      if (batchTimer == null) {
        batchTimer =
            timers.schedule(
                this::flushBatch, batching.get().maxWait().toMillis(), TimeUnit.MILLISECONDS);
      }
      return List.of();
    }
    if (active >= maxConcurrent) {
      waiting.add(c);
      return List.of();
    }
    active++;
    return List.of(c);
  }

  private List<Claimed> takeBatch() {
    if (batchTimer != null) {
      batchTimer.cancel(false);
      batchTimer = null;
    }
    Optional<BatchConfig> config = endpoint.batch();
    int size = config.map(BatchConfig::maxSize).orElse(batch.size());
    List<Claimed> out = new ArrayList<>(batch.subList(0, Math.min(size, batch.size())));
    batch.subList(0, out.size()).clear();
    if (!batch.isEmpty() && config.isPresent()) {
      // What is left must not wait for the next event to arrive: it goes after max_wait.
      batchTimer =
          timers.schedule(
              this::flushBatch, config.get().maxWait().toMillis(), TimeUnit.MILLISECONDS);
    }
    active++;
    return out;
  }

  private void flushBatch() {
    List<Claimed> ready;
    synchronized (this) {
      batchTimer = null;
      if (batch.isEmpty()) {
        return;
      }
      ready = takeBatch();
      if (!batch.isEmpty()) {
        batchTimer = timers.schedule(this::flushBatch, 0, TimeUnit.MILLISECONDS);
      }
    }
    attempter.attempt(this, ready);
  }

  /** An attempt (or a decision not to attempt) finished: returns what was waiting, to start. */
  List<Claimed> done() {
    List<Claimed> next = List.of();
    synchronized (this) {
      active--;
      if (!waiting.isEmpty() && active < maxConcurrent) {
        active++;
        next = List.of(waiting.poll());
      } else if (!batch.isEmpty()
          && batch.size() >= endpoint.batch().map(BatchConfig::maxSize).orElse(1)
          && active < maxConcurrent) {
        next = takeBatch();
      }
    }
    return next;
  }

  /** Gives up everything waiting or batched (at shutdown), for the caller to release. */
  synchronized List<Claimed> drainHeld() {
    List<Claimed> held = new ArrayList<>(waiting);
    held.addAll(batch);
    waiting.clear();
    batch.clear();
    if (batchTimer != null) {
      batchTimer.cancel(false);
      batchTimer = null;
    }
    return held;
  }
}
