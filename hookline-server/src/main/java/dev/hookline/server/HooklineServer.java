package dev.hookline.server;

import dev.hookline.Hookline;
import dev.hookline.HooklineException;
import dev.hookline.PublishResult;
import dev.hookline.delivery.DeliveryListener;
import dev.hookline.delivery.DeliveryOutcome;
import dev.hookline.event.Event;
import dev.hookline.event.EventBus;
import dev.hookline.event.EventHandler;
import dev.hookline.event.Subscription;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.server.config.HooklineConfig;
import dev.hookline.server.config.HooklineConfig.AlertSettings;
import dev.hookline.server.config.HooklineConfig.ServerSettings;
import dev.hookline.server.inbound.InboundWebhooks;
import dev.hookline.server.workflow.WorkflowEngine;
import dev.hookline.server.workflow.WorkflowStore;
import dev.hookline.stats.AlertPolicy;
import dev.hookline.store.SecretKeys;
import dev.hookline.store.Store;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hookline serve}: the HTTP API of DESIGN §6 over a {@link Hookline} on the configured
 * store, with inbound webhooks, a live stream, Prometheus metrics and health.
 *
 * <pre>{@code
 * try (HooklineServer server = HooklineServer.builder(HooklineConfig.load(path, System.getenv()))
 *     .onInbound("github.pull_request.opened", event -> review(event))
 *     .start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Every event the server accepts — {@code POST /api/events} or an inbound webhook — goes one
 * way: durably published (routed to endpoints, de-duplicated on its id), then, when new, emitted on
 * {@link #bus()} and the live stream. Failure alerts configured under {@code alerts} are raised by
 * the embedded Hookline (stored, sent to the alert channels and subscribers) and also shown on the
 * bus and the live stream. Thread-safe.
 */
public final class HooklineServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HooklineServer.class);

  /** How long {@link #close()} waits for in-flight deliveries. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final HooklineConfig config;
  private final Hookline hookline;
  private final EventBus bus;
  private final EventBus inboundBus;
  private final LiveStream stream;
  private final PrometheusMeterRegistry meters;
  private final EndpointRegistry endpoints;
  private final InboundWebhooks inbound;
  private final WorkflowEngine workflows;
  private final Javalin app;
  private final Clock clock;
  private final Path workflowDir;

  private HooklineServer(Builder b) {
    this.config = b.config;
    this.clock = b.clock;
    this.workflowDir = b.workflowDir.toAbsolutePath();
    ServerSettings settings = config.server();
    requireKeysOffLoopback(settings);
    this.bus = b.bus;
    this.inboundBus = b.inboundBus;
    this.stream = new LiveStream();
    this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(meters);
    new JvmGcMetrics().bindTo(meters);
    new JvmThreadMetrics().bindTo(meters);
    new ClassLoaderMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    new UptimeMetrics().bindTo(meters);
    SecretKeys keys = StoreKeys.resolve(config, b.env);
    Store store = Store.open(config.store(), keys);
    Hookline.Builder hb =
        Hookline.builder()
            .store(store)
            .clock(clock)
            .privateNetworks(settings.privateNetworks())
            .meterRegistry(meters)
            .lease(b.lease)
            .listener(new StreamListener());
    config.signingSecret().ifPresent(hb::signingSecret);
    hb.deliveryHeaders(config.deliveryHeaders());
    try {
      List<Endpoint> initial = EndpointRegistry.initial(store, config.endpoints());
      if (config.signingSecret().isEmpty()) {
        initial.forEach(HooklineServer::checkSigned);
      }
      initial.forEach(hb::endpoint);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    alertPolicy(config.alerts()).ifPresent(policy -> hb.alerts(policy).onAlert(e -> announce(e)));
    // Set once the registry exists: a disable in the moment before (deliveries start with the
    // Hookline) is kept in memory only.
    java.util.concurrent.atomic.AtomicReference<EndpointRegistry> registryRef =
        new java.util.concurrent.atomic.AtomicReference<>();
    hb.onEndpointDisabled(
        e -> {
          EndpointRegistry r = registryRef.get();
          if (r != null) {
            r.disabled(e);
          }
        });
    try {
      this.hookline = hb.build();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    // What was built so far is closed again if a later step fails (a port taken, a bad workflow).
    java.util.Deque<AutoCloseable> built = new java.util.ArrayDeque<>();
    built.push(meters::close);
    built.push(bus::close);
    built.push(inboundBus::close);
    built.push(hookline::close);
    try {
      EndpointRegistry registry =
          new EndpointRegistry(
              hookline, store, clock, config.signingSecret().isPresent(), config.deliveryHeaders());
      built.push(registry);
      this.endpoints = registry;
      registryRef.set(registry);
      registry.load(config.endpoints());
      WorkflowStore workflowStore = WorkflowStore.open(config.store(), keys);
      built.push(workflowStore);
      WorkflowEngine engine =
          new WorkflowEngine(
              hookline,
              workflowStore,
              clock,
              e -> accept(e, false),
              settings.allowPrivateNetworks(),
              b.workflowWait);
      built.push(engine);
      this.workflows = engine;
      engine.load(config.workflows());
      engine.onRunFinished(
          run ->
              stream.publish(
                  new LiveStream.Message(
                      "workflow", run.id(), "workflow." + run.workflow(), run.document())));
      bus.onAsync("*", engine::onEvent);
      this.inbound =
          InboundWebhooks.builder(e -> accept(e, true))
              .sources(config.sources())
              .clock(clock)
              .workflows(engine)
              .build();
      this.app = HttpApi.create(this, settings).start(settings.host(), settings.port());
    } catch (RuntimeException e) {
      while (!built.isEmpty()) {
        try {
          built.pop().close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    LOG.info(
        "Hookline {} listening on {} (store: {}, {} endpoints, API keys: {})",
        Hookline.VERSION,
        url(),
        store.describe(),
        hookline.endpoints().size(),
        settings.apiKeys().isEmpty() ? "none" : settings.apiKeys().size());
  }

  /** Starts configuring a server. */
  public static Builder builder(HooklineConfig config) {
    return new Builder(config);
  }

  /** Starts a server with this configuration and no Java handlers. */
  public static HooklineServer start(HooklineConfig config) {
    return builder(config).start();
  }

  /** The server's base URL, for example {@code http://127.0.0.1:8000}. */
  public URI url() {
    String host = config.server().host();
    String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    if (shown.contains(":")) {
      shown = "[" + shown + "]";
    }
    return URI.create("http://" + shown + ":" + port());
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return app.port();
  }

  /** The embedded Hookline: endpoints, deliveries, stats. */
  public Hookline hookline() {
    return hookline;
  }

  /** Every event the server accepts, once, after it is durable. */
  public EventBus bus() {
    return bus;
  }

  /** The configuration the server runs with. */
  public HooklineConfig config() {
    return config;
  }

  /**
   * Accepts an event: durably published and routed, then emitted on the bus and the live stream
   * when new. Idempotent on the event id.
   */
  PublishResult accept(Event event, boolean inbound) {
    return acceptAll(List.of(event), inbound).get(0);
  }

  List<PublishResult> acceptAll(List<Event> events, boolean inbound) {
    List<PublishResult> results = hookline.publishAll(events);
    for (int i = 0; i < events.size(); i++) {
      PublishResult r = results.get(i);
      if (r.created()) {
        Event e = events.get(i);
        if (stream.subscribers() > 0) { // the message costs two JSON writes and a read
          stream.publish(new LiveStream.Message("event", e.id(), e.type(), streamed(e)));
        }
        bus.emit(e);
        if (inbound) {
          inboundBus.emit(e);
        }
      }
    }
    return results;
  }

  /**
   * The library refuses an endpoint it would sign without a secret, in its own words (the builder
   * methods); a server user is told the config file's keys instead.
   */
  private static void checkSigned(Endpoint e) {
    if (e.format() == Format.RAW && e.signature().isEmpty()) {
      throw new InvalidEndpointException(
          "signature",
          "endpoint '"
              + e.id()
              + "' has no signing secret: set signing.secret in the config file (the default of"
              + " every endpoint), give the endpoint signature: {secret: whsec_...}, or send it"
              + " unsigned with signature: {scheme: none}");
    }
  }

  /** The {@code alerts} section as the core's policy; empty when it sets no threshold. */
  static Optional<AlertPolicy> alertPolicy(AlertSettings a) {
    if (a.failureThreshold().isEmpty() && a.deliveryTimeoutThreshold().isEmpty()) {
      return Optional.empty();
    }
    AlertPolicy.Builder p = AlertPolicy.builder().window(a.window()).channels(a.channels());
    a.failureThreshold().ifPresent(p::failureThreshold);
    a.deliveryTimeoutThreshold().ifPresent(p::deliveryTimeoutThreshold);
    return Optional.of(p.build());
  }

  /** An alert Hookline raised (already stored and routed): to the live stream and the bus. */
  private void announce(Event alert) {
    stream.publish(
        new LiveStream.Message("event", alert.id(), alert.type(), ApiJson.event(alert).toString()));
    bus.emit(alert);
  }

  /** The event as the live stream shows it: whole, or without its data when very large. */
  private static String streamed(Event e) {
    com.fasterxml.jackson.databind.node.ObjectNode json =
        (com.fasterxml.jackson.databind.node.ObjectNode) ApiJson.event(e);
    String whole = json.toString();
    if (whole.length() <= LiveStream.MAX_EVENT_CHARS) {
      return whole;
    }
    json.putObject("data").put("_truncated", true).put("_chars", whole.length());
    json.remove("metadata");
    return json.toString();
  }

  EndpointRegistry endpoints() {
    return endpoints;
  }

  InboundWebhooks inbound() {
    return inbound;
  }

  Path workflowDir() {
    return workflowDir;
  }

  WorkflowEngine workflows() {
    return workflows;
  }

  LiveStream stream() {
    return stream;
  }

  PrometheusMeterRegistry meters() {
    return meters;
  }

  Clock clock() {
    return clock;
  }

  /** Stops accepting requests, then waits up to {@link #CLOSE_TIMEOUT} for in-flight deliveries. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stream.close();
    app.stop();
    endpoints.close();
    workflows.close();
    hookline.close(CLOSE_TIMEOUT);
    bus.close();
    inboundBus.close();
    meters.close();
  }

  private boolean closed;

  private static void requireKeysOffLoopback(ServerSettings s) {
    if (!s.apiKeys().isEmpty()) {
      return;
    }
    boolean loopback;
    try {
      loopback = InetAddress.getByName(s.host()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new HooklineException("server.host '" + s.host() + "' does not resolve", e);
    }
    if (!loopback) {
      throw new HooklineException(
          "refusing to listen on "
              + s.host()
              + " without API keys: anyone who can reach it could manage endpoints and read"
              + " events. Set server.api_keys (for example [\"${HOOKLINE_API_KEY}\"]) or listen"
              + " on 127.0.0.1.");
    }
  }

  /** Delivery outcomes to the live stream. */
  private final class StreamListener implements DeliveryListener {
    @Override
    public void onSuccess(DeliveryOutcome o) {
      publish(o);
    }

    @Override
    public void onAttemptFailed(DeliveryOutcome o) {
      publish(o);
    }

    private void publish(DeliveryOutcome o) {
      if (stream.subscribers() == 0) {
        return;
      }
      stream.publish(
          new LiveStream.Message(
              "delivery",
              o.deliveryId() + "." + o.attempt(),
              o.event().type(),
              ApiJson.outcome(o).toString()));
    }
  }

  /** Configures a {@link HooklineServer}. */
  public static final class Builder {
    private final HooklineConfig config;
    private final EventBus bus = EventBus.create();
    private final EventBus inboundBus = EventBus.create();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private Duration workflowWait = WorkflowEngine.DEFAULT_WAIT;
    private Duration lease = Hookline.DEFAULT_LEASE;
    private Path workflowDir = Path.of("");
    private Map<String, String> env = System.getenv();

    private Builder(HooklineConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Runs {@code handler} for every event accepted through {@code POST /webhooks/{source}} whose
     * type matches {@code pattern} (for example {@code github.pull_request.opened}), once per event
     * (duplicates are dropped before), on a virtual thread after the sender got its answer. A
     * handler that throws is logged; it never fails the request.
     */
    public Builder onInbound(String pattern, EventHandler handler) {
      subscriptions.add(inboundBus.onAsync(pattern, handler));
      return this;
    }

    /**
     * Runs {@code handler} for every event the server accepts (API or inbound) whose type matches
     * {@code pattern}, once per event, on a virtual thread.
     */
    public Builder on(String pattern, EventHandler handler) {
      subscriptions.add(bus.onAsync(pattern, handler));
      return this;
    }

    /**
     * How long {@code POST /webhooks/generic} waits for a workflow run before answering 202 with
     * the run id (default {@link WorkflowEngine#DEFAULT_WAIT}).
     */
    public Builder workflowWait(Duration wait) {
      this.workflowWait = Objects.requireNonNull(wait, "wait");
      return this;
    }

    /**
     * The folder {@code POST /api/workflows} reads {@code config_path} files from; paths leaving it
     * are refused. Default: the working directory.
     */
    public Builder workflowDir(Path dir) {
      this.workflowDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * How long this node's claim on a delivery holds (default {@link Hookline#DEFAULT_LEASE}): on a
     * shared PostgreSQL store, another node sends the deliveries of a node that died once their
     * leases lapse. The node renews the leases of what it still has in hand.
     *
     * @throws IllegalArgumentException when {@code lease} is not positive
     */
    public Builder lease(Duration lease) {
      Objects.requireNonNull(lease, "lease");
      if (lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("lease must be positive, got " + lease);
      }
      this.lease = lease;
      return this;
    }

    /**
     * The environment {@code HOOKLINE_SECRET_KEY} and {@code HOOKLINE_SECRET_KEY_PREVIOUS} are read
     * from (default: the process's), ahead of the config's {@code secrets} key files.
     */
    public Builder environment(Map<String, String> env) {
      this.env = Map.copyOf(env);
      return this;
    }

    /** The clock for timestamps and retry schedules (tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Opens the store, saves the configured endpoints, binds the HTTP server and starts delivering.
     *
     * @throws HooklineException when the store cannot be opened, an endpoint is invalid, the port
     *     is taken, or the host is not loopback and no API keys are configured
     */
    public HooklineServer start() {
      return new HooklineServer(this);
    }
  }
}
