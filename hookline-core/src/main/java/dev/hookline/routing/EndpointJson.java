package dev.hookline.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.HooklineException;
import dev.hookline.event.EventPattern;
import dev.hookline.event.Severity;
import dev.hookline.internal.JsonMappers;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.SignatureScheme;
import dev.hookline.template.Template;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
  private static final ObjectMapper MAPPER = JsonMappers.STRICT;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final List<String> KEYS =
      Stream.concat(
              Stream.of(
                  "id",
                  "url",
                  "events",
                  "method",
                  "headers",
                  "format",
                  "template",
                  "template_missing",
                  "filters",
                  "when",
                  "predicates",
                  "signature",
                  "retry_policy",
                  "rate_limit",
                  "batch",
                  "timeout",
                  "ordering",
                  "enabled",
                  "allow_private_network",
                  "content_type",
                  "delivery_headers",
                  "on_failure"),
              Arrays.stream(Format.values()).filter(f -> f != Format.RAW).map(Format::wireName))
          .toList();

  private static final List<String> FILTER_KEYS =
      List.of("platforms", "users", "min_severity", "content_filters", "time_window");
  private static final List<String> CONTENT_FILTER_KEYS =
      List.of("type", "field", "value", "pattern");
  private static final List<String> TIME_WINDOW_KEYS =
      List.of("start_hour", "end_hour", "timezone", "days");
  private static final List<String> SIGNATURE_KEYS =
      List.of("scheme", "secret", "header", "prefix", "tolerance");
  private static final List<String> RETRY_KEYS =
      List.of(
          "max_attempts",
          "initial_delay",
          "backoff_multiplier",
          "max_delay",
          "schedule",
          "retry_on_status",
          "jitter");
  private static final List<String> RATE_LIMIT_KEYS =
      List.of("max_requests_per_minute", "max_requests_per_hour");
  private static final List<String> BATCH_KEYS = List.of("max_size", "max_wait");
  private static final List<String> DELIVERY_HEADER_KEYS =
      List.of("event", "delivery", "attempt", "timestamp", "user_agent", "standard");
  private static final List<String> ON_FAILURE_KEYS = List.of("endpoint", "event");

  /**
   * Keys other webhook tools (and the seeds) use, with what to write instead. Looked up before the
   * spelling suggestion, because these are not misspellings.
   */
  private static final Map<String, String> HINTS =
      Map.ofEntries(
          Map.entry("secret", "use signature: {scheme: standard, secret: ...}"),
          Map.entry("secret_key", "use signature: {scheme: standard, secret: ...}"),
          Map.entry("signing_secret", "use signature: {scheme: hex, secret: ...}"),
          Map.entry("sign_payload", "every request is signed; choose how with signature"),
          Map.entry("payload_template", "use template"),
          Map.entry("event_type", "use events: [...]"),
          Map.entry("event_types", "use events"),
          Map.entry("condition", "use when: <a CEL expression>, e.g. data.confidence > 0.85"),
          Map.entry("filter", "use filters (declarative) or when (a CEL expression)"),
          Map.entry("timeout_seconds", "use timeout: 30s (on the endpoint)"),
          Map.entry("retry_count", "use retry_policy: {max_attempts: <retries + 1>}"),
          Map.entry(
              "max_retries", "use max_attempts, which counts the first attempt (retries + 1)"),
          Map.entry("verify_ssl", "TLS certificates are always verified; remove it"),
          Map.entry("strategy", "rate limits are always sliding windows; remove it"),
          Map.entry("batch_size", "use batch: {max_size: 10, max_wait: 5s}"),
          Map.entry("batch_timeout_seconds", "use batch: {max_size: 10, max_wait: 5s}"),
          Map.entry("webhook_url", "use url"),
          Map.entry("name", "use id"),
          Map.entry("active", "use enabled"));

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
    return new Reader(path, inherited).endpoint(node);
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

  // ---------------------------------------------------------------- writing

  private static JsonNode writeTemplate(Template t) {
    if (t.isText()) {
      return NODES.textNode(t.toString());
    }
    try {
      return MAPPER.readTree(t.toString());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree template's source is JSON Jackson wrote
    }
  }

  private static ObjectNode writeFilters(Filters f) {
    ObjectNode o = NODES.objectNode();
    if (!f.platforms().isEmpty()) {
      ArrayNode a = o.putArray("platforms");
      f.platforms().forEach(a::add);
    }
    if (!f.users().isEmpty()) {
      ArrayNode a = o.putArray("users");
      f.users().forEach(a::add);
    }
    f.minSeverity().ifPresent(s -> o.put("min_severity", s.wireName()));
    if (!f.contentFilters().isEmpty()) {
      ArrayNode a = o.putArray("content_filters");
      for (ContentFilter c : f.contentFilters()) {
        ObjectNode cn = a.addObject();
        cn.put("type", c.type().wireName());
        cn.put("field", c.field());
        cn.set(c.type() == ContentFilter.Type.REGEX ? "pattern" : "value", toNode(c.value()));
      }
    }
    f.timeWindow()
        .ifPresent(
            w -> {
              ObjectNode wn = o.putObject("time_window");
              wn.put("start_hour", w.startHour());
              wn.put("end_hour", w.endHour());
              wn.put(
                  "timezone", w.timezone().equals(ZoneOffset.UTC) ? "UTC" : w.timezone().getId());
              if (!w.days().isEmpty()) {
                ArrayNode days = wn.putArray("days");
                w.days().forEach(d -> days.add(d.name().toLowerCase(Locale.ROOT)));
              }
            });
    return o;
  }

  private static ObjectNode writeSignature(SignatureConfig s) {
    ObjectNode o = NODES.objectNode();
    o.put("scheme", s.scheme().contractName());
    if (s.secrets().size() == 1) {
      o.put("secret", s.secrets().get(0));
    } else if (!s.secrets().isEmpty()) {
      ArrayNode a = o.putArray("secret");
      s.secrets().forEach(a::add);
    }
    SignatureConfig defaults = SignatureConfig.of(s.scheme(), s.secrets());
    if (!s.header().equals(defaults.header())) {
      o.put("header", s.header());
    }
    if (!s.prefix().equals(defaults.prefix())) {
      o.put("prefix", s.prefix());
    }
    if (!s.tolerance().equals(defaults.tolerance())) {
      o.put("tolerance", Durations.format(s.tolerance()));
    }
    return o;
  }

  private static ObjectNode writeRetryPolicy(RetryPolicy r) {
    ObjectNode o = NODES.objectNode();
    o.put("max_attempts", r.maxAttempts());
    if (!r.schedule().isEmpty()) {
      ArrayNode a = o.putArray("schedule");
      r.schedule().forEach(d -> a.add(Durations.format(d)));
    } else {
      o.put("initial_delay", Durations.format(r.initialDelay()));
      o.put("backoff_multiplier", r.backoffMultiplier());
      o.put("max_delay", Durations.format(r.maxDelay()));
    }
    o.put("jitter", r.jitter());
    ArrayNode statuses = o.putArray("retry_on_status");
    TreeSet<Integer> left = new TreeSet<>(r.retryOnStatus());
    for (int hundred = 300; hundred <= 500; hundred += 100) {
      boolean whole = true;
      for (int s = hundred; s < hundred + 100 && whole; s++) {
        whole = left.contains(s);
      }
      if (whole) {
        left.subSet(hundred, hundred + 100).clear();
        left.add(-hundred); // placeholder, written in order below
      }
    }
    for (int s : left.stream().sorted(Comparator.comparingInt(Math::abs)).toList()) {
      if (s < 0) {
        statuses.add(-s / 100 + "xx");
      } else {
        statuses.add(s);
      }
    }
    return o;
  }

  private static ObjectNode writeRateLimit(RateLimit r) {
    ObjectNode o = NODES.objectNode();
    r.maxRequestsPerMinute().ifPresent(n -> o.put("max_requests_per_minute", n));
    r.maxRequestsPerHour().ifPresent(n -> o.put("max_requests_per_hour", n));
    return o;
  }

  private static JsonNode toNode(Object value) {
    return MAPPER.valueToTree(value);
  }

  // ---------------------------------------------------------------- reading

  /** Reads one endpoint; {@code base} is its path. */
  private static final class Reader {
    private final String base;
    private final DeliveryHeaders inherited;

    Reader(String base, DeliveryHeaders inherited) {
      this.base = base;
      this.inherited = inherited;
    }

    Endpoint endpoint(JsonNode node) {
      ObjectNode o = object(node, base, "an endpoint object {id, url, events, ...}");
      // Every field is checked, and every problem reported together, not only the first.
      List<InvalidEndpointException> problems = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        if (!KEYS.contains(e.getKey())) {
          problems.add(error(join(base, e.getKey()), unknownKey(e.getKey(), KEYS, HINTS)));
        }
      }
      if (present(o, "predicates")) {
        problems.add(
            error(
                at("predicates"),
                "Java predicates cannot be set from configuration (they are listed read-only when"
                    + " an endpoint defined in Java is written out); use when (a CEL expression) or"
                    + " filters"));
      }
      Endpoint.Builder b;
      try {
        String id = requiredText(o, "id", "the endpoint id, e.g. ops");
        b = builder(() -> Endpoint.builder(id));
      } catch (InvalidEndpointException e) {
        problems.add(e);
        b = Endpoint.builder("invalid"); // to check the other fields all the same
      }
      Endpoint.Builder builder = b;
      check(
          problems,
          () -> optional(o, "url").ifPresent(n -> builder(() -> builder.url(text(n, at("url"))))));
      check(problems, () -> events(builder, o));
      check(
          problems,
          () ->
              optional(o, "method")
                  .ifPresent(n -> builder(() -> builder.method(text(n, at("method"))))));
      check(problems, () -> optional(o, "headers").ifPresent(n -> headers(builder, n)));
      check(problems, () -> format(builder, o));
      check(
          problems,
          () -> {
            optional(o, "template").ifPresent(n -> builder.template(template(n, o)));
            Optional<JsonNode> missing = optional(o, "template_missing");
            if (missing.isPresent()) {
              if (optional(o, "template").isEmpty() && optional(o, "headers").isEmpty()) {
                throw error(
                    at("template_missing"),
                    "applies to a template or header values; this endpoint has neither");
              }
              builder.templateMissing(templateMissing(missing.get(), at("template_missing")));
            }
          });
      check(
          problems,
          () -> optional(o, "filters").ifPresent(n -> builder.filters(filters(n, at("filters")))));
      check(
          problems,
          () ->
              optional(o, "when")
                  .ifPresent(
                      n -> {
                        String expr = text(n, at("when"));
                        try {
                          builder.when(Condition.cel(expr));
                        } catch (InvalidConditionException e) {
                          throw error(at("when"), e.getMessage());
                        }
                      }));
      check(
          problems,
          () ->
              optional(o, "signature")
                  .ifPresent(n -> builder.signature(signature(n, at("signature")))));
      check(
          problems,
          () ->
              optional(o, "retry_policy")
                  .ifPresent(n -> builder.retryPolicy(retryPolicy(n, at("retry_policy")))));
      check(
          problems,
          () ->
              optional(o, "rate_limit")
                  .ifPresent(n -> builder.rateLimit(rateLimit(n, at("rate_limit")))));
      check(
          problems,
          () -> optional(o, "batch").ifPresent(n -> builder.batch(batch(n, at("batch")))));
      check(
          problems,
          () ->
              optional(o, "timeout")
                  .ifPresent(n -> builder(() -> builder.timeout(duration(n, at("timeout"))))));
      check(
          problems,
          () ->
              optional(o, "ordering")
                  .ifPresent(
                      n -> {
                        String s = text(n, at("ordering"));
                        builder.ordering(
                            Ordering.fromName(s)
                                .orElseThrow(
                                    () ->
                                        error(
                                            at("ordering"),
                                            "'"
                                                + s
                                                + "' is not an ordering; use parallel or fifo")));
                      }));
      check(
          problems,
          () -> optional(o, "enabled").ifPresent(n -> builder.enabled(bool(n, at("enabled")))));
      check(
          problems,
          () ->
              optional(o, "allow_private_network")
                  .ifPresent(
                      n -> builder.allowPrivateNetwork(bool(n, at("allow_private_network")))));
      check(problems, () -> optional(o, "content_type").ifPresent(n -> contentType(builder, n)));
      check(
          problems,
          () ->
              optional(o, "delivery_headers")
                  .ifPresent(
                      n ->
                          builder.deliveryHeaders(
                              readDeliveryHeaders(n, at("delivery_headers"), inherited))));
      check(
          problems,
          () ->
              optional(o, "on_failure")
                  .ifPresent(n -> builder.onFailure(onFailure(n, at("on_failure")))));
      if (!problems.isEmpty()) {
        throw InvalidEndpointException.all(problems);
      }
      return builder(builder::build); // combinations, once every field is valid
    }

    private void contentType(Endpoint.Builder b, JsonNode n) {
      String s = text(n, at("content_type"));
      b.contentType(
          ContentType.fromName(s.strip())
              .orElseThrow(
                  () ->
                      error(
                          at("content_type"),
                          "'" + s + "' is not a content type; use json, form or text")));
    }

    private void events(Endpoint.Builder b, ObjectNode o) {
      if (!present(o, "events")) {
        throw error(
            at("events"),
            "is missing; add events: [\"*\"] to receive every event, or list the types"
                + " (prediction, github.*)");
      }
      List<String> events = strings(o.get("events"), at("events"), "event type patterns", true);
      for (int i = 0; i < events.size(); i++) {
        String p = events.get(i);
        String where = at("events") + "[" + i + "]";
        try {
          EventPattern.compile(p);
        } catch (HooklineException e) {
          throw error(where, e.getMessage());
        }
      }
      builder(() -> b.events(events));
    }

    private static void check(List<InvalidEndpointException> problems, Runnable step) {
      try {
        step.run();
      } catch (InvalidEndpointException e) {
        problems.addAll(e.problems());
      }
    }

    private String at(String key) {
      return join(base, key);
    }

    /** Runs a builder step, moving its error (about a field relative to the endpoint) to here. */
    private <T> T builder(Supplier<T> step) {
      try {
        return step.get();
      } catch (InvalidEndpointException e) {
        if (e.field().startsWith(base) && e.getMessage().startsWith(e.field() + ": ")) {
          throw e; // one of ours, already placed
        }
        String where = e.field().isEmpty() ? base : join(base, e.field());
        throw new InvalidEndpointException(where, prefix(where) + e.getMessage(), e);
      }
    }

    private void headers(Endpoint.Builder b, JsonNode n) {
      ObjectNode h = object(n, at("headers"), "an object of header names and values");
      Map<String, String> headers = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : h.properties()) {
        String where = at("headers") + "." + e.getKey();
        JsonNode v = e.getValue();
        if (!v.isValueNode() || v.isNull()) {
          throw error(where, "expected a header value (a string), got " + describe(v));
        }
        headers.put(e.getKey(), v.asText());
      }
      builder(() -> b.headers(headers));
    }

    private void format(Endpoint.Builder b, ObjectNode o) {
      Format format = Format.RAW;
      Optional<JsonNode> given = optional(o, "format");
      if (given.isPresent()) {
        String name = text(given.get(), at("format"));
        format =
            Format.fromName(name)
                .orElseThrow(
                    () ->
                        error(
                            at("format"),
                            "'"
                                + name
                                + "' is not a format; use one of "
                                + Arrays.stream(Format.values())
                                    .map(Format::wireName)
                                    .collect(Collectors.joining(", "))));
      }
      for (Format f : Format.values()) {
        if (f != format && f != Format.RAW && present(o, f.wireName())) {
          throw error(
              at(f.wireName()),
              "options of format "
                  + f.wireName()
                  + ", but the format is "
                  + format.wireName()
                  + "; add format: "
                  + f.wireName()
                  + " or remove them");
        }
      }
      Format chosen = format;
      builder(() -> b.format(chosen));
      if (format == Format.RAW) {
        return;
      }
      Optional<JsonNode> options = optional(o, format.wireName());
      if (options.isEmpty()) {
        builder(b::build); // reports a missing required option at its key
        return;
      }
      String where = at(format.wireName());
      ObjectNode opts =
          object(options.get(), where, "an object of " + format.wireName() + " options");
      checkKeys(opts, where, List.copyOf(new TreeSet<>(format.optionKeys())));
      Map<String, Object> values = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : opts.properties()) {
        if (!e.getValue().isNull()) {
          values.put(e.getKey(), MAPPER.convertValue(e.getValue(), Object.class));
        }
      }
      builder(() -> b.formatOptions(values));
    }

    private Template template(JsonNode n, ObjectNode endpoint) {
      String where = at("template");
      Template.Missing missing =
          optional(endpoint, "template_missing")
              .map(m -> templateMissing(m, at("template_missing")))
              .orElse(Template.Missing.ERROR);
      try {
        if (n.isTextual()) {
          return Template.text(n.textValue()).onMissing(missing);
        }
        if (n.isObject() || n.isArray()) {
          return Template.of(n).onMissing(missing);
        }
      } catch (HooklineException e) {
        throw error(where, e.getMessage());
      }
      throw error(
          where,
          "expected a template: an object or list (the body, with {path} placeholders) or a"
              + " string, got "
              + describe(n));
    }

    private Template.Missing templateMissing(JsonNode n, String where) {
      String value = n.isTextual() ? n.textValue().trim().toLowerCase(Locale.ROOT) : "";
      return switch (value) {
        case "error" -> Template.Missing.ERROR;
        case "empty" -> Template.Missing.EMPTY;
        default ->
            throw error(
                where,
                "expected error (a placeholder without a value fails the delivery) or empty (it"
                    + " renders empty), got "
                    + describe(n));
      };
    }

    private Filters filters(JsonNode n, String where) {
      ObjectNode o = object(n, where, "an object {platforms, users, min_severity, ...}");
      checkKeys(o, where, FILTER_KEYS);
      Filters.Builder f = Filters.builder();
      optional(o, "platforms")
          .ifPresent(
              p ->
                  builder(
                      () ->
                          f.platforms(
                              strings(p, join(where, "platforms"), "platform names", true))));
      optional(o, "users")
          .ifPresent(u -> builder(() -> f.users(scalars(u, join(where, "users"), "user ids"))));
      optional(o, "min_severity")
          .ifPresent(
              s -> {
                String name = text(s, join(where, "min_severity"));
                try {
                  f.minSeverity(Severity.fromName(name));
                } catch (HooklineException | IllegalArgumentException e) {
                  throw error(
                      join(where, "min_severity"),
                      "'"
                          + name
                          + "' is not a severity; use one of "
                          + Arrays.stream(Severity.values())
                              .map(Severity::wireName)
                              .collect(Collectors.joining(", ")));
                }
              });
      optional(o, "content_filters")
          .ifPresent(
              c -> {
                String cw = join(where, "content_filters");
                if (!c.isArray()) {
                  throw error(
                      cw, "expected a list of {type, field, value|pattern}, got " + describe(c));
                }
                List<ContentFilter> list = new ArrayList<>();
                for (int i = 0; i < c.size(); i++) {
                  list.add(contentFilter(c.get(i), cw + "[" + i + "]"));
                }
                f.contentFilters(list);
              });
      optional(o, "time_window")
          .ifPresent(w -> f.timeWindow(timeWindow(w, join(where, "time_window"))));
      return f.build();
    }

    private ContentFilter contentFilter(JsonNode n, String where) {
      ObjectNode o = object(n, where, "a content filter {type, field, value|pattern}");
      checkKeys(o, where, CONTENT_FILTER_KEYS);
      String typeName = requiredText(o, where, "type", "contains, regex, equals, in, gt or lt");
      ContentFilter.Type type =
          ContentFilter.Type.fromName(typeName)
              .orElseThrow(
                  () ->
                      error(
                          join(where, "type"),
                          "'"
                              + typeName
                              + "' is not a content filter type; use contains, regex, equals, in,"
                              + " gt or lt"));
      String field = requiredText(o, where, "field", "a dotted path such as error.message");
      boolean hasValue = present(o, "value");
      boolean hasPattern = present(o, "pattern");
      String valueKey;
      if (type == ContentFilter.Type.REGEX) {
        if (hasValue && hasPattern) {
          throw error(join(where, "value"), "give the regex as pattern only");
        }
        valueKey = hasValue ? "value" : "pattern";
      } else {
        if (hasPattern) {
          throw error(
              join(where, "pattern"),
              "pattern is for type regex; type " + typeName + " takes value");
        }
        valueKey = "value";
      }
      if (!present(o, valueKey)) {
        throw error(
            join(where, valueKey),
            "is missing; a " + type.wireName() + " content filter needs " + valueKey);
      }
      JsonNode v = o.get(valueKey);
      String vw = join(where, valueKey);
      Object value;
      if (type == ContentFilter.Type.IN) {
        if (!v.isArray()) {
          throw error(vw, "expected a list of values for type in, got " + describe(v));
        }
        value = MAPPER.convertValue(v, List.class);
      } else if (v.isValueNode()) {
        value = MAPPER.convertValue(v, Object.class);
      } else {
        throw error(vw, "expected a string, number or boolean, got " + describe(v));
      }
      try {
        return ContentFilter.of(type, field, value);
      } catch (InvalidEndpointException e) {
        String last = e.field().substring(e.field().lastIndexOf('.') + 1);
        String w = last.equals("field") ? join(where, "field") : vw;
        throw new InvalidEndpointException(w, prefix(w) + e.getMessage(), e);
      }
    }

    private TimeWindow timeWindow(JsonNode n, String where) {
      ObjectNode o = object(n, where, "an object {start_hour, end_hour, timezone, days}");
      checkKeys(o, where, TIME_WINDOW_KEYS);
      int start = requiredInt(o, where, "start_hour", "an hour from 0 to 23");
      int end = requiredInt(o, where, "end_hour", "an hour from 0 to 24");
      ZoneId zone = TimeWindow.DEFAULT_TIMEZONE;
      Optional<JsonNode> tz = optional(o, "timezone");
      if (tz.isPresent()) {
        String name = text(tz.get(), join(where, "timezone"));
        zone = zone(name, join(where, "timezone"));
      }
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      Optional<JsonNode> d = optional(o, "days");
      if (d.isPresent()) {
        List<String> names = strings(d.get(), join(where, "days"), "day names", false);
        for (int i = 0; i < names.size(); i++) {
          days.add(day(names.get(i), join(where, "days") + "[" + i + "]"));
        }
      }
      ZoneId z = zone;
      return builder(() -> new TimeWindow(start, end, z, days));
    }

    private SignatureConfig signature(JsonNode n, String where) {
      ObjectNode o = object(n, where, "an object {scheme, secret, ...}");
      checkKeys(o, where, SIGNATURE_KEYS);
      String name =
          requiredText(o, where, "scheme", "standard, standard-ed25519, github, hex, ...");
      SignatureScheme scheme;
      try {
        scheme = SignatureScheme.fromName(name);
      } catch (IllegalArgumentException e) {
        throw error(join(where, "scheme"), e.getMessage());
      }
      List<String> secrets = List.of();
      Optional<JsonNode> secret = optional(o, "secret");
      if (secret.isPresent()) {
        secrets = strings(secret.get(), join(where, "secret"), "secrets", true);
      } else if (scheme != SignatureScheme.NONE) {
        throw error(join(where, "secret"), "is missing; scheme " + scheme + " needs a secret");
      }
      List<String> s = secrets;
      SignatureConfig config = placed(join(where, "secret"), () -> SignatureConfig.of(scheme, s));
      Optional<String> header = optional(o, "header").map(h -> text(h, join(where, "header")));
      Optional<String> prefix = optional(o, "prefix").map(p -> text(p, join(where, "prefix")));
      if (header.isPresent() || prefix.isPresent()) {
        String w = join(where, header.isPresent() ? "header" : "prefix");
        if (scheme != SignatureScheme.HEX
            && !(header.orElse(config.header()).equalsIgnoreCase(config.header())
                && prefix.orElse(config.prefix()).equals(config.prefix()))) {
          throw error(
              w,
              "scheme " + scheme + " has a fixed header and prefix; they are configurable for hex");
        }
        SignatureConfig base = config;
        config =
            placed(
                w,
                () ->
                    new SignatureConfig(
                        scheme,
                        s,
                        header.orElse(base.header()),
                        prefix.orElse(base.prefix()),
                        base.tolerance()));
      }
      Optional<JsonNode> tolerance = optional(o, "tolerance");
      if (tolerance.isPresent()) {
        Duration t = duration(tolerance.get(), join(where, "tolerance"));
        SignatureConfig base = config;
        config = placed(join(where, "tolerance"), () -> base.withTolerance(t));
      }
      return config;
    }

    private RetryPolicy retryPolicy(JsonNode n, String where) {
      ObjectNode o = object(n, where, "an object {max_attempts, initial_delay, ...}");
      checkKeys(o, where, RETRY_KEYS);
      RetryPolicy.Builder r = RetryPolicy.builder();
      optional(o, "max_attempts")
          .ifPresent(
              v ->
                  builder(
                      () ->
                          r.maxAttempts(
                              integer(v, join(where, "max_attempts"), "a number of attempts"))));
      optional(o, "schedule")
          .ifPresent(
              v -> {
                String sw = join(where, "schedule");
                if (!v.isArray()) {
                  throw error(
                      sw, "expected a list of delays such as [5s, 5m, 30m], got " + describe(v));
                }
                List<Duration> delays = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                  delays.add(duration(v.get(i), sw + "[" + i + "]"));
                }
                builder(() -> r.schedule(delays));
              });
      optional(o, "initial_delay")
          .ifPresent(v -> builder(() -> r.initialDelay(duration(v, join(where, "initial_delay")))));
      optional(o, "backoff_multiplier")
          .ifPresent(
              v ->
                  builder(
                      () ->
                          r.backoffMultiplier(
                              number(v, join(where, "backoff_multiplier"), "a factor such as 2"))));
      optional(o, "max_delay")
          .ifPresent(v -> builder(() -> r.maxDelay(duration(v, join(where, "max_delay")))));
      optional(o, "jitter")
          .ifPresent(
              v ->
                  builder(
                      () -> r.jitter(number(v, join(where, "jitter"), "a fraction such as 0.2"))));
      optional(o, "retry_on_status")
          .ifPresent(
              v -> builder(() -> r.retryOnStatus(statuses(v, join(where, "retry_on_status")))));
      return builder(r::build);
    }

    private Set<Integer> statuses(JsonNode v, String where) {
      if (!v.isArray()) {
        throw error(
            where,
            "expected a list of HTTP statuses such as [500, 503] or [429, \"5xx\"], got "
                + describe(v));
      }
      Set<Integer> out = new LinkedHashSet<>();
      for (int i = 0; i < v.size(); i++) {
        JsonNode s = v.get(i);
        String w = where + "[" + i + "]";
        if (s.isTextual() && s.textValue().strip().matches("[345][xX][xX]")) {
          int hundred = (s.textValue().strip().charAt(0) - '0') * 100;
          for (int k = hundred; k < hundred + 100; k++) {
            out.add(k);
          }
        } else {
          out.add(integer(s, w, "an HTTP status such as 503, or a range such as \"5xx\""));
        }
      }
      return out;
    }

    private RateLimit rateLimit(JsonNode n, String where) {
      ObjectNode o = object(n, where, "an object {max_requests_per_minute, max_requests_per_hour}");
      checkKeys(o, where, RATE_LIMIT_KEYS);
      OptionalInt perMinute =
          optional(o, "max_requests_per_minute")
              .map(
                  v ->
                      OptionalInt.of(integer(v, join(where, "max_requests_per_minute"), "a count")))
              .orElse(OptionalInt.empty());
      OptionalInt perHour =
          optional(o, "max_requests_per_hour")
              .map(v -> OptionalInt.of(integer(v, join(where, "max_requests_per_hour"), "a count")))
              .orElse(OptionalInt.empty());
      return builder(() -> new RateLimit(perMinute, perHour));
    }

    private OnFailure onFailure(JsonNode n, String where) {
      ObjectNode o =
          object(n, where, "an object {endpoint: <endpoint id>} or {event: <event type>}");
      checkKeys(o, where, ON_FAILURE_KEYS);
      Optional<String> endpoint =
          optional(o, "endpoint").map(v -> text(v, join(where, "endpoint")).strip());
      Optional<String> event = optional(o, "event").map(v -> text(v, join(where, "event")).strip());
      return builder(() -> new OnFailure(endpoint, event));
    }

    private BatchConfig batch(JsonNode n, String where) {
      ObjectNode o = object(n, where, "an object {max_size, max_wait}");
      checkKeys(o, where, BATCH_KEYS);
      int size = requiredInt(o, where, "max_size", "the most events in one request");
      if (!present(o, "max_wait")) {
        throw error(join(where, "max_wait"), "is missing; add e.g. max_wait: 5s");
      }
      Duration wait = duration(o.get("max_wait"), join(where, "max_wait"));
      return builder(() -> new BatchConfig(size, wait));
    }

    // ------------------------------------------------------------ value helpers

    private String requiredText(ObjectNode o, String key, String what) {
      return requiredText(o, base, key, what);
    }

    private String requiredText(ObjectNode o, String where, String key, String what) {
      if (!present(o, key)) {
        throw error(join(where, key), "is missing; give " + what);
      }
      return text(o.get(key), join(where, key));
    }

    private int requiredInt(ObjectNode o, String where, String key, String what) {
      if (!present(o, key)) {
        throw error(join(where, key), "is missing; give " + what);
      }
      return integer(o.get(key), join(where, key), what);
    }
  }

  // ---------------------------------------------------------------- shared helpers

  private static <T> T placed(String where, Supplier<T> step) {
    try {
      return step.get();
    } catch (HooklineException | IllegalArgumentException | DateTimeException e) {
      throw new InvalidEndpointException(where, prefix(where) + e.getMessage(), e);
    }
  }

  private static ObjectNode object(JsonNode n, String where, String what) {
    if (!n.isObject()) {
      throw error(where, "expected " + what + ", got " + describe(n));
    }
    return (ObjectNode) n;
  }

  private static boolean present(ObjectNode o, String key) {
    JsonNode v = o.get(key);
    return v != null && !v.isNull();
  }

  private static Optional<JsonNode> optional(ObjectNode o, String key) {
    JsonNode v = o.get(key);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
  }

  private static String text(JsonNode n, String where) {
    if (!n.isTextual()) {
      throw error(
          where,
          "expected a string, got "
              + describe(n)
              + (n.isNumber() || n.isBoolean() ? "; quote it to make it a string" : ""));
    }
    return n.textValue();
  }

  private static boolean bool(JsonNode n, String where) {
    if (!n.isBoolean()) {
      throw error(where, "expected true or false, got " + describe(n));
    }
    return n.booleanValue();
  }

  private static int integer(JsonNode n, String where, String what) {
    if (n.isIntegralNumber() && n.canConvertToInt()) {
      return n.intValue();
    }
    if (n.isFloatingPointNumber() && n.canConvertToExactIntegral() && n.canConvertToInt()) {
      return n.intValue();
    }
    throw error(where, "expected a whole number (" + what + "), got " + describe(n));
  }

  private static double number(JsonNode n, String where, String what) {
    if (n.isNumber()) {
      return n.doubleValue();
    }
    throw error(where, "expected a number (" + what + "), got " + describe(n));
  }

  static Duration duration(JsonNode n, String where) {
    if (n.isNumber() || n.isTextual()) {
      try {
        return Durations.parse(n.isTextual() ? n.textValue() : n.decimalValue().toPlainString());
      } catch (IllegalArgumentException e) {
        throw error(where, e.getMessage());
      }
    }
    throw error(where, "expected a duration such as 500ms, 5s, 5m, 2h or 1d, got " + describe(n));
  }

  /** A list of strings; one string counts as a list of one when {@code single} allows it. */
  private static List<String> strings(JsonNode n, String where, String what, boolean single) {
    if (single && n.isTextual()) {
      return List.of(n.textValue());
    }
    if (!n.isArray()) {
      throw error(where, "expected a list of " + what + ", got " + describe(n));
    }
    List<String> out = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      if (!e.isTextual()) {
        throw error(where + "[" + i + "]", "expected a string, got " + describe(e));
      }
      out.add(e.textValue());
    }
    return out;
  }

  /** A list of strings or whole numbers (user ids), as text. */
  private static List<String> scalars(JsonNode n, String where, String what) {
    if (n.isTextual() || n.isIntegralNumber()) {
      return List.of(n.asText());
    }
    if (!n.isArray()) {
      throw error(where, "expected a list of " + what + ", got " + describe(n));
    }
    List<String> out = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      if (!e.isTextual() && !e.isIntegralNumber()) {
        throw error(where + "[" + i + "]", "expected a string, got " + describe(e));
      }
      out.add(e.asText());
    }
    return out;
  }

  private static ZoneId zone(String name, String where) {
    String s = name.strip();
    if (s.equalsIgnoreCase("UTC") || s.equals("Z")) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(s);
    } catch (DateTimeException e) {
      throw error(
          where,
          "'" + name + "' is not a time zone; use an IANA name such as Europe/Paris, or UTC");
    }
  }

  private static DayOfWeek day(String name, String where) {
    String s = name.strip().toUpperCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().equals(s) || (s.length() == 3 && d.name().startsWith(s))) {
        return d;
      }
    }
    throw error(where, "'" + name + "' is not a day; use monday ... sunday (or mon ... sun)");
  }

  /** A short description of what a node is, for "expected X, got Y". */
  static String describe(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "nothing (null)";
    }
    if (n.isTextual()) {
      String t = n.textValue();
      return "the string '" + (t.length() > 40 ? t.substring(0, 37) + "..." : t) + "'";
    }
    if (n.isBoolean()) {
      return "the boolean " + n.booleanValue();
    }
    if (n.isNumber()) {
      return "the number " + n.asText();
    }
    if (n.isArray()) {
      return "a list";
    }
    if (n.isObject()) {
      return "an object";
    }
    return n.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /**
   * Throws for the first key of {@code o} not in {@code known}: a hint for keys other tools use, or
   * the closest known key, or the list of known keys.
   */
  static void checkKeys(ObjectNode o, String where, List<String> known) {
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      String key = e.getKey();
      if (!known.contains(key)) {
        throw error(join(where, key), unknownKey(key, known, HINTS));
      }
    }
  }

  /**
   * The message for an unknown key: {@code unknown key; did you mean max_attempts?} when a known
   * key is a likely typo of it, else a hint from {@code hints} (keys other tools use), else the
   * known keys. Shared by every reader of Hookline's config shapes (endpoints, the config file,
   * workflows).
   */
  public static String unknownKey(String key, List<String> known, Map<String, String> hints) {
    String hint = hints.get(key.toLowerCase(Locale.ROOT));
    if (hint != null) {
      return "unknown key; " + hint; // another tool's key: say what ours is, not a near spelling
    }
    Optional<String> close = closest(key, known);
    if (close.isPresent()) {
      return "unknown key; did you mean " + close.get() + "?";
    }
    return "unknown key; known keys are " + String.join(", ", known);
  }

  /** The known key closest to {@code key} in edit distance, if it is close enough to be a typo. */
  static Optional<String> closest(String key, List<String> known) {
    String k = key.toLowerCase(Locale.ROOT).replace('-', '_');
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(k, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = Math.max(1, Math.min(3, k.length() / 4));
    if (best != null && (bestDistance <= allowed || best.startsWith(k) && k.length() >= 4)) {
      return Optional.of(best);
    }
    return Optional.empty();
  }

  /** Edit distance counting a swap of two neighbours as one edit ("prot" is 1 from "port"). */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static String join(String base, String key) {
    return base.isEmpty() ? key : base + "." + key;
  }

  private static String prefix(String where) {
    return where.isEmpty() ? "" : where + ": ";
  }

  private static InvalidEndpointException error(String where, String message) {
    return new InvalidEndpointException(where, prefix(where) + message);
  }
}
