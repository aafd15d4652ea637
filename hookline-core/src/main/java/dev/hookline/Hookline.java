package dev.hookline;

import dev.hookline.delivery.CircuitBreakerPolicy;
import dev.hookline.delivery.DeadDelivery;
import dev.hookline.delivery.DeliveryEngine;
import dev.hookline.delivery.DeliveryListener;
import dev.hookline.delivery.DeliveryOutcome;
import dev.hookline.delivery.EngineConfig;
import dev.hookline.delivery.Interceptor;
import dev.hookline.delivery.ListenerErrorHandler;
import dev.hookline.delivery.PrivateNetworks;
import dev.hookline.event.Event;
import dev.hookline.event.EventBus;
import dev.hookline.event.EventLimits;
import dev.hookline.event.Subscription;
import dev.hookline.routing.DeliveryHeaders;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.routing.RouteResult;
import dev.hookline.routing.Router;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.stats.AlertMonitor;
import dev.hookline.stats.AlertPolicy;
import dev.hookline.store.Attempt;
import dev.hookline.store.Delivery;
import dev.hookline.store.DeliveryQuery;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.store.EndpointStats;
import dev.hookline.store.EventQuery;
import dev.hookline.store.Outbox;
import dev.hookline.store.Page;
import dev.hookline.store.SecretKeys;
import dev.hookline.store.Store;
import dev.hookline.store.StoredEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Hookline embedded in an application: accepts events, routes each to the endpoints subscribed to
 * it, stores the event and its deliveries durably, and delivers them at least once with retries —
 * or leaves them visibly dead with their error.
 *
 * <pre>{@code
 * try (Hookline hookline = Hookline.builder()
 *     .store(Store.sqlite(Path.of("hookline.db")))
 *     .signingSecret(System.getenv("WEBHOOK_SECRET_KEY"))
 *     .endpoint(Endpoint.builder("ops", "https://ops.example.com/hooks").events("*").build())
 *     .onFailure(dead -> log.warn("{} is dead: {}", dead.deliveryId(), dead.lastError()))
 *     .build()) {
 *   hookline.publish(Event.of("prediction", Map.of("confidence", 0.91)));
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #publish} returns once the event is durable; delivery happens in the
 * background.
 */
public final class Hookline implements AutoCloseable {

  /** Succeeded deliveries and their payloads are purged after this long, by default. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  /** The default store file, in the working directory. */
  public static final Path DEFAULT_STORE_FILE = Path.of("hookline.db");

  /** Hookline's version, from the build ({@code dev} when run from unpackaged classes). */
  public static final String VERSION = Node.version();

  /** Most deliveries held in memory (claimed, waiting or being sent) at once, by default. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 4096;

  /** How often the store is asked for due deliveries when nothing wakes the engine sooner. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);

  /** How long a node's claim on a delivery holds before another node may take it over. */
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(1);

  /** Most concurrent requests to one endpoint. */
  private static final int MAX_IN_FLIGHT_PER_ENDPOINT = 64;

  /**
   * Most deliveries claimed from the store in one go. With a backlog, a claim waits behind the
   * group commits of publishers, so the claim size, not the network, bounds the delivery rate.
   */
  private static final int CLAIM_BATCH = 1024;

  private final Outbox store;
  private final Router router;
  private final EndpointChecks checks;
  private final DeliveryEngine dispatcher;
  private final Clock clock;
  private final Duration retention;
  private final Disabling disabling;
  private final Acceptance acceptance;
  private final Housekeeping housekeeping;
  private volatile boolean closed;

  /** Made by {@link Builder#build()}, which closes {@code store} if it opened it. */
  private Hookline(Builder b, Store store) {
    this.clock = b.clock;
    this.retention = b.retention;
    Optional<SignatureConfig> defaultSignature = Optional.ofNullable(b.signature);
    this.router = Router.create(clock);
    this.checks =
        new EndpointChecks(router, b.privateNetworks, defaultSignature, b.deliveryHeaders);
    for (Endpoint e : b.endpoints) {
      router.add(checks.checked(e));
    }
    for (Endpoint e : b.endpoints) {
      checks.checkFailureTarget(e);
    }
    this.store = Outbox.of(store);
    Optional<AlertPolicy> alerts = Optional.ofNullable(b.alerts).filter(AlertPolicy::isActive);
    List<DeliveryListener> listeners = new ArrayList<>();
    // The monitor first: callbacks see an outcome after the alerts it raised.
    Notices notices =
        new Notices(
            router,
            clock,
            alerts.map(AlertPolicy::channels).orElse(List.of()),
            b.alertCallbacks,
            this::acceptNotices);
    alerts.ifPresent(policy -> listeners.add(new AlertMonitor(policy, clock, notices::raise)));
    // The notices next: a callback told of a death finds its notice already accepted.
    listeners.add(notices.announcer());
    listeners.addAll(b.listeners);
    this.dispatcher =
        DeliveryEngine.create(
            new EngineConfig(
                store,
                router::endpoint,
                clock,
                Node.id(b.nodeId, store),
                b.maxInFlight,
                MAX_IN_FLIGHT_PER_ENDPOINT,
                CLAIM_BATCH,
                b.pollInterval,
                b.lease,
                b.privateNetworks,
                defaultSignature,
                b.deliveryHeaders,
                "Hookline/" + VERSION,
                b.interceptors,
                listeners,
                b.listenerErrors,
                this::disable,
                b.meters,
                b.circuitBreaker));
    this.acceptance = new Acceptance(this.store, dispatcher, clock);
    this.disabling = new Disabling(router, clock, b.onDisabled, this::publish);
    try {
      dispatcher.start();
    } catch (RuntimeException | Error e) {
      dispatcher.close(Duration.ZERO);
      throw e;
    }
    this.housekeeping = new Housekeeping(this::purge);
  }

  /** Starts configuring a Hookline. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Accepts an event: routes it, stores it with one delivery per endpoint that takes it, and
   * returns once that is durable. Idempotent on the event id: publishing an id again queues
   * nothing.
   *
   * @throws dev.hookline.store.StoreException when the store cannot take it (nothing was accepted)
   * @throws dev.hookline.event.InvalidEventException when its data or metadata break {@link
   *     EventLimits} (nothing was accepted)
   * @throws IllegalStateException after {@link #close()}
   */
  public PublishResult publish(Event event) {
    return publishAll(List.of(event)).get(0);
  }

  /**
   * Accepts several events at once, sharing transactions: how to ingest a batch at disk speed from
   * one thread. Each event is accepted (or recognised as a duplicate) on its own, as {@link
   * #publish} does; the call returns once all are durable.
   *
   * @return one result per event, in order
   * @throws dev.hookline.store.StoreException when the store cannot take them
   * @throws dev.hookline.event.InvalidEventException when one breaks {@link EventLimits} (none was
   *     accepted)
   * @throws IllegalStateException after {@link #close()}
   */
  public List<PublishResult> publishAll(List<Event> events) {
    return accept(
        events,
        e -> {
          RouteResult r = router.route(e);
          return new Acceptance.Route(r.endpoints(), r.skipped());
        });
  }

  /**
   * Publishes an event to one endpoint only, whatever its subscriptions, filters and conditions say
   * (an endpoint's "send test event"). Returns once the event and its delivery are durable.
   *
   * @throws IllegalArgumentException when there is no endpoint with that id
   */
  public PublishResult publishTo(Event event, String endpointId) {
    Endpoint endpoint =
        router
            .endpoint(endpointId)
            .orElseThrow(() -> new IllegalArgumentException("no endpoint with id " + endpointId));
    return accept(List.of(event), e -> new Acceptance.Route(List.of(endpoint), List.of())).get(0);
  }

  /**
   * Whether deliveries are running: from {@link Builder#build()} until {@link #close()}, as long as
   * the delivery engine's threads are alive (a server's {@code /health} reports this).
   */
  public boolean isRunning() {
    return !closed && dispatcher.isHealthy();
  }

  private List<PublishResult> accept(
      List<Event> events, Function<Event, Acceptance.Route> routing) {
    if (closed) {
      throw new IllegalStateException(
          "Hookline is closed; " + events.size() + " events not accepted");
    }
    return acceptance.accept(events, routing);
  }

  /** Accepts Hookline's own events (alerts, failure notices); none once closed. */
  private void acceptNotices(List<Event> events, Function<Event, Acceptance.Route> routing) {
    if (!closed) {
      acceptance.accept(events, routing);
    }
  }

  private void disable(String endpointId, String reason) {
    disabling.disable(endpointId, reason);
  }

  /**
   * Publishes every event emitted on {@code bus} (a synchronous handler on {@code *}: {@code emit}
   * returns once the event is durable). Hookline's own announcements ({@code endpoint.disabled})
   * are emitted on attached buses too.
   *
   * @return the subscription; cancel it to detach
   */
  public Subscription attach(EventBus bus) {
    return disabling.announceOn(bus, bus.on("*", this::publish));
  }

  /**
   * Adds an endpoint.
   *
   * @throws dev.hookline.routing.DuplicateEndpointException when the id is taken
   * @throws InvalidEndpointException when it cannot be delivered to (no signing secret, a format
   *     not yet supported), or its {@code on_failure} names an endpoint that does not exist
   */
  public void addEndpoint(Endpoint endpoint) {
    Endpoint e = checks.checked(endpoint);
    checks.checkFailureTarget(e);
    router.add(e);
  }

  /**
   * Adds or replaces an endpoint; deliveries already queued use its new settings. Unlike {@link
   * #addEndpoint}, an {@code on_failure} endpoint that does not exist yet is accepted (a set of
   * endpoints is put one by one); while it is missing, dead deliveries go unannounced, with a
   * warning.
   */
  public Optional<Endpoint> putEndpoint(Endpoint endpoint) {
    return router.put(checks.checked(endpoint));
  }

  /** Removes an endpoint; its queued deliveries become dead when their turn comes. */
  public Optional<Endpoint> removeEndpoint(String id) {
    return router.remove(id);
  }

  /** The endpoint with {@code id}. */
  public Optional<Endpoint> endpoint(String id) {
    return router.endpoint(id);
  }

  /** Every endpoint, in registration order. */
  public List<Endpoint> endpoints() {
    return router.endpoints();
  }

  /**
   * Routes an event without accepting it: which endpoints would take it, and why not the others.
   */
  public RouteResult route(Event event) {
    return router.route(event);
  }

  /** An accepted event, with why each endpoint that skipped it did. */
  public Optional<StoredEvent> event(String id) {
    return store.event(id);
  }

  /** Accepted events, newest first. */
  public Page<StoredEvent> events(EventQuery query) {
    return store.events(query);
  }

  /** A delivery. */
  public Optional<Delivery> delivery(String id) {
    return store.delivery(id);
  }

  /** A delivery's attempts, first first. */
  public List<Attempt> attempts(String deliveryId) {
    return store.attempts(deliveryId);
  }

  /** Deliveries, newest first. */
  public Page<Delivery> deliveries(DeliveryQuery query) {
    return store.deliveries(query);
  }

  /**
   * Sends a delivery again now (a dead one, typically); its attempt numbers keep counting.
   *
   * @return the delivery as queued, or empty when there is no such delivery
   */
  public Optional<Delivery> retry(String deliveryId) {
    Optional<Delivery> d = store.retry(deliveryId, clock.instant());
    dispatcher.wakeUp();
    return d;
  }

  /**
   * Queues again an endpoint's deliveries in {@code status} (usually dead) created in [{@code
   * since}, {@code until}).
   *
   * @return how many were queued
   */
  public int replay(
      String endpointId, DeliveryStatus status, Optional<Instant> since, Optional<Instant> until) {
    int n = store.replay(endpointId, status, since, until, clock.instant());
    dispatcher.wakeUp();
    return n;
  }

  /** An endpoint's figures over the retained history. */
  public EndpointStats stats(String endpointId) {
    return store.stats(endpointId, Instant.EPOCH);
  }

  /**
   * The state of an endpoint's circuit on this node: {@code closed}, {@code open}, {@code
   * half_open}.
   */
  public String circuitState(String endpointId) {
    return dispatcher.circuitState(endpointId);
  }

  /**
   * Deletes succeeded deliveries older than the retention period (done hourly on its own).
   *
   * @return how many were deleted
   */
  public int purge() {
    return store.purge(clock.instant().minus(retention));
  }

  /**
   * The store, to read what this class does not wrap (events, deliveries, attempts, figures) and
   * for the operations on them. Publishing goes through this class, never straight to the store.
   */
  public Store store() {
    return store;
  }

  /** Closes within 30 seconds; see {@link #close(Duration)}. */
  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /**
   * Stops accepting, stops claiming, waits up to {@code timeout} for requests in flight and their
   * outcomes to be stored, then closes the store. Whatever was not sent stays in the store.
   */
  public void close(Duration timeout) {
    if (closed) {
      return;
    }
    closed = true;
    housekeeping.close();
    dispatcher.close(timeout);
    store.close();
  }

  /** Configures a {@link Hookline}. Not thread-safe; every default is a named constant. */
  public static final class Builder {
    private Store store;
    private SecretKeys secretKeys;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private String nodeId;
    private SignatureConfig signature;
    private DeliveryHeaders deliveryHeaders = DeliveryHeaders.DEFAULT;
    private PrivateNetworks privateNetworks = PrivateNetworks.DENY;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration lease = DEFAULT_LEASE;
    private Duration retention = DEFAULT_RETENTION;
    private final List<DeliveryListener> listeners = new ArrayList<>();
    private ListenerErrorHandler listenerErrors = ListenerErrorHandler.logging();
    private Consumer<Endpoint> onDisabled = e -> {};
    private final List<Interceptor> interceptors = new ArrayList<>();
    private MeterRegistry meters = new SimpleMeterRegistry();
    private CircuitBreakerPolicy circuitBreaker = CircuitBreakerPolicy.DEFAULT;
    private AlertPolicy alerts;
    private final List<Consumer<Event>> alertCallbacks = new ArrayList<>();

    private Builder() {}

    /**
     * The store (Hookline closes it on {@link Hookline#close()}); {@code hookline.db} in the
     * working directory by default.
     */
    public Builder store(Store store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The keys the default store ({@code hookline.db}) seals secrets with; by default the key in
     * {@code hookline.db.key}, generated on first use. A store given to {@link #store} has its own
     * keys ({@link Store#sqlite(java.nio.file.Path, SecretKeys)}), so setting both is refused by
     * {@link #build()}.
     */
    public Builder secretKeys(SecretKeys keys) {
      this.secretKeys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /** Adds an endpoint. */
    public Builder endpoint(Endpoint endpoint) {
      this.endpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
      return this;
    }

    /** The clock for timestamps, schedules and time windows (tests inject their own). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * This node's id in leases and attempt records. Default: {@code local} on SQLite (a restart
     * gives back what it held at once); host name and process id on PostgreSQL, so nodes sharing it
     * differ. A stable id per PostgreSQL node lets a restart recover at once too.
     */
    public Builder nodeId(String nodeId) {
      this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
      return this;
    }

    /**
     * Signs requests of endpoints without their own signature with Standard Webhooks v1 and this
     * secret ({@code whsec_...}, or a plain string used as UTF-8).
     */
    public Builder signingSecret(String secret) {
      return defaultSignature(SignatureConfig.standard(secret));
    }

    /** How endpoints without their own signature sign. */
    public Builder defaultSignature(SignatureConfig config) {
      this.signature = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * The names of the headers Hookline adds, the {@code User-Agent} and whether Standard Webhooks
     * headers go, for endpoints without their own {@link Endpoint#deliveryHeaders()} (default
     * {@link DeliveryHeaders#DEFAULT}). Each endpoint is checked against it when added: {@code
     * standard(false)} with a Standard Webhooks default signature fails then.
     */
    public Builder deliveryHeaders(DeliveryHeaders headers) {
      this.deliveryHeaders = Objects.requireNonNull(headers, "headers");
      return this;
    }

    /**
     * Allows endpoints on loopback, private and link-local addresses. Off by default so that a
     * registered URL cannot reach internal services (SSRF).
     */
    public Builder allowPrivateNetworks(boolean allow) {
      this.privateNetworks = allow ? PrivateNetworks.ALLOW : PrivateNetworks.DENY;
      return this;
    }

    /**
     * Which endpoints may reach loopback, private and link-local addresses: none ({@link
     * PrivateNetworks#DENY}, the default), those built with {@code allowPrivateNetwork(true)}
     * ({@link PrivateNetworks#PER_ENDPOINT}), or all ({@link PrivateNetworks#ALLOW}).
     */
    public Builder privateNetworks(PrivateNetworks privateNetworks) {
      this.privateNetworks = Objects.requireNonNull(privateNetworks, "privateNetworks");
      return this;
    }

    /** Most deliveries held in memory at once (default {@value #DEFAULT_MAX_IN_FLIGHT}). */
    public Builder maxInFlight(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxInFlight must be at least 1, got " + n);
      }
      this.maxInFlight = n;
      return this;
    }

    /**
     * How often to look for due retries and deliveries queued by other nodes (default {@link
     * #DEFAULT_POLL_INTERVAL}).
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder pollInterval(Duration d) {
      this.pollInterval = positive(d, "pollInterval");
      return this;
    }

    /**
     * How long a claim holds before another node may take a delivery over (default {@link
     * #DEFAULT_LEASE}).
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder lease(Duration d) {
      this.lease = positive(d, "lease");
      return this;
    }

    /**
     * How long succeeded deliveries are kept (default {@link #DEFAULT_RETENTION}). Dead ones are
     * kept.
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder retention(Duration d) {
      this.retention = positive(d, "retention");
      return this;
    }

    /**
     * Adds a listener. Listeners add up, each call one more (with those of {@link #onSuccess},
     * {@link #onAttemptFailed} and {@link #onFailure}); they are called in the order added. One
     * that throws goes to the {@link #listenerErrorHandler} and never stops delivery or the others.
     */
    public Builder listener(DeliveryListener listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Called once per delivery that has failed for good (the seeds' {@code on_failure(webhook,
     * event, error)}), however it died: retries exhausted, a final 4xx, a template or format error,
     * its event missing from the store, its endpoint gone or disabled. Adds to the listeners.
     */
    public Builder onFailure(Consumer<DeadDelivery> callback) {
      return listener(Callbacks.onFailure(callback));
    }

    /**
     * Called on every failed attempt, retried or not (see {@link DeliveryOutcome#willRetry()}).
     * Adds to the listeners.
     */
    public Builder onAttemptFailed(Consumer<DeliveryOutcome> callback) {
      return listener(Callbacks.onAttemptFailed(callback));
    }

    /**
     * Where a listener or callback that throws goes (default {@link
     * ListenerErrorHandler#logging()}, a warning with the stack trace).
     */
    public Builder listenerErrorHandler(ListenerErrorHandler handler) {
      this.listenerErrors = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Called with the endpoint (now {@code enabled: false}) when Hookline disables it on its own: a
     * 410 Gone, or failing for longer than the circuit breaker's limit. A server uses it to save
     * the change, so restarts and other nodes keep the endpoint disabled. Runs on a delivery
     * thread; an exception it throws is logged.
     */
    public Builder onEndpointDisabled(Consumer<Endpoint> callback) {
      this.onDisabled = Objects.requireNonNull(callback, "callback");
      return this;
    }

    /** Called on every successful delivery. Adds to the listeners. */
    public Builder onSuccess(Consumer<DeliveryOutcome> callback) {
      return listener(Callbacks.onSuccess(callback));
    }

    /** Adds a step around every request; the first added runs outermost. */
    public Builder interceptor(Interceptor interceptor) {
      this.interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /** Where metrics go (a private registry by default). */
    public Builder meterRegistry(MeterRegistry meters) {
      this.meters = Objects.requireNonNull(meters, "meters");
      return this;
    }

    /**
     * The circuit breaker: consecutive failures that open it, the first and the longest pause
     * between probes, and how long an endpoint may fail without a success before it is disabled
     * (default {@link CircuitBreakerPolicy#DEFAULT}).
     */
    public Builder circuitBreaker(CircuitBreakerPolicy policy) {
      this.circuitBreaker = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Raises failure alerts about endpoints by {@code policy} (see {@link AlertPolicy}): each alert
     * is one event ({@value AlertPolicy#FAILURE_RATE}, {@value AlertPolicy#SLOW_DELIVERY}, {@value
     * AlertPolicy#RESOLVED}), stored and delivered like any other, to the policy's channels
     * whatever their subscriptions and to endpoints subscribed to its type, never to the endpoint
     * it is about. Judged with this Hookline's {@link #clock}.
     */
    public Builder alerts(AlertPolicy policy) {
      this.alerts = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Called with each alert event once it is accepted (for a live view, a log), on the thread that
     * raised it. A callback that throws is logged; the alert is delivered all the same.
     */
    public Builder onAlert(Consumer<Event> callback) {
      this.alertCallbacks.add(Objects.requireNonNull(callback, "callback"));
      return this;
    }

    /**
     * Opens the store (if not given), starts delivering, and returns the running Hookline.
     *
     * @throws InvalidEndpointException when an endpoint cannot be delivered to
     * @throws dev.hookline.store.StoreException when the store cannot be opened
     * @throws IllegalStateException when both a store and secret keys are given
     */
    public Hookline build() {
      if (store != null && secretKeys != null) {
        throw new IllegalStateException(
            "secretKeys(...) applies to the default store only; pass the keys to the store"
                + " instead: Store.sqlite(path, keys) or Store.postgres(url, keys)");
      }
      Store opened =
          store != null
              ? store
              : secretKeys != null
                  ? Store.sqlite(DEFAULT_STORE_FILE, secretKeys)
                  : Store.sqlite(DEFAULT_STORE_FILE);
      try {
        return new Hookline(this, opened);
      } catch (RuntimeException | Error e) {
        if (store == null) { // opened here: closed here
          try {
            opened.close();
          } catch (RuntimeException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw e;
      }
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
