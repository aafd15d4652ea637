package dev.hookline.routing;

import static dev.hookline.routing.EndpointFields.*;
import static dev.hookline.routing.EndpointWriter.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.template.Template;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one JSON shape of an endpoint, shared by {@code hookline.yaml}, the HTTP API and the store
 * (DESIGN §3 and §7): snake_case keys, durations as {@code 500ms}/{@code 5s}/{@code 5m}/{@code
 * 2h}/{@code 1d} (see {@link Durations}).
 *
 * <pre>{@code
 * {"id": "ops", "url": "https://ops.example.com/hooks", "events": ["*"], "method": "POST",
 *  "headers": {"Authorization": "Bearer ..."}, "format": "slack", "slack": {"channel": "#ops"},
 *  "template": {"text": "{prediction}"}, "filters": {"min_severity": "warning"},
 *  "when": "data.confidence > 0.85", "signature": {"scheme": "standard", "secret": "whsec_..."},
 *  "retry_policy": {"max_attempts": 5, "initial_delay": "1s", "backoff_multiplier": 2.0,
 *                   "max_delay": "5m", "jitter": 0.2, "retry_on_status": [408, 429, "5xx"]},
 *  "rate_limit": {"max_requests_per_minute": 60}, "batch": {"max_size": 10, "max_wait": "5s"},
 *  "timeout": "5s", "ordering": "fifo", "enabled": true}
 * }</pre>
 *
 * <h2>Reading</h2>
 *
 * Unknown keys are errors, with the closest known key suggested; a value of the wrong type says
 * what was expected. Every error is an {@link InvalidEndpointException} whose message starts with
 * the full key path ({@code endpoints[2].retry_policy.max_attempt: unknown key; did you mean
 * max_attempts?}) and whose {@link InvalidEndpointException#field()} is that path, so a config
 * loader can find the line. A JSON {@code null} means "not set". Leniencies: {@code events} may be
 * one string; header values may be numbers or booleans (sent as their text); {@code users} may hold
 * numbers; a duration may be a bare number of seconds ({@code timeout: 30}, {@code initial_delay:
 * 0.5}); {@code retry_on_status} may hold {@code "5xx"}-style ranges; {@code regex} content filters
 * may give their pattern as {@code value}; {@code secret} may be a list (rotation).
 *
 * <h2>Writing</h2>
 *
 * {@link #write} gives every setting that {@link #read} reads, so {@code read(write(e))} equals
 * {@code e}. {@code method}, {@code format}, {@code retry_policy} (in its form: explicit {@code
 * schedule}, or exponential {@code initial_delay}/{@code backoff_multiplier}/{@code max_delay}),
 * {@code timeout}, {@code ordering} and {@code enabled} are always written; absent options are left
 * out. Secrets are written as they are: redact before showing the output to anyone who may not see
 * them.
 *
 * <h2>Java predicates</h2>
 *
 * {@link Endpoint.Builder#predicate} adds code, which JSON cannot carry. {@link #write} lists their
 * names under {@code predicates}, read-only, so the output shows that the endpoint has them; {@link
 * #read} refuses a {@code predicates} key, pointing to {@code when} and {@code filters}. Such an
 * endpoint does not round-trip: keep defining it in Java.
 *
 * <p>Stateless and thread-safe.
 */
public final class EndpointJson {

  private EndpointJson() {}

  /**
   * Reads an endpoint from a JSON tree, such as one element of {@code hookline.yaml}'s {@code
   * endpoints} list. Thread-safe.
   *
   * @param node the endpoint object
   * @param path where the node is, for messages ({@code endpoints[2]}); empty for a document of its
   *     own
   * @throws InvalidEndpointException when a key is unknown, a value has the wrong type or breaks
   *     the contract; the message starts with the full key path and {@link
   *     InvalidEndpointException#field()} is that path
   */
  public static Endpoint read(JsonNode node, String path) {
    return read(node, path, DeliveryHeaders.DEFAULT);
  }

  /**
   * Reads an endpoint as {@link #read(JsonNode, String)} does, where the keys its {@code
   * delivery_headers} block leaves out come from {@code inherited} (the server-wide block of {@code
   * hookline.yaml}). An endpoint without the block has no {@link Endpoint#deliveryHeaders()} of its
   * own. Thread-safe.
   *
   * @throws InvalidEndpointException as {@link #read(JsonNode, String)}
   */
  public static Endpoint read(JsonNode node, String path, DeliveryHeaders inherited) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(inherited, "inherited");
    return new EndpointReader(path, inherited).endpoint(node);
  }

  /**
   * Reads a {@code delivery_headers} block ({@code event}, {@code delivery}, {@code attempt},
   * {@code timestamp}: a header name, or {@code ""}/{@code false} for none; {@code user_agent};
   * {@code standard}: true or false) over {@code base}: keys left out or {@code null} keep the
   * base's value. Thread-safe.
   *
   * @param where the block's key path, for messages ({@code delivery_headers})
   * @throws InvalidEndpointException naming the key path when a key is unknown or a value invalid
   */
  public static DeliveryHeaders readDeliveryHeaders(
      JsonNode node, String where, DeliveryHeaders base) {
    ObjectNode o =
        object(node, where, "a map {event, delivery, attempt, timestamp, user_agent, standard}");
    checkKeys(o, where, DELIVERY_HEADER_KEYS);
    DeliveryHeaders d = base;
    for (DeliveryHeaders.Header h : DeliveryHeaders.Header.values()) {
      String at = join(where, h.key());
      Optional<JsonNode> v = optional(o, h.key());
      if (v.isEmpty()) {
        continue;
      }
      JsonNode n = v.get();
      if ((n.isBoolean() && !n.booleanValue()) || (n.isTextual() && n.textValue().isEmpty())) {
        d = d.without(h);
      } else if (n.isTextual()) {
        DeliveryHeaders current = d;
        d = placedDeliveryHeaders(at, () -> current.withName(h, n.textValue().strip()));
      } else {
        throw error(
            at,
            "expected a header name (e.g. X-MegaBot-Event), or \"\" or false for none, got "
                + describe(n));
      }
    }
    Optional<JsonNode> ua = optional(o, "user_agent");
    if (ua.isPresent()) {
      String at = join(where, "user_agent");
      if (!ua.get().isTextual()) {
        throw error(
            at,
            "expected the User-Agent text (e.g. MegaBot-Webhook/1.0), got " + describe(ua.get()));
      }
      DeliveryHeaders current = d;
      d = placedDeliveryHeaders(at, () -> current.withUserAgent(ua.get().textValue()));
    }
    Optional<JsonNode> standard = optional(o, "standard");
    if (standard.isPresent()) {
      d = d.withStandard(bool(standard.get(), join(where, "standard")));
    }
    return d;
  }

  /** Runs a DeliveryHeaders step, putting its error at {@code at}. */
  private static DeliveryHeaders placedDeliveryHeaders(String at, Supplier<DeliveryHeaders> step) {
    try {
      return step.get();
    } catch (InvalidEndpointException e) {
      String message = e.getMessage();
      int colon = message.indexOf(": ");
      if (message.startsWith("delivery_headers.") && colon > 0) {
        message = message.substring(colon + 2);
      } else if (message.startsWith("delivery_headers.")) {
        message = message.substring(message.indexOf(' ') + 1);
      }
      throw error(at, message);
    }
  }

  /**
   * A {@code delivery_headers} block as {@link #readDeliveryHeaders} reads it: every key, names
   * {@code ""} when off, {@code user_agent} only when set. A fresh, mutable node. Thread-safe.
   */
  public static ObjectNode writeDeliveryHeaders(DeliveryHeaders d) {
    ObjectNode o = NODES.objectNode();
    for (DeliveryHeaders.Header h : DeliveryHeaders.Header.values()) {
      o.put(h.key(), d.name(h).orElse(""));
    }
    d.userAgent().ifPresent(ua -> o.put("user_agent", ua));
    o.put("standard", d.standard());
    return o;
  }

  /**
   * Parses an endpoint from a JSON document. Thread-safe.
   *
   * @throws InvalidEndpointException when the JSON is malformed or the endpoint invalid, naming the
   *     key path
   */
  public static Endpoint fromJson(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidEndpointException(
          "", "endpoint JSON is malformed: " + e.getOriginalMessage(), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new InvalidEndpointException("", "endpoint JSON is empty; expected an object");
    }
    return read(tree, "");
  }

  /**
   * The endpoint as a JSON tree (see the class comment for what is written). A fresh, mutable node.
   * Thread-safe.
   */
  public static ObjectNode write(Endpoint e) {
    Objects.requireNonNull(e, "endpoint");
    ObjectNode o = NODES.objectNode();
    o.put("id", e.id());
    e.url().ifPresent(u -> o.put("url", u.toString()));
    ArrayNode events = o.putArray("events");
    e.events().forEach(p -> events.add(p.pattern()));
    o.put("method", e.method());
    if (!e.headers().isEmpty()) {
      ObjectNode h = o.putObject("headers");
      e.headers().forEach(h::put);
    }
    o.put("format", e.format().wireName());
    if (!e.formatOptions().isEmpty()) {
      o.set(e.format().wireName(), MAPPER.valueToTree(e.formatOptions()));
    }
    e.template().ifPresent(t -> o.set("template", writeTemplate(t)));
    if (e.templateMissing() == Template.Missing.EMPTY) {
      o.put("template_missing", "empty");
    }
    if (!e.filters().isEmpty()) {
      o.set("filters", writeFilters(e.filters()));
    }
    e.when().ifPresent(c -> o.put("when", c.expression()));
    if (!e.namedPredicates().isEmpty()) {
      ArrayNode names = o.putArray("predicates");
      e.namedPredicates().forEach(p -> names.add(p.name()));
    }
    e.signature().ifPresent(s -> o.set("signature", writeSignature(s)));
    o.set("retry_policy", writeRetryPolicy(e.retryPolicy()));
    e.rateLimit().ifPresent(r -> o.set("rate_limit", writeRateLimit(r)));
    e.batch()
        .ifPresent(
            b -> {
              ObjectNode bn = o.putObject("batch");
              bn.put("max_size", b.maxSize());
              bn.put("max_wait", Durations.format(b.maxWait()));
            });
    o.put("timeout", Durations.format(e.timeout()));
    o.put("ordering", e.ordering().wireName());
    o.put("enabled", e.enabled());
    if (e.allowPrivateNetwork()) {
      o.put("allow_private_network", true);
    }
    if (e.contentType() != Endpoint.DEFAULT_CONTENT_TYPE) {
      o.put("content_type", e.contentType().wireName());
    }
    e.deliveryHeaders().ifPresent(d -> o.set("delivery_headers", writeDeliveryHeaders(d)));
    e.onFailure()
        .ifPresent(
            f -> {
              ObjectNode fn = o.putObject("on_failure");
              f.endpoint().ifPresent(id -> fn.put("endpoint", id));
              f.eventType().ifPresent(t -> fn.put("event", t));
            });
    return o;
  }

  /** The endpoint as compact JSON text, as {@link #write} shapes it. Thread-safe. */
  public static String toJson(Endpoint e) {
    try {
      return MAPPER.writeValueAsString(write(e));
    } catch (JsonProcessingException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /**
   * The message for an unknown key: a hint when {@code hints} knows the key (another tool's
   * spelling), else the closest of {@code known} when one is near, else the known keys. Shared with
   * the server's config file and workflow readers, so every unknown key is answered alike.
   */
  public static String unknownKey(String key, List<String> known, Map<String, String> hints) {
    return EndpointFields.unknownKey(key, known, hints);
  }
}
