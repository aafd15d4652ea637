package dev.hookline.delivery;

import dev.hookline.internal.Threads;
import dev.hookline.routing.Endpoint;
import dev.hookline.store.Claimed;
import dev.hookline.store.Lease;
import dev.hookline.store.Outbox;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The delivery engine's conductor: hands each delivery the {@link Claimer} claimed (or the facade
 * handed over) to its endpoint's {@link Lane}, builds the request, sends it through the
 * interceptors and the endpoint's {@link Transport}, has the {@link Verdict} judge the result, and
 * has {@link Outcomes} store it. See {@link DeliveryEngine} for the contract.
 */
final class Dispatcher implements DeliveryEngine {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

  private final Outbox store;
  private final Function<String, Optional<Endpoint>> endpoints;
  private final Clock clock;
  private final String node;
  private final int maxPerEndpoint;
  private final CircuitBreakerPolicy breakerPolicy;
  private final Interceptors chains;
  private final Transports transports;
  private final Recorder recorder;
  private final Claimer claimer;
  private final EngineMetrics metrics;
  private final Outcomes outcomes;
  private final Attempts attempts;
  private final ScheduledExecutorService timers;
  private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
  private volatile boolean running;
  private volatile boolean closed;

  Dispatcher(EngineConfig c) {
    this.store = Outbox.of(c.store());
    this.endpoints = c.endpoints();
    this.clock = c.clock();
    this.node = c.nodeId();
    this.maxPerEndpoint = c.maxInFlightPerEndpoint();
    this.breakerPolicy = c.circuitBreaker();
    this.chains =
        new Interceptors(
            c.interceptors(), c.defaultSignature(), c.deliveryHeaders(), c.userAgent());
    this.transports = new Transports(c.privateNetworks(), maxPerEndpoint, c.userAgent());
    this.recorder = new Recorder(store, clock);
    this.claimer =
        new Claimer(
            store,
            clock,
            node,
            c.maxInFlight(),
            c.claimBatch(),
            c.pollInterval(),
            c.lease(),
            this::dispatch);
    this.metrics = new EngineMetrics(c.meters(), clock, claimer::inFlight);
    this.outcomes =
        new Outcomes(
            recorder,
            claimer,
            metrics,
            new Listeners(c.listeners(), c.listenerErrors()),
            clock,
            node);
    this.attempts =
        new Attempts(clock, outcomes, transports, c.onDisable(), c.circuitBreaker().disableAfter());
    this.timers = Threads.scheduler("hookline-timers");
  }

  @Override
  public void start() {
    if (running || closed) {
      return;
    }
    running = true;
    int recovered = store.recover(node, clock.instant());
    if (recovered > 0) {
      LOG.log(
          System.Logger.Level.INFO,
          "recovered " + recovered + " deliveries interrupted on node " + node);
    }
    long renewEvery = claimer.renewEvery().toMillis();
    timers.scheduleWithFixedDelay(
        claimer::renewLeases, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(this::sampleDepth, 0, 5, TimeUnit.SECONDS);
    claimer.start();
  }

  @Override
  public String nodeId() {
    return node;
  }

  @Override
  public Lease lease() {
    return claimer.lease();
  }

  @Override
  public boolean tryReserve(int n) {
    return running && !closed && claimer.tryReserve(n);
  }

  @Override
  public void unreserve(int n) {
    claimer.unreserve(n);
  }

  @Override
  public void dispatch(List<Claimed> claimed) {
    for (Claimed c : claimed) {
      dispatchOne(c);
    }
  }

  @Override
  public void noteBacklog() {
    claimer.noteBacklog();
  }

  @Override
  public void wakeUp() {
    claimer.wakeUp();
  }

  @Override
  public boolean isHealthy() {
    return running && !closed && claimer.isAlive() && recorder.isAlive();
  }

  @Override
  public int inFlight() {
    return claimer.inFlight();
  }

  @Override
  public String circuitState(String endpointId) {
    Lane lane = lanes.get(endpointId);
    return lane == null ? "closed" : lane.breaker.state().name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  @Override
  public void close(Duration timeout) {
    if (closed) {
      return;
    }
    closed = true;
    running = false;
    claimer.stop();
    for (Lane lane : lanes.values()) {
      outcomes.release(lane.drainHeld(), clock.instant());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (claimer.inFlight() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(5_000_000);
    }
    if (claimer.inFlight() > 0) {
      LOG.log(
          System.Logger.Level.WARNING,
          claimer.inFlight() + " deliveries still in flight at shutdown; they will be sent again");
    }
    recorder.close();
    timers.shutdownNow();
    transports.close();
  }

  private void sampleDepth() {
    try {
      metrics.sampled(store.queueDepth());
    } catch (RuntimeException | Error e) { // a periodic task that throws is never run again
      LOG.log(System.Logger.Level.DEBUG, "cannot sample queue depth: " + e);
    }
  }

  // ---- to the lanes ---------------------------------------------------------------------------

  private void dispatchOne(Claimed c) {
    claimer.hold(c.delivery().id());
    if (closed) {
      outcomes.release(List.of(c), clock.instant());
      return;
    }
    String endpointId = c.delivery().endpointId();
    Optional<Endpoint> endpoint = endpoints.apply(endpointId);
    if (c.eventMissing()) {
      outcomes.unsent(
          c,
          endpoint.orElse(null),
          "its event " + c.delivery().eventId() + " is missing from the store; nothing to send");
      return;
    }
    if (endpoint.isEmpty()) {
      outcomes.unsent(
          c,
          null,
          "endpoint '"
              + endpointId
              + "' no longer exists; the delivery can be retried once it does");
      return;
    }
    if (!endpoint.get().enabled()) {
      outcomes.unsent(
          c,
          endpoint.get(),
          "endpoint '" + endpointId + "' is disabled; replay its dead deliveries once enabled");
      return;
    }
    Lane lane = laneFor(endpoint.get());
    List<Claimed> ready = lane.offer(c);
    if (!ready.isEmpty()) {
      attempts.attempt(lane, ready);
    }
  }

  private Lane laneFor(Endpoint endpoint) {
    Lane lane =
        lanes.computeIfAbsent(
            endpoint.id(),
            id -> {
              metrics.endpoint(id);
              return new Lane(
                  endpoint,
                  breakerPolicy,
                  maxPerEndpoint,
                  store::acquirePermit,
                  timers,
                  chains::forEndpoint,
                  attempts::attempt);
            });
    if (lane.endpoint() != endpoint) {
      lane.configure(endpoint);
    }
    return lane;
  }

  /** A batch's message id: derived from its deliveries, so the same batch keeps its id on retry. */
  static String batchId(List<String> deliveryIds) {
    List<String> sorted = new ArrayList<>(deliveryIds);
    java.util.Collections.sort(sorted);
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      for (String id : sorted) {
        sha.update(id.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) ',');
      }
      byte[] digest = sha.digest();
      return "msg_" + java.util.HexFormat.of().formatHex(digest, 0, 13); // 26 hex characters
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
