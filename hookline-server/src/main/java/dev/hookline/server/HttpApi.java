package dev.hookline.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.Hookline;
import dev.hookline.event.InvalidEventException;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.server.config.HooklineConfig.ServerSettings;
import dev.hookline.server.inbound.InboundRequest;
import dev.hookline.server.inbound.InboundResponse;
import dev.hookline.store.QueueDepth;
import dev.hookline.store.StoreException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
  private final QueueGate queue;
  private RoutesConfig routes;

  private HttpApi(HooklineServer server, ServerSettings settings) {
    this.server = server;
    this.hookline = server.hookline();
    this.settings = settings;
    this.keys = settings.apiKeys().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    this.queue =
        new QueueGate(hookline.store(), server.clock(), settings.maxQueueDepth(), server.meters());
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
    before("/api/events", queue::admit);
    before("/webhooks/*", queue::admit);
    before("/api/endpoints/{id}/test", queue::admit);

    route("get", "/health", this::health);
    route("get", "/metrics", this::metrics);
    route("get", "/openapi.json", this::openApi);

    EventRoutes events = new EventRoutes(server);
    EndpointRoutes endpoints = new EndpointRoutes(server);
    DeliveryRoutes deliveries = new DeliveryRoutes(server);
    WorkflowRoutes workflows = new WorkflowRoutes(server);

    route("post", "/api/events", events::postEvents);
    route("get", "/api/events", events::listEvents);
    route("get", "/api/events/{id}", events::getEvent);

    route("get", "/api/endpoints", endpoints::listEndpoints);
    route("post", "/api/endpoints", endpoints::createEndpoint);
    route("get", "/api/endpoints/{id}", endpoints::getEndpoint);
    route("put", "/api/endpoints/{id}", endpoints::putEndpoint);
    route("patch", "/api/endpoints/{id}", endpoints::patchEndpoint);
    route("delete", "/api/endpoints/{id}", endpoints::deleteEndpoint);
    route("get", "/api/endpoints/{id}/secret", endpoints::endpointSecret);
    route("post", "/api/endpoints/{id}/test", endpoints::testEndpoint);
    route("get", "/api/endpoints/{id}/stats", endpoints::endpointStats);
    route("post", "/api/endpoints/{id}/replay", endpoints::replay);

    // Other tools' registration shape (seed 003): an alias of the endpoints, see
    // WebhookRegistration.
    route("get", "/api/webhooks", endpoints::listEndpoints);
    route("post", "/api/webhooks", endpoints::registerWebhook);

    route("get", "/api/deliveries", deliveries::listDeliveries);
    route("get", "/api/deliveries/{id}", deliveries::getDelivery);
    route("post", "/api/deliveries/{id}/retry", deliveries::retry);
    route("get", "/api/stats", deliveries::trafficStats);

    route("post", "/api/workflows", workflows::registerWorkflow);
    route("get", "/api/workflows", workflows::listWorkflows);
    route("get", "/api/workflows/{name}", workflows::getWorkflow);
    route("post", "/api/workflows/{name}/runs", workflows::runWorkflow);
    route("get", "/api/workflows/{name}/runs", workflows::workflowRuns);
    route("get", "/api/runs/{id}", workflows::getRun);

    route("get", "/api/inbound", this::inboundLog);
    route("post", "/webhooks/{source}", this::inbound);

    route(
        "get",
        "/api/stream",
        ctx -> server.stream().serve(ctx, ApiParams.patterns(ctx.queryParam("types"))));
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
        QueueDepth depth = queue.depth();
        body.put("store", "ok");
        body.put("queue_depth", depth.open());
        body.put("oldest_pending_age_seconds", queue.oldestAgeSeconds(depth));
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
        ApiJson.list(server.inbound().recent(ApiParams.limit(ctx)), ApiJson::inbound)
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
}
