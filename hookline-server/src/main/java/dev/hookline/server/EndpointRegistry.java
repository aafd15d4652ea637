package dev.hookline.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.Hookline;
import dev.hookline.internal.Threads;
import dev.hookline.routing.DeliveryHeaders;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.EndpointJson;
import dev.hookline.routing.Format;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.WebhookSecret;
import dev.hookline.store.Store;
import dev.hookline.store.StoredEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's endpoints: kept in the store (so restarts and every node on a shared store see the
 * same set) and applied to the running {@link Hookline}. Endpoints declared in the config file have
 * origin {@code config} and follow the file: one the file no longer declares is deleted at start.
 * Endpoints created over the API have origin {@code api} and stay until deleted. Other nodes pick
 * up changes within {@link #SYNC_INTERVAL}.
 */
final class EndpointRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EndpointRegistry.class);

  static final Duration SYNC_INTERVAL = Duration.ofSeconds(5);

  private final Hookline hookline;
  private final Store store;
  private final Clock clock;
  private final boolean defaultSignature;
  private final DeliveryHeaders inherited;

  /** Definitions this node applied from the store, by id: what {@link #sync()} compares. */
  private final Map<String, String> applied = new ConcurrentHashMap<>();

  private final Set<String> unreadable = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService syncer = Threads.scheduler("hookline-endpoint-sync");

  EndpointRegistry(
      Hookline hookline,
      Store store,
      Clock clock,
      boolean defaultSignature,
      DeliveryHeaders inherited) {
    this.hookline = hookline;
    this.inherited = inherited;
    this.defaultSignature = defaultSignature;
    this.store = store;
    this.clock = clock;
  }

  /**
   * The endpoints a node starts with, read before deliveries start (a delivery claimed for an
   * endpoint not yet loaded would end dead): the stored ones, less config endpoints the file no
   * longer declares, with the file's own on top.
   */
  static List<Endpoint> initial(Store store, List<Endpoint> configured) {
    Map<String, Endpoint> out = new java.util.LinkedHashMap<>();
    Set<String> declared = new HashSet<>();
    configured.forEach(e -> declared.add(e.id()));
    for (StoredEndpoint s : store.endpoints()) {
      if (s.origin().equals(StoredEndpoint.ORIGIN_CONFIG) && !declared.contains(s.id())) {
        continue;
      }
      try {
        out.put(s.id(), stored(s));
      } catch (Exception e) {
        LOG.warn("stored endpoint {} cannot be used: {}", s.id(), e.getMessage());
      }
    }
    configured.forEach(e -> out.put(e.id(), e));
    return List.copyOf(out.values());
  }

  /**
   * A stored definition as an endpoint. Header values became templates after some definitions were
   * stored: one written before, whose header holds a brace that is not a valid template (a JSON
   * fragment such as {@code {"v":2}}), is read as the literal it was then — its braces escaped —
   * with a warning to save it again, rather than dropping the endpoint and its queued deliveries.
   */
  static Endpoint stored(StoredEndpoint s) throws java.io.IOException {
    com.fasterxml.jackson.databind.JsonNode tree = ApiJson.MAPPER.readTree(s.definition());
    try {
      return EndpointJson.read(tree, s.id());
    } catch (dev.hookline.routing.InvalidEndpointException e) {
      if (!(tree.get("headers") instanceof com.fasterxml.jackson.databind.node.ObjectNode headers)
          || e.problems().stream().noneMatch(p -> p.field().contains("headers."))) {
        throw e;
      }
      com.fasterxml.jackson.databind.node.ObjectNode literal = headers.deepCopy();
      headers
          .properties()
          .forEach(
              h -> {
                if (h.getValue().isTextual()) {
                  literal.put(
                      h.getKey(), h.getValue().textValue().replace("{", "{{").replace("}", "}}"));
                }
              });
      com.fasterxml.jackson.databind.node.ObjectNode fixed =
          ((com.fasterxml.jackson.databind.node.ObjectNode) tree).deepCopy();
      fixed.set("headers", literal);
      Endpoint e2 = EndpointJson.read(fixed, s.id());
      LOG.warn(
          "stored endpoint {}: a header value holds a brace from before header values were"
              + " templates; it is sent literally as before. Save the endpoint again (PUT) to keep"
              + " it so, writing a literal brace as {{ or }}",
          s.id());
      return e2;
    }
  }

  /** Saves the config file's endpoints, drops those it no longer declares, applies the store. */
  synchronized void load(List<Endpoint> configured) {
    Set<String> declared = new HashSet<>();
    for (Endpoint e : configured) {
      hookline.putEndpoint(e); // validates before anything is saved
      declared.add(e.id());
    }
    for (StoredEndpoint s : store.endpoints()) {
      if (s.origin().equals(StoredEndpoint.ORIGIN_CONFIG) && !declared.contains(s.id())) {
        store.deleteEndpoint(s.id());
        LOG.info("endpoint {} removed: the config file no longer declares it", s.id());
      }
    }
    for (Endpoint e : configured) {
      save(e, StoredEndpoint.ORIGIN_CONFIG);
    }
    sync();
    long every = SYNC_INTERVAL.toMillis();
    syncer.scheduleWithFixedDelay(this::syncQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  List<Endpoint> list() {
    return hookline.endpoints();
  }

  Optional<Endpoint> get(String id) {
    return hookline.endpoint(id);
  }

  /** {@code POST /api/endpoints}: a new endpoint; 409 when the id is taken. */
  synchronized Endpoint create(JsonNode body) {
    Endpoint e = withSecret(read(body, Optional.empty()));
    if (hookline.endpoint(e.id()).isPresent()) {
      throw new ApiException(
          409, "conflict", "endpoint '" + e.id() + "' exists; use PUT or PATCH to change it");
    }
    return apply(e);
  }

  /** {@code PUT /api/endpoints/{id}}: the whole definition; creates it when absent. */
  synchronized Endpoint replace(String id, JsonNode body) {
    Optional<Endpoint> current = get(id);
    if (current.isPresent() && body instanceof ObjectNode o) {
      body = Redaction.restore(o, EndpointJson.write(current.get()));
    }
    return apply(withSecret(read(body, Optional.of(id))));
  }

  /**
   * {@code PATCH /api/endpoints/{id}}: the given top-level keys replace the current ones; a key set
   * to null returns to its default.
   */
  synchronized Endpoint patch(String id, JsonNode body) {
    Endpoint current = get(id).orElseThrow(() -> ApiException.notFound("endpoint", id));
    if (!body.isObject()) {
      throw ApiException.badRequest("invalid_endpoint", "a PATCH body is a JSON object");
    }
    ObjectNode stored = EndpointJson.write(current);
    ObjectNode merged = stored.deepCopy();
    Redaction.restore((ObjectNode) body, stored)
        .properties()
        .forEach(
            entry -> {
              if (entry.getValue().isNull()) {
                merged.remove(entry.getKey());
              } else {
                merged.set(entry.getKey(), entry.getValue());
              }
            });
    return apply(withSecret(read(merged, Optional.of(id))));
  }

  /** {@code DELETE /api/endpoints/{id}}. Its deliveries stay queryable. */
  synchronized boolean delete(String id) {
    for (Endpoint other : hookline.endpoints()) {
      if (!other.id().equals(id)
          && other.onFailure().flatMap(f -> f.endpoint()).filter(id::equals).isPresent()) {
        throw new ApiException(
            409,
            "conflict",
            "endpoint '"
                + other.id()
                + "' sends its dead-delivery notices to '"
                + id
                + "' (on_failure.endpoint); change that first");
      }
    }
    boolean known = hookline.removeEndpoint(id).isPresent();
    boolean stored = store.deleteEndpoint(id);
    applied.remove(id);
    return known || stored;
  }

  /**
   * Saves an endpoint Hookline disabled on its own (410 Gone, failing too long), keeping its
   * origin, so a restart or another node does not enable it again. Endpoints not in the store (the
   * demo's) are left alone.
   */
  synchronized void disabled(Endpoint e) {
    for (StoredEndpoint s : store.endpoints()) {
      if (s.id().equals(e.id())) {
        save(e, s.origin());
        return;
      }
    }
  }

  /**
   * Registers an endpoint on this node only, never saved (the demo's, pointing at a receiver that
   * lives as long as the process).
   */
  void putTransient(Endpoint endpoint) {
    hookline.putEndpoint(endpoint);
  }

  /** Applies the store's definitions changed by other nodes. */
  synchronized void sync() {
    Set<String> seen = new HashSet<>();
    for (StoredEndpoint s : store.endpoints()) {
      seen.add(s.id());
      if (s.definition().equals(applied.get(s.id()))) {
        continue;
      }
      try {
        hookline.putEndpoint(stored(s));
        applied.put(s.id(), s.definition());
        unreadable.remove(s.id());
      } catch (Exception e) {
        if (unreadable.add(s.id())) {
          LOG.warn("stored endpoint {} cannot be used: {}", s.id(), e.getMessage());
        }
      }
    }
    for (String id : Set.copyOf(applied.keySet())) {
      if (!seen.contains(id)) {
        hookline.removeEndpoint(id);
        applied.remove(id);
      }
    }
  }

  @Override
  public void close() {
    syncer.shutdownNow();
  }

  private void syncQuietly() {
    try {
      sync();
    } catch (RuntimeException e) {
      LOG.warn("endpoint sync failed: {}", e.getMessage());
    }
  }

  private Endpoint apply(Endpoint e) {
    Optional<String> target = e.onFailure().flatMap(f -> f.endpoint());
    if (target.isPresent() && hookline.endpoint(target.get()).isEmpty()) {
      throw new dev.hookline.routing.InvalidEndpointException(
          "on_failure.endpoint",
          "on_failure.endpoint: '" + target.get() + "' is not an endpoint; create it first");
    }
    Optional<Endpoint> previous = hookline.putEndpoint(e); // validates: 400 before saving
    try {
      save(e, StoredEndpoint.ORIGIN_API);
    } catch (RuntimeException failure) {
      previous.ifPresentOrElse(hookline::putEndpoint, () -> hookline.removeEndpoint(e.id()));
      throw failure;
    }
    return e;
  }

  private void save(Endpoint e, String origin) {
    String definition = EndpointJson.write(e).toString();
    store.saveEndpoint(new StoredEndpoint(e.id(), definition, origin, clock.instant()));
    applied.put(e.id(), definition);
  }

  private Endpoint read(JsonNode body, Optional<String> pathId) {
    if (!body.isObject()) {
      throw ApiException.badRequest("invalid_endpoint", "an endpoint is a JSON object");
    }
    ObjectNode node = ((ObjectNode) body).deepCopy();
    if (pathId.isPresent()) {
      JsonNode id = node.get("id");
      if (id != null && !id.asText().equals(pathId.get())) {
        throw ApiException.badRequest(
            "invalid_endpoint",
            "the body's id '" + id.asText() + "' differs from the URL's '" + pathId.get() + "'");
      }
      node.put("id", pathId.get());
    }
    // A partial delivery_headers block is read over the config file's top-level one.
    return EndpointJson.read(node, "endpoint", inherited);
  }

  /**
   * An endpoint without a signature and no server-wide secret gets its own {@code whsec_} secret,
   * as Svix does: returned once in the response and kept in its definition.
   */
  private Endpoint withSecret(Endpoint e) {
    if (e.signature().isPresent() || defaultSignature || e.format() != Format.RAW) {
      return e; // native formats (Slack, Jira, ...) are signed only when they ask
    }
    return e.toBuilder().signature(SignatureConfig.standard(WebhookSecret.generate())).build();
  }
}
