package dev.hookline.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.HooklineException;
import dev.hookline.internal.JsonMappers;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Reading the values of an endpoint's JSON (or YAML) tree with errors that name the key path and
 * what was expected, and the key schema with its hints for other tools' spellings and spelling
 * suggestions.
 */
final class EndpointFields {
  static final ObjectMapper MAPPER = JsonMappers.STRICT;
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private EndpointFields() {}

  static final List<String> KEYS =
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

  static final List<String> FILTER_KEYS =
      List.of("platforms", "users", "min_severity", "content_filters", "time_window");

  static final List<String> CONTENT_FILTER_KEYS = List.of("type", "field", "value", "pattern");

  static final List<String> TIME_WINDOW_KEYS =
      List.of("start_hour", "end_hour", "timezone", "days");

  static final List<String> SIGNATURE_KEYS =
      List.of("scheme", "secret", "header", "prefix", "tolerance");

  static final List<String> RETRY_KEYS =
      List.of(
          "max_attempts",
          "initial_delay",
          "backoff_multiplier",
          "max_delay",
          "schedule",
          "retry_on_status",
          "jitter");

  static final List<String> RATE_LIMIT_KEYS =
      List.of("max_requests_per_minute", "max_requests_per_hour");

  static final List<String> BATCH_KEYS = List.of("max_size", "max_wait");

  static final List<String> DELIVERY_HEADER_KEYS =
      List.of("event", "delivery", "attempt", "timestamp", "user_agent", "standard");

  static final List<String> ON_FAILURE_KEYS = List.of("endpoint", "event");

  /**
   * Keys other webhook tools (and the seeds) use, with what to write instead. Looked up before the
   * spelling suggestion, because these are not misspellings.
   */
  static final Map<String, String> HINTS =
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

  static <T> T placed(String where, Supplier<T> step) {
    try {
      return step.get();
    } catch (HooklineException | IllegalArgumentException | DateTimeException e) {
      throw new InvalidEndpointException(where, prefix(where) + e.getMessage(), e);
    }
  }

  static ObjectNode object(JsonNode n, String where, String what) {
    if (!n.isObject()) {
      throw error(where, "expected " + what + ", got " + describe(n));
    }
    return (ObjectNode) n;
  }

  static boolean present(ObjectNode o, String key) {
    JsonNode v = o.get(key);
    return v != null && !v.isNull();
  }

  static Optional<JsonNode> optional(ObjectNode o, String key) {
    JsonNode v = o.get(key);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
  }

  static String text(JsonNode n, String where) {
    if (!n.isTextual()) {
      throw error(
          where,
          "expected a string, got "
              + describe(n)
              + (n.isNumber() || n.isBoolean() ? "; quote it to make it a string" : ""));
    }
    return n.textValue();
  }

  static boolean bool(JsonNode n, String where) {
    if (!n.isBoolean()) {
      throw error(where, "expected true or false, got " + describe(n));
    }
    return n.booleanValue();
  }

  static int integer(JsonNode n, String where, String what) {
    if (n.isIntegralNumber() && n.canConvertToInt()) {
      return n.intValue();
    }
    if (n.isFloatingPointNumber() && n.canConvertToExactIntegral() && n.canConvertToInt()) {
      return n.intValue();
    }
    throw error(where, "expected a whole number (" + what + "), got " + describe(n));
  }

  static double number(JsonNode n, String where, String what) {
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
  static List<String> strings(JsonNode n, String where, String what, boolean single) {
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
  static List<String> scalars(JsonNode n, String where, String what) {
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

  static ZoneId zone(String name, String where) {
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

  static DayOfWeek day(String name, String where) {
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
  static String unknownKey(String key, List<String> known, Map<String, String> hints) {
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
  static int distance(String a, String b) {
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

  static String join(String base, String key) {
    return base.isEmpty() ? key : base + "." + key;
  }

  static String prefix(String where) {
    return where.isEmpty() ? "" : where + ": ";
  }

  static InvalidEndpointException error(String where, String message) {
    return new InvalidEndpointException(where, prefix(where) + message);
  }
}
