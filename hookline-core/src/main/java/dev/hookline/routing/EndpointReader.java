package dev.hookline.routing;

import static dev.hookline.routing.EndpointFields.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.HooklineException;
import dev.hookline.event.EventPattern;
import dev.hookline.event.Severity;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.SignatureScheme;
import dev.hookline.template.Template;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Reads one endpoint; {@code base} is its path. */
final class EndpointReader {
  private final String base;
  private final DeliveryHeaders inherited;

  EndpointReader(String base, DeliveryHeaders inherited) {
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
        problems, () -> optional(o, "batch").ifPresent(n -> builder.batch(batch(n, at("batch")))));
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
                                          "'" + s + "' is not an ordering; use parallel or fifo")));
                    }));
    check(
        problems,
        () -> optional(o, "enabled").ifPresent(n -> builder.enabled(bool(n, at("enabled")))));
    check(
        problems,
        () ->
            optional(o, "allow_private_network")
                .ifPresent(n -> builder.allowPrivateNetwork(bool(n, at("allow_private_network")))));
    check(problems, () -> optional(o, "content_type").ifPresent(n -> contentType(builder, n)));
    check(
        problems,
        () ->
            optional(o, "delivery_headers")
                .ifPresent(
                    n ->
                        builder.deliveryHeaders(
                            EndpointJson.readDeliveryHeaders(
                                n, at("delivery_headers"), inherited))));
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
                        f.platforms(strings(p, join(where, "platforms"), "platform names", true))));
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
            join(where, "pattern"), "pattern is for type regex; type " + typeName + " takes value");
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
    String name = requiredText(o, where, "scheme", "standard, standard-ed25519, github, hex, ...");
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
            .map(v -> OptionalInt.of(integer(v, join(where, "max_requests_per_minute"), "a count")))
            .orElse(OptionalInt.empty());
    OptionalInt perHour =
        optional(o, "max_requests_per_hour")
            .map(v -> OptionalInt.of(integer(v, join(where, "max_requests_per_hour"), "a count")))
            .orElse(OptionalInt.empty());
    return builder(() -> new RateLimit(perMinute, perHour));
  }

  private OnFailure onFailure(JsonNode n, String where) {
    ObjectNode o = object(n, where, "an object {endpoint: <endpoint id>} or {event: <event type>}");
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
