package dev.hookline.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.Hookline;
import dev.hookline.PublishResult;
import dev.hookline.event.Event;
import dev.hookline.event.EventPattern;
import dev.hookline.event.InvalidEventException;
import dev.hookline.routing.Durations;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.EndpointJson;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.server.config.HooklineConfig.ServerSettings;
import dev.hookline.server.config.WebhookRegistration;
import dev.hookline.server.inbound.InboundRequest;
import dev.hookline.server.inbound.InboundResponse;
import dev.hookline.server.inbound.WorkflowTrigger;
import dev.hookline.server.workflow.Workflow;
import dev.hookline.server.workflow.WorkflowException;
import dev.hookline.store.AttemptStats;
import dev.hookline.store.Delivery;
import dev.hookline.store.DeliveryQuery;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.store.EventQuery;
import dev.hookline.store.QueueDepth;
import dev.hookline.store.Store;
import dev.hookline.store.StoreException;
import dev.hookline.store.StoredEvent;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The routes of DESIGN §6 on Javalin: JSON everywhere, API keys, body limit. */
final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  static final String JSON = "application/json";
  static final String CLOUDEVENTS_JSON = "application/cloudevents+json";
  static final String CLOUDEVENTS_BATCH_JSON = "application/cloudevents-batch+json";

  /** A route as registered, for the OpenAPI cross-check. */
  record Route(String method, String path) {}

  private final HooklineServer server;
  private final Hookline hookline;
  private final ServerSettings settings;
  private final List<byte[]> keys;
  private final List<Route> table = new ArrayList<>();
  private RoutesConfig routes;

  private HttpApi(HooklineServer server, ServerSettings settings) {
    this.server = server;
    this.hookline = server.hookline();
    this.settings = settings;
    this.keys = settings.apiKeys().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
  }

  static Javalin create(HooklineServer server, ServerSettings settings) {
    HttpApi api = new HttpApi(server, settings);
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.concurrency.useVirtualThreads = true;
          config.http.maxRequestSize = settings.maxBodyBytes();
          config.http.defaultContentType = JSON;
          config.http.prefer405over404 = true; // GET /webhooks/github: 405 + Allow, not 404
          config.jetty.modifyServer(
              s -> {
                s.setStopTimeout(2000);
                s.setErrorHandler(new JsonErrorHandler());
              });
          config.staticFiles.add(Dashboard::configure);
          if (!settings.corsOrigins().isEmpty()) {
            // Pages at these origins may call the API (RequestGuard refuses every other origin).
            config.bundledPlugins.enableCors(
                cors ->
                    cors.addRule(
                        rule -> {
                          settings.corsOrigins().forEach(rule::allowHost);
                          rule.exposeHeader("Location");
                          rule.exposeHeader("Retry-After");
                        }));
          }
          api.routes = config.routes;
          api.register();
        });
  }

  /** The routes the server serves (method in lower case, Javalin/OpenAPI path syntax). */
  static List<Route> routeTable(HooklineServer server) {
    HttpApi api = new HttpApi(server, server.config().server());
    api.routes = null;
    api.register();
    return List.copyOf(api.table);
  }

  private void register() {
    RequestGuard guard = new RequestGuard(settings);
    before(guard::check);
    before(this::limitBody);
    before("/api/*", this::authenticate);
    before("/api/*", guard::requireJsonBody);
    before("/metrics", this::authenticate);

    route("get", "/health", this::health);
    route("get", "/metrics", this::metrics);
    route("get", "/openapi.json", this::openApi);

    route("post", "/api/events", this::postEvents);
    route("get", "/api/events", this::listEvents);
    route("get", "/api/events/{id}", this::getEvent);

    route("get", "/api/endpoints", this::listEndpoints);
    route("post", "/api/endpoints", this::createEndpoint);
    route("get", "/api/endpoints/{id}", this::getEndpoint);
    route("put", "/api/endpoints/{id}", this::putEndpoint);
    route("patch", "/api/endpoints/{id}", this::patchEndpoint);
    route("delete", "/api/endpoints/{id}", this::deleteEndpoint);
    route("get", "/api/endpoints/{id}/secret", this::endpointSecret);
    route("post", "/api/endpoints/{id}/test", this::testEndpoint);
    route("get", "/api/endpoints/{id}/stats", this::endpointStats);
    route("post", "/api/endpoints/{id}/replay", this::replay);

    // Other tools' registration shape (seed 003): an alias of the endpoints, see
    // WebhookRegistration.
    route("get", "/api/webhooks", this::listEndpoints);
    route("post", "/api/webhooks", this::registerWebhook);

    route("get", "/api/deliveries", this::listDeliveries);
    route("get", "/api/deliveries/{id}", this::getDelivery);
    route("post", "/api/deliveries/{id}/retry", this::retry);
    route("get", "/api/stats", this::trafficStats);

    route("post", "/api/workflows", this::registerWorkflow);
    route("get", "/api/workflows", this::listWorkflows);
    route("get", "/api/workflows/{name}", this::getWorkflow);
    route("post", "/api/workflows/{name}/runs", this::runWorkflow);
    route("get", "/api/workflows/{name}/runs", this::workflowRuns);
    route("get", "/api/runs/{id}", this::getRun);

    route("get", "/api/inbound", this::inboundLog);
    route("post", "/webhooks/{source}", this::inbound);

    route(
        "get", "/api/stream", ctx -> server.stream().serve(ctx, patterns(ctx.queryParam("types"))));
    if (routes != null) {
      routes.exception(
          ApiException.class, (e, ctx) -> error(ctx, e.status, e.code, e.getMessage()));
      routes.exception(
          InvalidEventException.class,
          (e, ctx) -> error(ctx, 400, "invalid_event", e.getMessage()));
      routes.exception(
          InvalidEndpointException.class,
          (e, ctx) -> error(ctx, 400, "invalid_endpoint", e.getMessage()));
      routes.exception(HttpResponseException.class, this::httpError);
      routes.exception(
          Exception.class,
          (e, ctx) -> {
            Optional<StoreException> outage = StoreOutage.cause(e);
            if (outage.isPresent()) {
              StoreOutage.answer(ctx, outage.get());
              return;
            }
            Optional<ClientFault> fault = ClientFault.of(e);
            if (fault.isPresent()) {
              LOG.debug("{} {}: the client's fault", ctx.method(), ctx.path(), e);
              error(ctx, fault.get().status(), fault.get().code(), fault.get().message());
              return;
            }
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(
                ctx,
                500,
                "internal_error",
                "the server failed to handle this request; its log has the details");
          });
    }
  }

  /** Javalin's own answers (no route, method not allowed, body too large) in our JSON shape. */
  private void httpError(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    String route = ctx.method() + " " + ctx.path();
    switch (status) {
      case 404 -> error(ctx, 404, "not_found", "no route " + route);
      case 405 -> {
        String allow = String.join(", ", e.getDetails().values()).replace("[", "").replace("]", "");
        if (!allow.isBlank()) {
          ctx.header("Allow", allow.toUpperCase(Locale.ROOT));
        }
        error(
            ctx,
            405,
            "method_not_allowed",
            ctx.path().startsWith("/webhooks/")
                ? "webhooks are delivered with POST; a " + ctx.method() + " cannot deliver one"
                : "method not allowed: " + route + (allow.isBlank() ? "" : "; allowed: " + allow));
      }
      case 413 -> error(ctx, 413, "body_too_large", tooLarge());
      default -> error(ctx, status, "http_" + status, e.getMessage());
    }
  }

  // ---- guards ---------------------------------------------------------------------------------

  private void limitBody(Context ctx) {
    long length = ctx.contentLength();
    if (length > settings.maxBodyBytes()) {
      throw new ApiException(413, "body_too_large", tooLarge());
    }
  }

  private String tooLarge() {
    return "the body exceeds server.max_body_bytes (" + settings.maxBodyBytes() + " bytes)";
  }

  private void authenticate(Context ctx) {
    if (keys.isEmpty() || ctx.method() == HandlerType.OPTIONS) {
      return; // a CORS preflight carries no credentials; the request it announces does
    }
    String header = ctx.header("Authorization");
    byte[] given =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8)
            : null;
    boolean ok = false;
    if (given != null) {
      for (byte[] key : keys) {
        ok |= MessageDigest.isEqual(key, given); // constant time, every key compared
      }
    }
    if (!ok) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiException(
          401,
          "unauthorized",
          given == null
              ? "this route needs an API key: Authorization: Bearer <key>"
              : "the API key is not valid");
    }
  }

  // ---- operations -----------------------------------------------------------------------------

  private void health(Context ctx) {
    ObjectNode body = ApiJson.object();
    boolean ok = true;
    // A bounded check first: while the database is down the answer comes at once, not after the
    // pool's wait for a connection.
    if (!hookline.store().ping()) {
      ok = false;
      LOG.warn("health check: the store is unreachable");
      body.put("store", "unreachable");
    } else {
      try {
        QueueDepth depth = hookline.store().queueDepth();
        body.put("store", "ok");
        body.put("queue_depth", depth.open());
      } catch (RuntimeException e) {
        ok = false;
        LOG.warn("health check: the store is unreachable", e);
        body.put("store", "unreachable");
      }
    }
    boolean running = hookline.isRunning();
    ok &= running;
    body.put("dispatcher", running ? "running" : "stopped");
    body.put("version", Hookline.VERSION);
    body.put("status", ok ? "ok" : "unavailable");
    json(ctx, ok ? 200 : 503, body);
  }

  private void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(server.meters().scrape());
  }

  private void openApi(Context ctx) throws IOException {
    try (InputStream in = HttpApi.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      ctx.contentType(JSON).result(in.readAllBytes());
    }
  }

  // ---- events ---------------------------------------------------------------------------------

  private void postEvents(Context ctx) {
    byte[] body = ctx.bodyAsBytes();
    String type = Optional.ofNullable(ctx.contentType()).orElse(JSON).toLowerCase(Locale.ROOT);
    List<Event> events = new ArrayList<>();
    if (type.startsWith(CLOUDEVENTS_JSON)) {
      events.add(Event.fromCloudEvent(body));
    } else {
      JsonNode node = ApiJson.parse(body);
      boolean cloud = type.startsWith(CLOUDEVENTS_BATCH_JSON);
      if (node.isArray()) {
        if (node.isEmpty()) {
          throw ApiException.badRequest("invalid_event", "the array holds no events");
        }
        for (int i = 0; i < node.size(); i++) {
          try {
            events.add(event(node.get(i), cloud));
          } catch (InvalidEventException | ApiException e) {
            throw ApiException.badRequest("invalid_event", "events[" + i + "]: " + e.getMessage());
          }
        }
      } else {
        events.add(event(node, cloud));
      }
    }
    StoreOutage.posting(ctx, events.stream().map(Event::id).toList());
    List<PublishResult> results = server.acceptAll(events, false);
    // Stored: a store failure after this point (none is expected) is not about these events.
    StoreOutage.posted(ctx);
    ObjectNode out = ApiJson.object();
    ArrayNode ids = out.putArray("ids");
    int deliveries = 0;
    boolean anyNew = false;
    for (PublishResult r : results) {
      ids.add(r.eventId());
      deliveries += r.deliveries().size();
      anyNew |= r.created();
    }
    out.put("deliveries", deliveries);
    json(ctx, anyNew ? 202 : 200, out);
  }

  private static Event event(JsonNode node, boolean cloud) {
    if (!node.isObject()) {
      throw ApiException.badRequest("invalid_event", "an event is a JSON object");
    }
    byte[] json = node.toString().getBytes(StandardCharsets.UTF_8);
    return cloud || node.has("specversion") ? Event.fromCloudEvent(json) : Event.fromJson(json);
  }

  private void listEvents(Context ctx) {
    EventQuery q = EventQuery.all().limit(limit(ctx));
    String type = ctx.queryParam("type");
    if (type != null && !type.isBlank()) {
      q = q.type(type);
    }
    Optional<Instant> since = time(ctx, "since");
    if (since.isPresent()) {
      q = q.since(since.get());
    }
    Optional<Instant> until = time(ctx, "until");
    if (until.isPresent()) {
      q = q.until(until.get());
    }
    Optional<String> cursor = cursor(ctx);
    if (cursor.isPresent()) {
      q = checkCursor(cursor.get(), q::after);
    }
    json(ctx, 200, ApiJson.page(hookline.events(q), ApiJson::storedEvent));
  }

  private void getEvent(Context ctx) {
    String id = ctx.pathParam("id");
    StoredEvent stored = hookline.event(id).orElseThrow(() -> ApiException.notFound("event", id));
    ObjectNode out = ApiJson.object();
    out.set("event", ApiJson.event(stored.event()));
    out.put("accepted_at", stored.acceptedAt().toString());
    ArrayNode deliveries = out.putArray("deliveries");
    hookline
        .deliveries(DeliveryQuery.all().event(id).limit(DeliveryQuery.MAX_LIMIT))
        .items()
        .forEach(d -> deliveries.add(ApiJson.delivery(d)));
    out.set("skipped", ApiJson.skips(stored.skips()));
    json(ctx, 200, out);
  }

  // ---- endpoints ------------------------------------------------------------------------------

  private void listEndpoints(Context ctx) {
    json(ctx, 200, ApiJson.list(server.endpoints().list(), HttpApi::shown));
  }

  private void createEndpoint(Context ctx) {
    Endpoint e = server.endpoints().create(ApiJson.parse(ctx.bodyAsBytes()));
    ctx.header("Location", "/api/endpoints/" + e.id());
    json(ctx, 201, EndpointJson.write(e));
  }

  private void registerWebhook(Context ctx) {
    JsonNode body = ApiJson.parse(ctx.bodyAsBytes());
    if (!(body instanceof ObjectNode registration)) {
      throw ApiException.badRequest(
          "invalid_endpoint", "a webhook registration is a JSON object {url, events, ...}");
    }
    String id = "wh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    Endpoint e = server.endpoints().create(WebhookRegistration.toEndpoint(registration, id, ""));
    ctx.header("Location", "/api/endpoints/" + e.id());
    json(ctx, 201, EndpointJson.write(e));
  }

  private void getEndpoint(Context ctx) {
    json(ctx, 200, shown(endpoint(ctx)));
  }

  /** The endpoint's own signing secret (masked elsewhere), or that it signs with the default. */
  private void endpointSecret(Context ctx) {
    Endpoint e = endpoint(ctx);
    ObjectNode out = ApiJson.object();
    JsonNode signature = EndpointJson.write(e).get("signature");
    if (signature == null) {
      out.put("uses_default", true);
      out.putNull("scheme");
      out.putNull("secret");
    } else {
      out.put("uses_default", false);
      out.set("scheme", signature.get("scheme"));
      out.set("secret", signature.get("secret"));
    }
    json(ctx, 200, out);
  }

  /** An endpoint as GET and list show it: secrets masked. */
  private static ObjectNode shown(Endpoint e) {
    return Redaction.redact(EndpointJson.write(e));
  }

  private void putEndpoint(Context ctx) {
    String id = ctx.pathParam("id");
    boolean existed = server.endpoints().get(id).isPresent();
    Endpoint e = server.endpoints().replace(id, ApiJson.parse(ctx.bodyAsBytes()));
    json(ctx, existed ? 200 : 201, existed ? shown(e) : EndpointJson.write(e));
  }

  private void patchEndpoint(Context ctx) {
    Endpoint e = server.endpoints().patch(ctx.pathParam("id"), ApiJson.parse(ctx.bodyAsBytes()));
    json(ctx, 200, shown(e));
  }

  private void deleteEndpoint(Context ctx) {
    String id = ctx.pathParam("id");
    if (!server.endpoints().delete(id)) {
      throw ApiException.notFound("endpoint", id);
    }
    ctx.status(204);
  }

  /** Sends a {@code hookline.test} event to this endpoint alone, whatever it subscribes to. */
  private void testEndpoint(Context ctx) {
    Endpoint e = endpoint(ctx);
    Event test =
        Event.builder("hookline.test")
            .source("hookline")
            .put("message", "Test event from Hookline to endpoint " + e.id())
            .put("endpoint_id", e.id())
            .build();
    PublishResult r = hookline.publishTo(test, e.id());
    ObjectNode out = ApiJson.object();
    out.put("event_id", r.eventId());
    out.put("delivery_id", r.deliveries().isEmpty() ? null : r.deliveries().get(0).id());
    json(ctx, 202, out);
  }

  private void endpointStats(Context ctx) {
    Endpoint e = endpoint(ctx);
    json(ctx, 200, ApiJson.stats(hookline.stats(e.id()), hookline.circuitState(e.id())));
  }

  private void replay(Context ctx) {
    String id = ctx.pathParam("id");
    if (server.endpoints().get(id).isEmpty()) {
      throw ApiException.notFound("endpoint", id);
    }
    byte[] raw = ctx.bodyAsBytes();
    JsonNode body = raw.length == 0 ? ApiJson.object() : ApiJson.parse(raw);
    DeliveryStatus status = status(text(body, "status").orElse("dead"));
    if (status == DeliveryStatus.IN_FLIGHT) {
      throw ApiException.badRequest("invalid_status", "in_flight deliveries cannot be replayed");
    }
    Optional<Instant> since = text(body, "since").map(v -> instantOrAgo(v, "since"));
    Optional<Instant> until = text(body, "until").map(v -> instantOrAgo(v, "until"));
    int n = hookline.replay(id, status, since, until);
    json(ctx, 202, ApiJson.object().put("replayed", n).put("status", status.wireName()));
  }

  private Endpoint endpoint(Context ctx) {
    String id = ctx.pathParam("id");
    return server.endpoints().get(id).orElseThrow(() -> ApiException.notFound("endpoint", id));
  }

  // ---- deliveries -----------------------------------------------------------------------------

  private void listDeliveries(Context ctx) {
    DeliveryQuery q = DeliveryQuery.all().limit(limit(ctx));
    String endpoint = ctx.queryParam("endpoint");
    if (endpoint != null && !endpoint.isBlank()) {
      q = q.endpoint(endpoint);
    }
    String status = ctx.queryParam("status");
    if (status != null && !status.isBlank()) {
      q = q.status(status(status));
    }
    String type = ctx.queryParam("type");
    if (type != null && !type.isBlank()) {
      q = q.type(type);
    }
    String event = ctx.queryParam("event");
    if (event != null && !event.isBlank()) {
      q = q.event(event);
    }
    Optional<Instant> since = time(ctx, "since");
    if (since.isPresent()) {
      q = q.since(since.get());
    }
    Optional<Instant> until = time(ctx, "until");
    if (until.isPresent()) {
      q = q.until(until.get());
    }
    Optional<String> cursor = cursor(ctx);
    if (cursor.isPresent()) {
      q = checkCursor(cursor.get(), q::after);
    }
    json(ctx, 200, ApiJson.page(hookline.deliveries(q), ApiJson::delivery));
  }

  private void getDelivery(Context ctx) {
    String id = ctx.pathParam("id");
    Delivery d = hookline.delivery(id).orElseThrow(() -> ApiException.notFound("delivery", id));
    ObjectNode out = ApiJson.delivery(d);
    ArrayNode log = out.putArray("attempt_log");
    hookline.attempts(id).forEach(a -> log.add(ApiJson.attempt(a)));
    json(ctx, 200, out);
  }

  private void retry(Context ctx) {
    String id = ctx.pathParam("id");
    Delivery d = hookline.delivery(id).orElseThrow(() -> ApiException.notFound("delivery", id));
    if (d.status() == DeliveryStatus.IN_FLIGHT) {
      throw new ApiException(
          409, "conflict", "delivery " + id + " is in flight; retry it once the attempt ends");
    }
    Delivery queued = hookline.retry(id).orElseThrow(() -> ApiException.notFound("delivery", id));
    json(ctx, 202, ApiJson.delivery(queued));
  }

  // ---- stats ----------------------------------------------------------------------------------

  static final Duration MAX_STATS_WINDOW = Duration.ofDays(30);

  /**
   * {@code GET /api/stats?window=1h&bucket=1m}: every endpoint's attempts per bucket, aligned to
   * multiples of the bucket so that successive polls line up; the last bucket is the current one.
   */
  private void trafficStats(Context ctx) {
    Duration window = duration(ctx, "window", Duration.ofHours(1));
    Duration bucket = duration(ctx, "bucket", Duration.ofMinutes(1));
    if (bucket.compareTo(Duration.ofSeconds(1)) < 0
        || window.compareTo(bucket) < 0
        || window.compareTo(MAX_STATS_WINDOW) > 0
        || window.toMillis() % bucket.toMillis() != 0
        || window.toMillis() / bucket.toMillis() > Store.MAX_BUCKETS) {
      throw ApiException.badRequest(
          "invalid_query",
          "window must be a whole number of buckets, at most "
              + Store.MAX_BUCKETS
              + " and at most 30d, and bucket at least 1s: window="
              + Durations.format(window)
              + ", bucket="
              + Durations.format(bucket));
    }
    Instant now = server.clock().instant();
    long width = bucket.toMillis();
    Instant until = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), width) * width + width);
    AttemptStats s = hookline.store().attemptStats(until.minus(window), until, bucket);
    QueueDepth depth = hookline.store().queueDepth();
    ObjectNode out = ApiJson.object();
    out.put("window", Durations.format(window));
    out.put("bucket", Durations.format(bucket));
    out.put("from", s.from().toString());
    out.put("until", s.until().toString());
    out.put("now", now.toString());
    out.put("total", s.total());
    out.put("succeeded", s.succeeded());
    out.put("failed", s.failed());
    out.put("success_rate", s.successRate());
    out.put("avg_response_time_ms", s.avgResponseTimeMs());
    out.put("p95_response_time_ms", s.p95ResponseTimeMs());
    out.put("queue_depth", depth.open());
    if (depth.oldestCreatedAt().isPresent()) {
      Instant oldest = depth.oldestCreatedAt().get();
      out.put("oldest_pending_at", oldest.toString());
      out.put(
          "oldest_pending_age_seconds",
          Math.max(0, Duration.between(oldest, now).toMillis()) / 1e3);
    } else {
      out.putNull("oldest_pending_at");
      out.putNull("oldest_pending_age_seconds");
    }
    ArrayNode buckets = out.putArray("buckets");
    for (AttemptStats.Bucket b : s.buckets()) {
      buckets
          .addObject()
          .put("start", b.start().toString())
          .put("succeeded", b.succeeded())
          .put("failed", b.failed())
          .put("avg_response_time_ms", b.avgResponseTimeMs());
    }
    json(ctx, 200, out);
  }

  private static Duration duration(Context ctx, String param, Duration fallback) {
    String raw = ctx.queryParam(param);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      return Durations.parse(raw.trim());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "invalid_query", param + " '" + raw + "' is not a duration (30s, 5m, 1h, 1d)");
    }
  }

  // ---- workflows ------------------------------------------------------------------------------

  /** Inline definition, or {@code {"name", "config_path"}} relative to the working directory. */
  private void registerWorkflow(Context ctx) {
    Workflow w;
    try {
      w = server.workflows().register(ApiJson.parse(ctx.bodyAsBytes()), server.workflowDir());
    } catch (WorkflowException e) {
      throw ApiException.badRequest("invalid_workflow", e.getMessage());
    }
    ctx.header("Location", "/api/workflows/" + w.name());
    json(ctx, 201, workflowJson(w));
  }

  private void listWorkflows(Context ctx) {
    json(ctx, 200, ApiJson.list(server.workflows().list(), HttpApi::workflowJson));
  }

  private void getWorkflow(Context ctx) {
    json(ctx, 200, workflowJson(workflow(ctx)));
  }

  /** Runs a workflow with {@code {"inputs": {...}}}, like {@code POST /webhooks/generic}. */
  private void runWorkflow(Context ctx) {
    Workflow w = workflow(ctx);
    byte[] raw = ctx.bodyAsBytes();
    JsonNode body = raw.length == 0 ? ApiJson.object() : ApiJson.parse(raw);
    JsonNode inputs = body.path("inputs");
    if (!inputs.isMissingNode() && !inputs.isObject()) {
      throw ApiException.badRequest("invalid_inputs", "inputs is a JSON object");
    }
    java.util.Map<String, Object> given =
        inputs.isObject()
            ? ApiJson.MAPPER.convertValue(
                inputs, new com.fasterxml.jackson.core.type.TypeReference<>() {})
            : java.util.Map.of();
    WorkflowTrigger.Started started;
    try {
      started = server.workflows().start(w.name(), given, Optional.empty()).orElseThrow();
    } catch (WorkflowTrigger.InvalidInputsException e) {
      throw ApiException.badRequest("invalid_inputs", e.getMessage());
    }
    boolean running = started.status().equals("running");
    ObjectNode out = ApiJson.object();
    out.put("workflow", w.name());
    out.put("run_id", started.runId());
    out.put("status", started.status());
    started.output().ifPresent(o -> out.set("output", ApiJson.MAPPER.valueToTree(o)));
    started.error().ifPresent(e -> out.put("error", e));
    json(ctx, running ? 202 : 200, out);
  }

  private void workflowRuns(Context ctx) {
    Workflow w = workflow(ctx);
    Optional<String> cursor = cursor(ctx);
    int limit = limit(ctx);
    var page =
        cursor.isEmpty()
            ? server.workflows().runs(w.name(), limit, Optional.empty())
            : checkCursor(
                cursor.get(), c -> server.workflows().runs(w.name(), limit, Optional.of(c)));
    json(ctx, 200, ApiJson.page(page, r -> runJson(r.document())));
  }

  private void getRun(Context ctx) {
    String id = ctx.pathParam("id");
    var run = server.workflows().run(id).orElseThrow(() -> ApiException.notFound("run", id));
    json(ctx, 200, runJson(run.document()));
  }

  private Workflow workflow(Context ctx) {
    String name = ctx.pathParam("name");
    return server
        .workflows()
        .get(name)
        .orElseThrow(
            () ->
                new ApiException(
                    404,
                    "unknown_workflow",
                    "no workflow named '" + name + "'; workflows: " + server.workflows().names()));
  }

  private static JsonNode workflowJson(Workflow w) {
    ObjectNode n = ApiJson.object();
    n.put("name", w.name());
    n.put("description", w.description());
    n.set("definition", Redaction.redactWorkflow(w.definition()));
    return n;
  }

  private static JsonNode runJson(String document) {
    try {
      return ApiJson.MAPPER.readTree(document);
    } catch (IOException e) {
      throw new IllegalStateException("a stored run is not JSON", e);
    }
  }

  // ---- inbound --------------------------------------------------------------------------------

  /** {@code POST /webhooks/{source}}: verified by the source's scheme, not by API keys. */
  private void inbound(Context ctx) {
    InboundResponse r =
        server
            .inbound()
            .receive(
                ctx.pathParam("source"),
                InboundRequest.post(URI.create(ctx.fullUrl()), ctx.headerMap(), ctx.bodyAsBytes()));
    if (r.status() == 503) {
      ctx.header("Retry-After", Integer.toString(StoreOutage.RETRY_AFTER_SECONDS));
    }
    ctx.status(r.status()).contentType(r.contentType()).result(r.body());
  }

  /** {@code GET /api/inbound}: recent inbound requests and what became of them, newest first. */
  private void inboundLog(Context ctx) {
    json(
        ctx,
        200,
        ApiJson.list(server.inbound().recent(limit(ctx)), ApiJson::inbound)
            .put("unknown_source_requests", server.inbound().unknownSourceRequests()));
  }

  // ---- helpers --------------------------------------------------------------------------------

  private void before(Handler h) {
    if (routes != null) {
      routes.before(h);
    }
  }

  private void before(String path, Handler h) {
    if (routes != null) {
      routes.before(path, h);
    }
  }

  private void route(String method, String path, Handler h) {
    table.add(new Route(method, path));
    if (routes == null) {
      return;
    }
    switch (method) {
      case "get" -> routes.get(path, h);
      case "post" -> routes.post(path, h);
      case "put" -> routes.put(path, h);
      case "patch" -> routes.patch(path, h);
      case "delete" -> routes.delete(path, h);
      default -> throw new IllegalArgumentException(method);
    }
  }

  static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType(JSON).result(body.toString());
  }

  static void error(Context ctx, int status, String code, String message) {
    ctx.status(status).contentType(JSON).result(ApiJson.error(code, message));
  }

  private static int limit(Context ctx) {
    String raw = ctx.queryParam("limit");
    if (raw == null || raw.isBlank()) {
      return DeliveryQuery.DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(raw.trim());
      if (n < 1 || n > DeliveryQuery.MAX_LIMIT) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "invalid_query", "limit must be between 1 and " + DeliveryQuery.MAX_LIMIT + ": " + raw);
    }
  }

  private static DeliveryStatus status(String raw) {
    try {
      return DeliveryStatus.fromName(raw.trim());
    } catch (RuntimeException e) {
      throw ApiException.badRequest(
          "invalid_status",
          "unknown status '"
              + raw
              + "'; one of "
              + Arrays.stream(DeliveryStatus.values()).map(DeliveryStatus::wireName).toList());
    }
  }

  private Optional<Instant> time(Context ctx, String param) {
    String raw = ctx.queryParam(param);
    return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(instantOrAgo(raw, param));
  }

  /**
   * An ISO-8601 instant, or a duration ({@code 1h}, {@code 30m}) meaning that long ago, within
   * years 0001 to 9999; a 400 {@code invalid_time} naming {@code param} otherwise.
   */
  private Instant instantOrAgo(String raw, String param) {
    String s = raw.trim();
    Instant t;
    try {
      t = Instant.parse(s);
    } catch (DateTimeParseException notInstant) {
      Duration ago;
      try {
        ago = Durations.parse(s);
      } catch (IllegalArgumentException notDuration) {
        throw ApiException.badRequest(
            "invalid_time",
            param
                + " '"
                + raw
                + "' is neither an ISO-8601 time (2026-11-23T12:00:00Z) nor a duration (1h)");
      }
      try {
        t = server.clock().instant().minus(ago);
      } catch (DateTimeException | ArithmeticException outOfRange) {
        t = null;
      }
    }
    if (t == null || t.isBefore(DeliveryQuery.MIN_TIME) || t.isAfter(DeliveryQuery.MAX_TIME)) {
      throw ApiException.badRequest(
          "invalid_time", param + " '" + raw + "' is outside years 0001 to 9999");
    }
    return t;
  }

  private static Optional<String> cursor(Context ctx) {
    String raw = ctx.queryParam("cursor");
    return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.trim());
  }

  /**
   * {@code use.apply(cursor)}, where the store or query refuses a cursor that is not one of its own
   * with an {@link IllegalArgumentException}: a 400 {@code invalid_cursor} naming the parameter.
   */
  private static <T> T checkCursor(String cursor, java.util.function.Function<String, T> use) {
    try {
      return use.apply(cursor);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "invalid_cursor",
          "cursor '"
              + (cursor.length() > 80 ? cursor.substring(0, 80) + "..." : cursor)
              + "' is not a cursor of this listing; pass the next_cursor of the previous page"
              + " unchanged");
    }
  }

  private static Optional<String> text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  private static List<EventPattern> patterns(String raw) {
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    try {
      return Arrays.stream(raw.split(",")).map(String::trim).map(EventPattern::compile).toList();
    } catch (RuntimeException e) {
      throw ApiException.badRequest("invalid_query", "types: " + e.getMessage());
    }
  }
}
