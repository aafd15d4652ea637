package dev.hookline.delivery;

import dev.hookline.event.Event;
import dev.hookline.format.FormatException;
import dev.hookline.format.Formats;
import dev.hookline.format.LookupException;
import dev.hookline.format.Lookups;
import dev.hookline.format.NativeRequest;
import dev.hookline.internal.Threads;
import dev.hookline.routing.BatchConfig;
import dev.hookline.routing.ContentType;
import dev.hookline.routing.DeliveryHeaders;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.routing.Ordering;
import dev.hookline.routing.RateLimit;
import dev.hookline.routing.RetryPolicy;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.Signer;
import dev.hookline.store.Attempt;
import dev.hookline.store.Claimed;
import dev.hookline.store.Completion;
import dev.hookline.store.Delivery;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.store.Lease;
import dev.hookline.store.Outbox;
import dev.hookline.store.QueueDepth;
import dev.hookline.store.RateWindow;
import dev.hookline.store.Release;
import dev.hookline.store.Store;
import dev.hookline.store.StoreException;
import dev.hookline.template.Template;
import dev.hookline.template.TemplateException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The delivery engine: takes deliveries leased to this node (handed over when their event is
 * accepted, or claimed from the store when due), sends them with retries, rate limits, batching and
 * a circuit breaker per endpoint, and records every attempt.
 *
 * <p>At most {@code maxInFlight} deliveries are held in memory at once; the rest wait in the store,
 * so a million pending deliveries cost disk, not heap. A delivery stays leased until its outcome is
 * stored; if this node dies first, the lease lapses and another node (or this one, restarted) sends
 * it again: delivery is at least once.
 *
 * <p>Thread-safe. Created by {@link Hookline}-like owners through {@link #builder}; {@link
 * #start()} begins claiming.
 */
public final class Dispatcher implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

  /** The {@code User-Agent} when the facade gives none: {@code Hookline}. */
  static final String DEFAULT_USER_AGENT = "Hookline";

  /** Most deliveries held in memory (claimed, waiting or being sent) at once. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 4096;

  /** Most concurrent requests to one endpoint. */
  public static final int DEFAULT_MAX_IN_FLIGHT_PER_ENDPOINT = 64;

  /**
   * Most deliveries claimed from the store in one go. With a backlog, a claim waits behind the
   * group commits of publishers, so the claim size, not the network, bounds the delivery rate.
   */
  public static final int DEFAULT_CLAIM_BATCH = 1024;

  /** How often the store is asked for due deliveries when nothing wakes the claimer sooner. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);

  /** How long a claim holds before another node may take the delivery over. */
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(1);

  /** Consecutive failures that open an endpoint's circuit. */
  public static final int DEFAULT_BREAKER_THRESHOLD = 10;

  /** How long an open circuit waits before its first probe (doubling per failed probe). */
  public static final Duration DEFAULT_BREAKER_OPEN = Duration.ofSeconds(30);

  /** The longest an open circuit waits between probes. */
  public static final Duration DEFAULT_BREAKER_MAX_OPEN = Duration.ofMinutes(10);

  /** An endpoint failing without a single success for this long is disabled. */
  public static final Duration DEFAULT_DISABLE_AFTER = Duration.ofDays(5);

  /** The longest {@code Retry-After} honoured. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

  private final Outbox store;
  private final Function<String, Optional<Endpoint>> endpoints;
  private final Clock clock;
  private final String node;
  private final int maxInFlight;
  private final int maxPerEndpoint;
  private final int claimBatch;
  private final Duration pollInterval;
  private final Duration leaseDuration;
  private final Optional<SignatureConfig> defaultSignature;
  private final DeliveryHeaders defaultDeliveryHeaders;
  private final String userAgent;
  private final List<Interceptor> userInterceptors;
  private final List<DeliveryListener> listeners;
  private final ListenerErrorHandler listenerErrors;
  private final EndpointControl control;
  private final MeterRegistry meters;
  private final int breakerThreshold;
  private final Duration breakerOpen;
  private final Duration breakerMaxOpen;
  private final Duration disableAfter;

  private final HttpTransport transport; // guarded unless every endpoint may reach private networks
  private final MailTransport mail;
  private final PrivateNetworks privateNetworks;
  private final Object unguardedLock = new Object();
  private HttpTransport unguarded; // PER_ENDPOINT: for the endpoints that ask; guarded by the lock
  private final Recorder recorder;
  private final Lookups lookups;
  private final ScheduledExecutorService timers;
  private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  // Deliveries this node has in hand: only their leases are renewed, so anything lost track of
  // lapses and is taken up again instead of being held forever.
  private final java.util.Set<String> held = ConcurrentHashMap.newKeySet();
  private final AtomicReference<QueueDepth> depth =
      new AtomicReference<>(new QueueDepth(0, Optional.empty()));
  private volatile Thread claimer;
  // More due deliveries wait in the store than this node took: claim again as soon as room frees.
  private volatile boolean backlog;
  private volatile boolean running;
  private volatile boolean closed;

  private Dispatcher(Builder b) {
    this.store = Outbox.of(b.store);
    this.endpoints = b.endpoints;
    this.clock = b.clock;
    this.node = b.node;
    this.maxInFlight = b.maxInFlight;
    this.maxPerEndpoint = b.maxPerEndpoint;
    this.claimBatch = b.claimBatch;
    this.pollInterval = b.pollInterval;
    this.leaseDuration = b.lease;
    this.defaultSignature = Optional.ofNullable(b.defaultSignature);
    this.defaultDeliveryHeaders = b.deliveryHeaders;
    this.userAgent = b.userAgent;
    this.userInterceptors = List.copyOf(b.interceptors);
    this.listeners = List.copyOf(b.listeners);
    this.listenerErrors = b.listenerErrors;
    this.control = b.control;
    this.meters = b.meters;
    this.breakerThreshold = b.breakerThreshold;
    this.breakerOpen = b.breakerOpen;
    this.breakerMaxOpen = b.breakerMaxOpen;
    this.disableAfter = b.disableAfter;
    this.privateNetworks = b.privateNetworks;
    this.transport =
        new HttpTransport(b.privateNetworks == PrivateNetworks.ALLOW, maxPerEndpoint, b.userAgent);
    this.mail = new MailTransport(b.privateNetworks);
    this.recorder = new Recorder(store, clock);
    this.lookups = new Lookups(clock);
    this.timers = Threads.scheduler("hookline-timers");
    Gauge.builder("hookline.deliveries.in_flight", inFlight, AtomicInteger::get)
        .description("deliveries held in memory by this node")
        .register(meters);
    Gauge.builder("hookline.queue.depth", depth, d -> d.get().open())
        .description("deliveries pending, in flight or waiting for a retry")
        .register(meters);
    Gauge.builder(
            "hookline.queue.oldest.age",
            depth,
            d ->
                d.get()
                    .oldestCreatedAt()
                    .map(t -> Duration.between(t, clock.instant()).toMillis() / 1000.0)
                    .orElse(0.0))
        .description("age in seconds of the oldest open delivery")
        .baseUnit("seconds")
        .register(meters);
  }

  /**
   * Starts a builder.
   *
   * @param store where deliveries are claimed from and outcomes recorded
   * @param endpoints looks endpoints up by id (their current settings are used at each attempt)
   */
  public static Builder builder(Store store, Function<String, Optional<Endpoint>> endpoints) {
    return new Builder(store, endpoints);
  }

  /**
   * Gives back what this node held before a restart, then starts claiming due deliveries, renewing
   * leases and sampling the queue depth.
   */
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
    long renewEvery = Math.max(1, leaseDuration.toMillis() / 3);
    timers.scheduleWithFixedDelay(this::renewLeases, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(this::sampleDepth, 0, 5, TimeUnit.SECONDS);
    claimer = Threads.platform("hookline-claimer", this::claimLoop);
  }

  /** This node's id, as it appears in leases and attempt records. */
  public String nodeId() {
    return node;
  }

  /** A lease for deliveries this node takes now. */
  public Lease lease() {
    return new Lease(node, clock.instant().plus(leaseDuration));
  }

  /**
   * Reserves room for {@code n} deliveries about to be handed over with {@link #dispatch}.
   *
   * @return false when this node is at capacity (the deliveries should be left to the claimer)
   */
  public boolean tryReserve(int n) {
    if (!running || closed) {
      return false;
    }
    while (true) {
      int current = inFlight.get();
      if (current + n > maxInFlight) {
        return false;
      }
      if (inFlight.compareAndSet(current, current + n)) {
        return true;
      }
    }
  }

  /** Gives back room reserved with {@link #tryReserve} and not used. */
  public void unreserve(int n) {
    inFlight.addAndGet(-n);
    wakeUp();
  }

  /** Sends deliveries leased to this node, for which room was reserved. */
  public void dispatch(List<Claimed> claimed) {
    for (Claimed c : claimed) {
      dispatchOne(c);
    }
  }

  /**
   * Notes that deliveries were queued in the store for lack of room here, so the claimer takes them
   * as soon as room frees rather than at its next poll.
   */
  public void noteBacklog() {
    backlog = true;
    wakeUp();
  }

  /** Asks the claimer to look for due deliveries now (e.g. FIFO deliveries just accepted). */
  public void wakeUp() {
    Thread t = claimer;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /**
   * Whether this dispatcher is delivering: started, not closed, and its claiming and recording
   * threads alive (both outlive any failure but a close).
   */
  public boolean isHealthy() {
    Thread t = claimer;
    return running && !closed && t != null && t.isAlive() && recorder.isAlive();
  }

  /** Deliveries this node holds in memory now. */
  public int inFlight() {
    return inFlight.get();
  }

  /** The state of an endpoint's circuit: {@code closed}, {@code open} or {@code half_open}. */
  public String circuitState(String endpointId) {
    Lane lane = lanes.get(endpointId);
    return lane == null ? "closed" : lane.breaker.state().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Stops within {@link #close(Duration)}'s default of 30 seconds. */
  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /**
   * Stops claiming, gives back deliveries not yet sent, waits up to {@code timeout} for requests in
   * flight and their outcomes to be stored, then closes connections. Deliveries still in flight
   * after the timeout stay leased and are sent again after a restart.
   */
  public void close(Duration timeout) {
    if (closed) {
      return;
    }
    closed = true;
    running = false;
    Thread t = claimer;
    if (t != null) {
      LockSupport.unpark(t);
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Lane lane : lanes.values()) {
      List<Claimed> held = lane.drainHeld();
      releaseAll(held, clock.instant());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(5_000_000);
    }
    if (inFlight.get() > 0) {
      LOG.log(
          System.Logger.Level.WARNING,
          inFlight.get() + " deliveries still in flight at shutdown; they will be sent again");
    }
    recorder.close();
    timers.shutdownNow();
    transport.close();
    synchronized (unguardedLock) {
      if (unguarded != null) {
        unguarded.close();
      }
    }
    mail.close();
  }

  /** The client for {@code e}: without the private-network guard only where it may do without. */
  private HttpTransport http(Endpoint e) {
    if (privateNetworks != PrivateNetworks.PER_ENDPOINT || !e.allowPrivateNetwork()) {
      return transport;
    }
    synchronized (unguardedLock) {
      if (unguarded == null) {
        unguarded = new HttpTransport(true, maxPerEndpoint, userAgent);
      }
      return unguarded;
    }
  }

  // ---- claiming -------------------------------------------------------------------------------

  private void claimLoop() {
    long backoffMillis = 100;
    while (running) {
      int room = maxInFlight - inFlight.get();
      int n = Math.min(room, claimBatch);
      boolean more = false;
      // With a backlog, wait until a worthwhile batch fits rather than claiming a few at a time.
      if (n > 0 && (!backlog || n >= Math.min(claimBatch, maxInFlight / 4))) {
        inFlight.addAndGet(n);
        List<Claimed> claimed = List.of();
        try {
          Instant now = clock.instant();
          claimed = store.claim(new Lease(node, now.plus(leaseDuration)), n, now);
          backoffMillis = 100;
        } catch (Throwable e) { // the claimer must outlive anything, an OutOfMemoryError included
          LOG.log(
              System.Logger.Level.WARNING,
              "cannot claim deliveries from " + store.describe() + ": " + e);
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMillis));
          backoffMillis = Math.min(backoffMillis * 2, 5_000);
        } finally {
          inFlight.addAndGet(-(n - claimed.size()));
        }
        try {
          dispatch(claimed);
        } catch (Throwable e) {
          LOG.log(System.Logger.Level.ERROR, "dispatching claimed deliveries failed", e);
        }
        more = claimed.size() == n;
        backlog = more;
      }
      if (!more && running) {
        LockSupport.parkNanos(pollInterval.toNanos());
      }
    }
  }

  /** Room freed: wake the claimer if the store holds work waiting for room. */
  private void freed() {
    if (backlog) {
      wakeUp();
    }
  }

  private void renewLeases() {
    try {
      if (inFlight.get() > 0) {
        store.renewLeases(lease(), List.copyOf(held), clock.instant());
      }
    } catch (RuntimeException | Error e) { // a periodic task that throws is never run again
      LOG.log(System.Logger.Level.WARNING, "cannot renew leases: " + e);
    }
  }

  private void sampleDepth() {
    try {
      depth.set(store.queueDepth());
    } catch (RuntimeException | Error e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot sample queue depth: " + e);
    }
  }

  // ---- sending --------------------------------------------------------------------------------

  private void dispatchOne(Claimed c) {
    held.add(c.delivery().id());
    if (closed) {
      releaseAll(List.of(c), clock.instant());
      return;
    }
    String endpointId = c.delivery().endpointId();
    Optional<Endpoint> endpoint = endpoints.apply(endpointId);
    if (c.eventMissing()) {
      finishUnsent(
          c,
          endpoint.orElse(null),
          "its event " + c.delivery().eventId() + " is missing from the store; nothing to send");
      return;
    }
    if (endpoint.isEmpty()) {
      finishUnsent(
          c,
          null,
          "endpoint '"
              + endpointId
              + "' no longer exists; the delivery can be retried once it does");
      return;
    }
    if (!endpoint.get().enabled()) {
      finishUnsent(
          c,
          endpoint.get(),
          "endpoint '" + endpointId + "' is disabled; replay its dead deliveries once enabled");
      return;
    }
    Lane lane = laneFor(endpoint.get());
    List<Claimed> ready = lane.offer(c);
    if (!ready.isEmpty()) {
      attempt(lane, ready);
    }
  }

  private Lane laneFor(Endpoint endpoint) {
    Lane lane = lanes.computeIfAbsent(endpoint.id(), id -> new Lane(endpoint));
    if (lane.endpoint != endpoint) {
      lane.configure(endpoint);
    }
    return lane;
  }

  /**
   * Attempts {@code items}, then whatever the lane hands over each time an attempt ends without a
   * request (circuit open, rate limited, template error) — in a loop, not by recursion, so a long
   * queue behind an open circuit cannot overflow the stack.
   */
  private void attempt(Lane lane, List<Claimed> items) {
    List<Claimed> next = items;
    while (!next.isEmpty()) {
      try {
        next = attemptOnce(lane, next);
      } catch (RuntimeException e) {
        // Not expected (attemptOnce gives back what it cannot send): a safety net, so that no
        // delivery is held forever.
        LOG.log(
            System.Logger.Level.WARNING,
            "attempt on endpoint " + lane.id + " failed before sending; retrying soon",
            e);
        releaseAll(next, clock.instant().plusSeconds(5));
        next = lane.done();
      }
    }
  }

  /** Sends {@code items}, or decides not to; returns what the lane hands over next, if anything. */
  private List<Claimed> attemptOnce(Lane lane, List<Claimed> claimed) {
    Instant now = clock.instant();
    Instant paused = lane.pausedUntil;
    if (paused != null && now.isBefore(paused)) {
      // The service said its rate limit is spent until then: wait in the store, no attempt.
      releaseAll(claimed, paused);
      return lane.done();
    }
    Endpoint endpoint = lane.endpoint;
    // What can never be sent dies first: it takes no rate-limit permit, waits for no circuit.
    List<Claimed> items = parseable(endpoint, claimed);
    if (items.isEmpty()) {
      lane.breaker.onSkipped();
      return lane.done();
    }
    try {
      return send(lane, endpoint, items, now);
    } catch (RuntimeException e) {
      // A store hiccup (a rate-limit permit on PostgreSQL, say) before the request left: give
      // these back to be tried again shortly, rather than losing track of them.
      LOG.log(
          System.Logger.Level.WARNING,
          "attempt on endpoint " + lane.id + " failed before sending; retrying soon",
          e);
      releaseAll(items, clock.instant().plusSeconds(5));
      return lane.done();
    }
  }

  /** Sends {@code items} unless the circuit or a rate limit says to wait. */
  private List<Claimed> send(Lane lane, Endpoint endpoint, List<Claimed> items, Instant now) {
    Optional<Instant> open = lane.breaker.allow(now);
    if (open.isPresent()) {
      releaseAll(items, open.get());
      return lane.done();
    }
    Optional<Instant> limited = lane.acquirePermit(now);
    if (limited.isPresent()) {
      lane.breaker.onSkipped();
      releaseAll(items, limited.get());
      return lane.done();
    }
    Optional<Lookups.Lookup> lookup;
    try {
      lookup = lookups.next(endpoint, events(items));
    } catch (TemplateException | FormatException | HeaderValueException e) {
      return unsendable(lane, endpoint, items, e);
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      return unbuildable(lane, endpoint, items, e);
    }
    if (lookup.isPresent()) {
      lookUpThenSend(lane, endpoint, items, now, lookup.get());
      return List.of();
    }
    return sendNow(lane, endpoint, items, now);
  }

  /**
   * Sends what a format must look up first (Jira's user search for an assignee's account id),
   * straight to the transport (neither signed nor counted as an attempt), then the request itself.
   * A look-up that fails for good ends the deliveries dead with its reason; one that may succeed
   * later (408, 429, 5xx, no answer) counts as a failed attempt and is retried on the schedule.
   */
  private void lookUpThenSend(
      Lane lane, Endpoint endpoint, List<Claimed> items, Instant now, Lookups.Lookup lookup) {
    NativeRequest r = lookup.request();
    long started = System.nanoTime();
    CompletableFuture<HttpResult> future;
    try {
      future =
          transport.send(
              new OutboundRequest(r.method(), r.url(), r.headers(), r.body(), endpoint.timeout()));
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    future.whenComplete(
        (result, error) -> {
          HttpResult answer =
              result != null
                  ? result
                  : HttpResult.failure(
                      unwrap(error), Duration.ofNanos(System.nanoTime() - started));
          List<Claimed> next;
          try {
            next = afterLookUp(lane, endpoint, items, now, lookup, answer);
          } catch (Throwable t) {
            LOG.log(
                System.Logger.Level.ERROR,
                "a look-up for endpoint " + endpoint.id() + " could not be handled",
                t);
            releaseAll(items, clock.instant().plusSeconds(30));
            next = lane.done();
          }
          attempt(lane, next);
        });
  }

  private List<Claimed> afterLookUp(
      Lane lane,
      Endpoint endpoint,
      List<Claimed> items,
      Instant now,
      Lookups.Lookup lookup,
      HttpResult answer) {
    try {
      if (answer.status().isEmpty()) {
        throw Lookups.unanswered(endpoint, lookup, describe(answer, endpoint));
      }
      lookups.record(endpoint, lookup, answer.status().getAsInt(), answer.body());
    } catch (LookupException e) {
      if (e.retryable()) {
        return onResult(lane, endpoint, items, now, HttpResult.failure(e, answer.duration()));
      }
      return unsendable(lane, endpoint, items, e);
    }
    return sendNow(lane, endpoint, items, now);
  }

  private static List<Event> events(List<Claimed> items) {
    List<Event> events = new ArrayList<>(items.size());
    for (Claimed c : items) {
      events.add(c.event());
    }
    return events;
  }

  /** Ends deliveries whose request cannot be built (a template or format error) dead, unsent. */
  private List<Claimed> unsendable(
      Lane lane, Endpoint endpoint, List<Claimed> items, RuntimeException e) {
    for (Claimed c : items) {
      finishUnsent(
          c,
          endpoint,
          (e instanceof TemplateException
                  ? "template: "
                  : e instanceof HeaderValueException ? "headers: " : "format: ")
              + e.getMessage());
    }
    lane.breaker.onSkipped();
    return lane.done();
  }

  /**
   * Ends deliveries dead whose request failed to build with an unexpected exception: building is a
   * pure function of the event and the endpoint, so trying again would fail the same way, forever.
   * Logged as an error, since it is a defect rather than bad input.
   */
  private List<Claimed> unbuildable(
      Lane lane, Endpoint endpoint, List<Claimed> items, RuntimeException e) {
    LOG.log(
        System.Logger.Level.ERROR,
        "building the request for endpoint " + endpoint.id() + " failed unexpectedly",
        e);
    for (Claimed c : items) {
      finishUnsent(c, endpoint, "cannot build the request: " + e);
    }
    lane.breaker.onSkipped();
    return lane.done();
  }

  /** Builds the request (every look-up done) and sends it through the interceptors. */
  private List<Claimed> sendNow(Lane lane, Endpoint endpoint, List<Claimed> items, Instant now) {
    List<String> ids = new ArrayList<>(items.size());
    for (Claimed c : items) {
      ids.add(c.delivery().id());
    }
    OutboundRequest request;
    try {
      request = Payloads.request(endpoint, items, lookups);
    } catch (TemplateException | FormatException | HeaderValueException e) {
      return unsendable(lane, endpoint, items, e);
    } catch (RuntimeException e) {
      return unbuildable(lane, endpoint, items, e);
    }
    String messageId = items.size() == 1 ? items.get(0).delivery().eventId() : batchId(ids);
    DeliveryContext ctx =
        new DeliveryContext(
            endpoint.id(), messageId, items, items.get(0).delivery().attempts(), clock.instant());
    long started = System.nanoTime();
    CompletableFuture<HttpResult> future;
    try {
      // E-mail endpoints go out over SMTP; every other format over HTTP.
      Function<OutboundRequest, CompletableFuture<HttpResult>> send =
          endpoint.format() == Format.EMAIL ? r -> mail.send(endpoint, r) : http(endpoint)::send;
      future = new RealChain(lane.interceptors, 0, request, ctx, send).proceed(request);
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    if (future.isDone()) {
      // Failed before reaching the network (an interceptor threw): finish here and let the
      // caller's loop go on, rather than recursing through the completion callback.
      return onResult(lane, endpoint, items, now, result(future, started));
    }
    future.whenComplete(
        (result, error) -> {
          HttpResult r =
              result != null
                  ? result
                  : HttpResult.failure(
                      unwrap(error), Duration.ofNanos(System.nanoTime() - started));
          List<Claimed> next;
          try {
            next = onResult(lane, endpoint, items, now, r);
          } catch (Throwable t) {
            // Never leave deliveries held in flight by a bug: log it, give them back for a later
            // attempt (the store ignores those already recorded) and let the lane go on.
            LOG.log(
                System.Logger.Level.ERROR,
                "recording the outcome for endpoint " + endpoint.id() + " failed",
                t);
            releaseAll(items, clock.instant().plusSeconds(30));
            next = lane.done();
          }
          attempt(lane, next);
        });
    return List.of();
  }

  /**
   * The deliveries whose stored event parses, where the request needs it parsed (a template, a
   * native format); the others die at once with the reason; sending them can never work.
   */
  private List<Claimed> parseable(Endpoint endpoint, List<Claimed> claimed) {
    if (endpoint.format() == Format.RAW
        && endpoint.template().isEmpty()
        && endpoint.contentType() == ContentType.JSON
        && endpoint.headerTemplates().values().stream().noneMatch(Template::hasPlaceholders)) {
      return claimed; // sent as stored
    }
    List<Claimed> ok = new ArrayList<>(claimed.size());
    for (Claimed c : claimed) {
      try {
        c.event();
        ok.add(c);
      } catch (RuntimeException e) { // InvalidEventException, or a value out of range
        finishUnsent(c, endpoint, "its stored event does not parse: " + e.getMessage());
      }
    }
    return ok;
  }

  private static HttpResult result(CompletableFuture<HttpResult> done, long started) {
    try {
      return done.join();
    } catch (RuntimeException e) {
      return HttpResult.failure(unwrap(e), Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /** Records an attempt's outcome; returns what the lane hands over next. */
  private List<Claimed> onResult(
      Lane lane, Endpoint endpoint, List<Claimed> items, Instant startedAt, HttpResult result) {
    Instant now = clock.instant();
    RetryPolicy policy = endpoint.retryPolicy();
    int code = result.status().orElse(0);
    Optional<String> hidden =
        result.isSuccess() ? Formats.errorIn(endpoint, code, result.body()) : Optional.empty();
    boolean success = result.isSuccess() && hidden.isEmpty();
    boolean gone = code == 410;
    // A native format reads its service's failed answers: the reason (Jira's errors by field) and
    // whether it is a rate limit to wait out (GitHub's 403 with x-ratelimit-remaining: 0).
    boolean answeredFailure = result.status().isPresent() && !result.isSuccess();
    Optional<Duration> rateLimited =
        answeredFailure
            ? Formats.rateLimitWait(endpoint, code, result.headers(), result.body(), now)
                .map(d -> d.isNegative() ? Duration.ZERO : d)
                .map(d -> d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d)
            : Optional.empty();
    Optional<String> error =
        success
            ? Optional.empty()
            : Optional.of(
                hidden.orElseGet(
                    () ->
                        describe(result, endpoint)
                            + (answeredFailure
                                ? Formats.failureReason(endpoint, code, result.body())
                                    .map(reason -> ": " + reason)
                                    .orElse("")
                                : "")));
    boolean retryable;
    if (success) {
      retryable = false;
    } else if (result.error().isPresent()) {
      Throwable e = result.error().get();
      retryable = !(e instanceof PrivateNetworkException) && !MailException.isPermanent(e);
    } else {
      // An error a service hides in a 2xx (Teams' connectors) is judged by the status it names.
      int judged =
          hidden.isPresent()
              ? Formats.hiddenStatus(endpoint, code, result.body()).orElse(code)
              : code;
      retryable = !gone && (rateLimited.isPresent() || policy.retriesStatus(judged));
    }
    Optional<Duration> retryAfter =
        success ? Optional.empty() : rateLimited.or(() -> retryAfter(endpoint, result, now));
    String snippet = snippet(result.body());
    Optional<String> created =
        success ? Formats.resultOf(endpoint, code, result.body()) : Optional.empty();
    if (result.status().isPresent()) {
      // Before the outcomes are stored: whatever follows them must already find the pause.
      Formats.pauseAfter(endpoint, code, result.headers(), now)
          .map(d -> d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d)
          .ifPresent(d -> lane.pauseUntil(now.plus(d)));
    }
    for (Claimed c : items) {
      Delivery d = c.delivery();
      int number = d.attempts();
      DeliveryStatus status;
      Instant next = now;
      Optional<String> itemError = error;
      if (success) {
        status = DeliveryStatus.SUCCEEDED;
      } else if (!retryable) {
        status = DeliveryStatus.DEAD;
      } else {
        Optional<Duration> delay = policy.delayAfter(number);
        if (delay.isEmpty()) {
          status = DeliveryStatus.DEAD;
          itemError = error.map(e -> e + " (gave up after attempt " + number + ")");
        } else {
          status = DeliveryStatus.FAILED;
          Duration wait = jitter(delay.get(), policy.jitter());
          if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
            wait = retryAfter.get();
          }
          next = now.plus(wait);
        }
      }
      Attempt attempt =
          new Attempt(
              d.id(),
              d.endpointId(),
              number,
              startedAt,
              result.duration(),
              result.status(),
              itemError,
              snippet.isEmpty() ? Optional.empty() : Optional.of(snippet),
              node);
      DeliveryStatus finalStatus = status;
      Instant nextAt = next;
      Optional<String> errorText = itemError;
      // The outcome (which needs the parsed event) is built only for listeners.
      java.util.function.Supplier<DeliveryOutcome> outcome =
          () ->
              new DeliveryOutcome(
                  endpoint,
                  c.event(),
                  d.id(),
                  number,
                  finalStatus,
                  result.status(),
                  errorText,
                  finalStatus == DeliveryStatus.FAILED ? Optional.of(nextAt) : Optional.empty(),
                  result.duration(),
                  result.bodyAsString(),
                  created);
      java.util.function.Supplier<DeadDelivery> dead =
          finalStatus == DeliveryStatus.DEAD
              ? () ->
                  new DeadDelivery(
                      d.endpointId(),
                      d.id(),
                      d.eventId(),
                      eventOf(c),
                      number,
                      errorText.orElse("failed"),
                      result.status())
              : null;
      recorder.complete(
          new Completion(attempt, status, next, node, created),
          applied ->
              afterOutcome(lane, d.id(), finalStatus, outcome, applied ? dead : null, result));
    }
    if (success || (!retryable && !gone && result.status().isPresent())) {
      // A final answer (a 4xx) still shows the endpoint is up: it closes a half-open circuit.
      lane.breaker.onSuccess();
    } else if (!retryable && !gone) {
      lane.breaker
          .onSkipped(); // refused before sending (private address): not the endpoint's health
    } else if (retryable || gone) {
      if (lane.breaker.onFailure(now)) {
        control.disable(
            endpoint.id(),
            "it has failed every attempt for over " + disableAfter.toHours() + " hours");
      }
    }
    if (gone) {
      control.disable(endpoint.id(), "it answered 410 Gone");
    }
    return lane.done();
  }

  private void afterOutcome(
      Lane lane,
      String deliveryId,
      DeliveryStatus status,
      java.util.function.Supplier<DeliveryOutcome> outcomeOf,
      java.util.function.Supplier<DeadDelivery> dead,
      HttpResult result) {
    held.remove(deliveryId);
    inFlight.decrementAndGet();
    freed();
    lane.outcomes(status).increment();
    lane.latency.record(result.duration());
    if (lane.endpoint.ordering() == Ordering.FIFO) {
      wakeUp();
    }
    tell(deliveryId, () -> Optional.of(outcomeOf.get()), dead);
  }

  /**
   * Tells every listener, in order, on one virtual thread: the attempt's outcome (when there is one
   * to give: it needs the endpoint and the parsed event), then the death ({@code dead} not null).
   * What a listener throws goes to the error handler; the others are told all the same.
   */
  private void tell(
      String deliveryId,
      java.util.function.Supplier<Optional<DeliveryOutcome>> outcomeOf,
      java.util.function.Supplier<DeadDelivery> deadOf) {
    if (listeners.isEmpty()) {
      return;
    }
    Threads.virtual(
        "hookline-listener",
        () -> {
          Optional<DeliveryOutcome> outcome;
          try {
            outcome = outcomeOf.get();
          } catch (RuntimeException e) { // the stored event no longer parses
            outcome = Optional.empty();
          }
          DeadDelivery dead = deadOf == null ? null : deadOf.get();
          for (DeliveryListener l : listeners) {
            if (outcome.isPresent()) {
              DeliveryOutcome o = outcome.get();
              if (o.status() == DeliveryStatus.SUCCEEDED) {
                call(l, "onSuccess", deliveryId, () -> l.onSuccess(o));
              } else {
                call(l, "onAttemptFailed", deliveryId, () -> l.onAttemptFailed(o));
              }
            }
            if (dead != null) {
              call(l, "onFailure", deliveryId, () -> l.onFailure(dead));
            }
          }
        });
  }

  private void call(DeliveryListener l, String callback, String deliveryId, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException | Error e) {
      try {
        listenerErrors.handle(e, l, callback, deliveryId);
      } catch (RuntimeException ignored) {
        // the error handler's own failure must not stop the other listeners either
      }
    }
  }

  /** The delivery's event, unless it is missing or no longer parses. */
  private static Optional<Event> eventOf(Claimed c) {
    if (c.eventMissing()) {
      return Optional.empty();
    }
    try {
      return Optional.of(c.event());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Records a final failure without a request (endpoint gone or disabled, template error). */
  private void finishUnsent(Claimed c, Endpoint endpoint, String error) {
    Instant now = clock.instant();
    Delivery d = c.delivery();
    Attempt attempt =
        new Attempt(
            d.id(),
            d.endpointId(),
            d.attempts(),
            now,
            Duration.ZERO,
            OptionalInt.empty(),
            Optional.of(error),
            Optional.empty(),
            node);
    recorder.complete(
        new Completion(attempt, DeliveryStatus.DEAD, now, node),
        applied -> {
          held.remove(d.id());
          inFlight.decrementAndGet();
          freed();
          // The event is parsed (if at all) on the listeners' thread, not on the recorder's.
          tell(
              d.id(),
              () ->
                  endpoint == null || eventOf(c).isEmpty()
                      ? Optional.empty()
                      : Optional.of(
                          new DeliveryOutcome(
                              endpoint,
                              c.event(),
                              d.id(),
                              d.attempts(),
                              DeliveryStatus.DEAD,
                              OptionalInt.empty(),
                              Optional.of(error),
                              Optional.empty(),
                              Duration.ZERO,
                              "",
                              Optional.empty())),
              // Dead only if this node's outcome stood (another may have taken the delivery over).
              !applied
                  ? null
                  : () ->
                      new DeadDelivery(
                          d.endpointId(),
                          d.id(),
                          d.eventId(),
                          eventOf(c),
                          d.attempts(),
                          error,
                          OptionalInt.empty()));
        });
  }

  private void releaseAll(List<Claimed> items, Instant at) {
    for (Claimed c : items) {
      recorder.release(
          new Release(c.delivery().id(), c.delivery().attempts(), at, node),
          () -> {
            held.remove(c.delivery().id());
            inFlight.decrementAndGet();
            wakeUp();
          });
    }
  }

  // ---- result helpers -------------------------------------------------------------------------

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

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(HttpResult result, Endpoint endpoint) {
    if (result.error().isPresent()) {
      Throwable e = result.error().get();
      if (e instanceof MailException || e instanceof LookupException) {
        return e.getMessage(); // already says what the SMTP server answered, or why none did
      }
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      if (e instanceof TimeoutException || root instanceof TimeoutException) {
        return "timed out after " + endpoint.timeout().toMillis() + " ms";
      }
      if (e instanceof PrivateNetworkException || root instanceof PrivateNetworkException) {
        return root.getMessage();
      }
      if (root instanceof UnknownHostException) {
        return "DNS lookup failed for " + endpoint.url().map(URI::getHost).orElse("?");
      }
      if (root instanceof ConnectException) {
        return "connection failed: " + root.getMessage();
      }
      String message = root.getMessage() == null ? "" : ": " + root.getMessage();
      return root.getClass().getSimpleName() + message;
    }
    return "HTTP " + result.status().getAsInt();
  }

  /**
   * The longest wait the answer asked for: the standard {@code Retry-After} header, or the format's
   * own terms (Discord's {@code retry_after} body field), capped at {@link #MAX_RETRY_AFTER}.
   */
  private static Optional<Duration> retryAfter(Endpoint endpoint, HttpResult result, Instant now) {
    Optional<Duration> standard = retryAfter(result, now);
    if (result.status().isEmpty()) {
      return standard;
    }
    Optional<Duration> own =
        Formats.retryAfter(endpoint, result.status().getAsInt(), result.headers(), result.body())
            .filter(d -> !d.isNegative());
    Optional<Duration> longest =
        own.isPresent() && (standard.isEmpty() || own.get().compareTo(standard.get()) > 0)
            ? own
            : standard;
    return longest.map(d -> d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
  }

  private static Optional<Duration> retryAfter(HttpResult result, Instant now) {
    Optional<String> header = result.header("Retry-After");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String v = header.get().strip();
    Duration d;
    try {
      d = Duration.ofSeconds(Long.parseLong(v));
    } catch (NumberFormatException e) {
      try {
        d =
            Duration.between(
                now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
    if (d.isNegative()) {
      return Optional.empty();
    }
    return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
  }

  private static Duration jitter(Duration delay, double jitter) {
    if (jitter <= 0) {
      return delay;
    }
    double factor = 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
    return Duration.ofNanos((long) (delay.toNanos() * factor));
  }

  /** The first KiB of the response as text (cut at a character boundary). */
  static String snippet(byte[] body) {
    if (body.length == 0) {
      return "";
    }
    int n = Math.min(body.length, Attempt.MAX_SNIPPET_BYTES);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(body, 0, n))
          .toString()
          .replace("\uFFFD", "")
          .replace("\u0000", ""); // PostgreSQL text cannot hold NUL
    } catch (CharacterCodingException e) {
      return "";
    }
  }

  // ---- per-endpoint state ---------------------------------------------------------------------

  /** One endpoint's limits, circuit, queue and batch. Mutable state is guarded by {@code this}. */
  private final class Lane {
    final String id;
    final CircuitBreaker breaker;
    volatile Endpoint endpoint;
    volatile List<Interceptor> interceptors;
    volatile List<RateWindow> windows = List.of();
    // Until when the service asked for no requests (its rate limit spent), or null.
    volatile Instant pausedUntil;
    final Timer latency;
    private final Map<DeliveryStatus, Counter> outcomes = new ConcurrentHashMap<>();
    private final ArrayDeque<Claimed> waiting = new ArrayDeque<>();
    private final List<Claimed> batch = new ArrayList<>();
    private ScheduledFuture<?> batchTimer;
    private int active;

    Lane(Endpoint endpoint) {
      this.id = endpoint.id();
      this.breaker =
          new CircuitBreaker(breakerThreshold, breakerOpen, breakerMaxOpen, disableAfter);
      this.latency =
          Timer.builder("hookline.attempt.duration")
              .description("time from sending a request to its answer or error")
              .tag("endpoint", id)
              .publishPercentileHistogram()
              .register(meters);
      configure(endpoint);
    }

    synchronized void configure(Endpoint e) {
      // Native formats are signed only when the endpoint asks: Slack or Jira ignore signatures.
      Optional<SignatureConfig> signing =
          e.format() == Format.RAW ? e.signature().or(() -> defaultSignature) : e.signature();
      if (e.format() == Format.RAW && signing.isEmpty()) {
        throw new IllegalStateException(
            "endpoint '" + e.id() + "' has no signature and there is no default");
      }
      List<Interceptor> chain = new ArrayList<>(userInterceptors);
      chain.add(new StandardHeaders(e.deliveryHeaders().orElse(defaultDeliveryHeaders), userAgent));
      signing.ifPresent(sig -> chain.add(new SigningInterceptor(Signer.of(sig))));
      this.interceptors = List.copyOf(chain);
      List<RateWindow> limits = new ArrayList<>(2);
      Optional<RateLimit> limit = e.rateLimit();
      limit
          .flatMap(l -> box(l.maxRequestsPerMinute()))
          .ifPresent(n -> limits.add(new RateWindow(n, Duration.ofMinutes(1))));
      limit
          .flatMap(l -> box(l.maxRequestsPerHour()))
          .ifPresent(n -> limits.add(new RateWindow(n, Duration.ofHours(1))));
      this.windows = List.copyOf(limits);
      this.endpoint = e;
    }

    synchronized void pauseUntil(Instant until) {
      if (pausedUntil == null || until.isAfter(pausedUntil)) {
        pausedUntil = until;
      }
    }

    Counter outcomes(DeliveryStatus status) {
      return outcomes.computeIfAbsent(
          status,
          s ->
              Counter.builder("hookline.deliveries")
                  .description("delivery attempts by outcome")
                  .tag("endpoint", id)
                  .tag("outcome", s.wireName())
                  .register(meters));
    }

    Optional<Instant> acquirePermit(Instant now) {
      List<RateWindow> limits = windows;
      return limits.isEmpty() ? Optional.empty() : store.acquirePermit(id, limits, now);
    }

    /** Takes a delivery; returns what may be attempted now (possibly a whole batch). */
    synchronized List<Claimed> offer(Claimed c) {
      Optional<BatchConfig> batching = endpoint.batch();
      if (batching.isPresent()) {
        batch.add(c);
        if (batch.size() >= batching.get().maxSize() && active < maxPerEndpoint) {
          return takeBatch();
        }
        if (batchTimer == null) {
          batchTimer =
              timers.schedule(
                  this::flushBatch, batching.get().maxWait().toMillis(), TimeUnit.MILLISECONDS);
        }
        return List.of();
      }
      if (active >= maxPerEndpoint) {
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
      attempt(this, ready);
    }

    /** An attempt (or a decision not to attempt) finished: returns what was waiting, to start. */
    List<Claimed> done() {
      List<Claimed> next = List.of();
      synchronized (this) {
        active--;
        if (!waiting.isEmpty() && active < maxPerEndpoint) {
          active++;
          next = List.of(waiting.poll());
        } else if (!batch.isEmpty()
            && batch.size() >= endpoint.batch().map(BatchConfig::maxSize).orElse(1)
            && active < maxPerEndpoint) {
          next = takeBatch();
        }
      }
      return next;
    }

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

  private static Optional<Integer> box(OptionalInt v) {
    return v.isPresent() ? Optional.of(v.getAsInt()) : Optional.empty();
  }

  /** Configures a {@link Dispatcher}. Not thread-safe. */
  public static final class Builder {
    private final Store store;
    private final Function<String, Optional<Endpoint>> endpoints;
    private Clock clock = Clock.systemUTC();
    private String node = "local";
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private int maxPerEndpoint = DEFAULT_MAX_IN_FLIGHT_PER_ENDPOINT;
    private int claimBatch = DEFAULT_CLAIM_BATCH;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration lease = DEFAULT_LEASE;
    private PrivateNetworks privateNetworks = PrivateNetworks.DENY;
    private SignatureConfig defaultSignature;
    private DeliveryHeaders deliveryHeaders = DeliveryHeaders.DEFAULT;
    private String userAgent = DEFAULT_USER_AGENT;
    private final List<Interceptor> interceptors = new ArrayList<>();
    private final List<DeliveryListener> listeners = new ArrayList<>();
    private ListenerErrorHandler listenerErrors = ListenerErrorHandler.logging();
    private EndpointControl control = (id, reason) -> {};
    private MeterRegistry meters = new SimpleMeterRegistry();
    private int breakerThreshold = DEFAULT_BREAKER_THRESHOLD;
    private Duration breakerOpen = DEFAULT_BREAKER_OPEN;
    private Duration breakerMaxOpen = DEFAULT_BREAKER_MAX_OPEN;
    private Duration disableAfter = DEFAULT_DISABLE_AFTER;

    private Builder(Store store, Function<String, Optional<Endpoint>> endpoints) {
      this.store = Objects.requireNonNull(store, "store");
      this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    }

    /** The clock for attempt times, schedules and windows. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** This node's id in leases; stable across restarts so a restart recovers at once. */
    public Builder nodeId(String node) {
      this.node = Objects.requireNonNull(node, "node");
      return this;
    }

    /** Most deliveries held in memory at once. */
    public Builder maxInFlight(int n) {
      this.maxInFlight = positive(n, "maxInFlight");
      return this;
    }

    /** Most concurrent requests to one endpoint. */
    public Builder maxInFlightPerEndpoint(int n) {
      this.maxPerEndpoint = positive(n, "maxInFlightPerEndpoint");
      return this;
    }

    /** Most deliveries claimed at once. */
    public Builder claimBatch(int n) {
      this.claimBatch = positive(n, "claimBatch");
      return this;
    }

    /** How often to look for due deliveries. */
    public Builder pollInterval(Duration d) {
      this.pollInterval = positive(d, "pollInterval");
      return this;
    }

    /** How long a claim holds. */
    public Builder lease(Duration d) {
      this.lease = positive(d, "lease");
      return this;
    }

    /** Allows endpoints on loopback and private networks (off by default: SSRF guard). */
    public Builder allowPrivateNetworks(boolean allow) {
      this.privateNetworks = allow ? PrivateNetworks.ALLOW : PrivateNetworks.DENY;
      return this;
    }

    /** Which endpoints may reach private networks (default {@link PrivateNetworks#DENY}). */
    public Builder privateNetworks(PrivateNetworks privateNetworks) {
      this.privateNetworks = Objects.requireNonNull(privateNetworks, "privateNetworks");
      return this;
    }

    /** How endpoints without their own signature sign. */
    public Builder defaultSignature(SignatureConfig config) {
      this.defaultSignature = Objects.requireNonNull(config, "config");
      return this;
    }

    /** The headers endpoints without their own {@link DeliveryHeaders} get. */
    public Builder deliveryHeaders(DeliveryHeaders deliveryHeaders) {
      this.deliveryHeaders = Objects.requireNonNull(deliveryHeaders, "deliveryHeaders");
      return this;
    }

    /** The {@code User-Agent} requests carry unless an endpoint names its own. */
    public Builder userAgent(String userAgent) {
      if (userAgent.isBlank()) {
        throw new IllegalArgumentException("userAgent is blank");
      }
      this.userAgent = userAgent;
      return this;
    }

    /** Adds an interceptor; the first added runs outermost. */
    public Builder interceptor(Interceptor interceptor) {
      this.interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /** Adds success and failure callbacks; listeners are called in the order added. */
    public Builder listener(DeliveryListener listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Where a listener that throws goes (default {@link ListenerErrorHandler#logging()}). */
    public Builder listenerErrorHandler(ListenerErrorHandler handler) {
      this.listenerErrors = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** Who disables endpoints that answer 410 or fail for too long. */
    public Builder control(EndpointControl control) {
      this.control = Objects.requireNonNull(control, "control");
      return this;
    }

    /** Where metrics go. */
    public Builder meterRegistry(MeterRegistry meters) {
      this.meters = Objects.requireNonNull(meters, "meters");
      return this;
    }

    /** Circuit breaker: failures that open it, first and longest pause, and when to disable. */
    public Builder circuitBreaker(
        int threshold, Duration open, Duration maxOpen, Duration disableAfter) {
      this.breakerThreshold = positive(threshold, "threshold");
      this.breakerOpen = positive(open, "open");
      this.breakerMaxOpen = positive(maxOpen, "maxOpen");
      this.disableAfter = positive(disableAfter, "disableAfter");
      return this;
    }

    /** Builds the dispatcher (not started). */
    public Dispatcher build() {
      return new Dispatcher(this);
    }

    private static int positive(int n, String name) {
      if (n < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, got " + n);
      }
      return n;
    }

    private static Duration positive(Duration d, String name) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
