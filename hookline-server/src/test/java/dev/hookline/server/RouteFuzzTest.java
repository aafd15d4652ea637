package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.server.config.SourceConfig;
import dev.hookline.signature.WebhookSecret;
import dev.hookline.testing.WebhookReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded, seeded fuzzing of every route that {@code /openapi.json} lists, and of every {@code
 * /webhooks/*} source: mutated path and query parameters, random and truncated JSON bodies, wrong
 * content types and charsets, odd signature headers. Any 5xx, or a 4xx whose body is not the JSON
 * error shape, fails the test with the seed that reproduces it ({@code -Dfuzz.seed=N}).
 */
class RouteFuzzTest {
  static final long DEFAULT_SEED = 20261123L;
  static final int REQUESTS = 1500;
  static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
  static final List<String> SOURCES =
      List.of(
          "github",
          "stripe",
          "slack",
          "standard",
          "shopify",
          "twilio",
          "generic",
          "nope",
          "%2e%2e");

  static final List<String> TIMES =
      List.of(
          "2026-11-23T12:00:00Z",
          "+999999999-12-31T23:59:59Z",
          "-999999999-01-01T00:00:00Z",
          "0000-01-01T00:00:00Z",
          "0001-01-01T00:00:00Z",
          "9999-12-31T23:59:59.999Z",
          "+10000-01-01T00:00:00Z",
          "2026-02-30T00:00:00Z",
          "2026-11-23T12:00:00+25:00",
          "1h",
          "0s",
          "-1h",
          "99999999999999d",
          "9223372036854775807s",
          "P1D",
          "1e10",
          "yesterday");
  static final List<String> CURSORS =
      List.of(
          "dlv_",
          "eyJhIjoxfQ==",
          "1700000000000.evt_1",
          "99999999999999999999.x",
          "-1.x",
          ".",
          "run_",
          "run_x",
          "dlv_01J0000000000000000000000",
          "1700000000000.",
          "~");
  static final List<String> NUMBERS =
      List.of(
          "0",
          "-1",
          "1",
          "50",
          "1000",
          "1001",
          "2147483648",
          "9223372036854775808",
          "1e3",
          "NaN",
          "0x10",
          "\u0661\u0662",
          " 5 ",
          "1.5");
  static final List<String> STRINGS =
      List.of(
          "",
          " ",
          "e1",
          "w",
          "evt_fuzz",
          "\u00fc\u00df\ud83d\ude00",
          "\u0000",
          "../..",
          "*",
          "a,b,,",
          "github.*",
          "**.*",
          "[",
          "{",
          "'",
          "\"",
          "null",
          "dead",
          "pending",
          "in_flight",
          "\ud800",
          "%",
          "%zz",
          "a b",
          "x".repeat(300));
  static final List<String> CONTENT_TYPES =
      List.of(
          "application/json",
          "application/json",
          "application/json",
          "application/json; charset=utf-8",
          "application/json; charset=ebcdic",
          "application/json; charset=\"",
          "application/json; charset=utf-16",
          "text/html; charset=\"",
          "application/cloudevents+json",
          "application/cloudevents-batch+json",
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "*/*",
          ";;;",
          "");
  static final List<String> FIELDS =
      List.of(
          "id",
          "type",
          "timestamp",
          "data",
          "source",
          "subject",
          "severity",
          "tags",
          "user_id",
          "platform",
          "metadata",
          "specversion",
          "time",
          "url",
          "events",
          "name",
          "steps",
          "description",
          "inputs",
          "output",
          "since",
          "until",
          "status",
          "secret",
          "signature",
          "retry",
          "filter",
          "condition",
          "template",
          "format",
          "headers",
          "rate_limit",
          "batch",
          "workflow_name",
          "config_path",
          "action",
          "log",
          "http",
          "enabled",
          "ordering",
          "timeout",
          "scheme",
          "payload",
          "challenge",
          "command",
          "text",
          "x");

  @TempDir Path dir;
  WebhookReceiver receiver;
  TestServer t;
  Random random;
  long seed;
  HttpClient http = newClient();
  final List<String> failures = new ArrayList<>();
  final Map<Integer, Integer> statuses = new java.util.TreeMap<>();

  @BeforeEach
  void start() {
    seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
    random = new Random(seed);
    receiver = WebhookReceiver.start();
    Map<String, SourceConfig> sources = new LinkedHashMap<>();
    for (String type : SourceConfig.TYPES) {
      sources.put(
          type,
          new SourceConfig(
              type,
              type,
              List.of(WebhookSecret.generate()),
              Optional.empty(),
              Optional.empty(),
              SourceConfig.DEFAULT_TOLERANCE));
    }
    t = new TestServer(dir, c -> c.withSources(sources));
    t.post(
        "/api/endpoints",
        "{\"id\":\"e1\",\"url\":\"" + receiver.url("/e1") + "\",\"events\":[\"*\"]}");
    t.post("/api/events", "{\"id\":\"evt_fuzz\",\"type\":\"fuzz.seeded\",\"data\":{}}");
    t.post("/api/workflows", "{\"name\":\"w\",\"steps\":[{\"name\":\"s\",\"log\":\"hi\"}]}");
  }

  @AfterEach
  void stop() {
    t.close();
    receiver.close();
  }

  /** A documented operation: method, path template, its parameters and whether it takes a body. */
  record Operation(String method, String path, List<String> pathParams, List<Param> query) {}

  /** A query parameter and the kind of value it holds. */
  record Param(String name, String kind) {}

  @Test
  void noRouteAnswers5xxOrANonJsonErrorToAnyInput() throws Exception {
    List<Operation> operations = operations();
    long started = System.nanoTime();

    for (int i = 0; i < REQUESTS; i++) {
      Operation op = operations.get(i % operations.size());
      fuzzOnce(op);
    }

    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf(
        "RouteFuzzTest: seed %d, %d requests over %d operations in %d ms, statuses %s%n",
        seed, REQUESTS, operations.size(), millis, statuses);
    assertThat(operations.size()).isGreaterThan(25);
    assertThat(failures)
        .as(
            "fuzz.seed=%d found %d failures (rerun with -Dsurefire.argLine=-Dfuzz.seed=%d)",
            seed, failures.size(), seed)
        .isEmpty();
  }

  /** Every operation of /openapi.json as the running server serves it. */
  List<Operation> operations() throws IOException {
    JsonNode doc = TestServer.JSON.readTree(t.get("/openapi.json").body());
    List<Operation> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
      List<JsonNode> shared = list(path.getValue().path("parameters"));
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        if (!METHODS.contains(op.getKey())) {
          continue;
        }
        List<JsonNode> params = new ArrayList<>(shared);
        params.addAll(list(op.getValue().path("parameters")));
        List<String> pathParams = new ArrayList<>();
        List<Param> query = new ArrayList<>();
        for (JsonNode p : params) {
          String name = p.path("name").asText();
          if (p.path("in").asText().equals("path")) {
            pathParams.add(name);
          } else if (p.path("in").asText().equals("query")) {
            query.add(new Param(name, kind(name, p.path("schema").path("type").asText())));
          }
        }
        out.add(new Operation(op.getKey(), path.getKey(), pathParams, query));
      }
    }
    return out;
  }

  static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  static String kind(String name, String type) {
    return switch (name) {
      case "since", "until" -> "time";
      case "cursor" -> "cursor";
      case "limit" -> "number";
      case "window", "bucket" -> "duration";
      default -> type.equals("integer") ? "number" : "string";
    };
  }

  void fuzzOnce(Operation op) throws InterruptedException {
    String path = op.path();
    if (path.equals("/webhooks/{source}")) {
      path = "/webhooks/" + pick(SOURCES);
    }
    for (String p : op.pathParams()) {
      path = path.replace("{" + p + "}", encode(pathValue()));
    }
    String query =
        op.query().stream()
            .filter(p -> random.nextInt(3) > 0)
            .map(p -> p.name() + "=" + encode(value(p.kind())))
            .collect(Collectors.joining("&"));
    if (random.nextInt(10) == 0) {
      query += (query.isEmpty() ? "" : "&") + "unknown=" + encode(pick(STRINGS));
    }
    boolean stream = path.equals("/api/stream");
    if (stream && !query.contains("types=")) {
      query += (query.isEmpty() ? "" : "&") + "types=" + encode(pick(List.of("[", "**.*", "a..b")));
    }
    URI uri = t.uri(path + (query.isEmpty() ? "" : "?" + query));
    boolean withBody = !op.method().equals("get") && !op.method().equals("delete");
    byte[] body = withBody || random.nextInt(20) == 0 ? body(op) : new byte[0];
    String contentType = pick(CONTENT_TYPES);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .method(
                op.method().toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.ofByteArray(body));
    if (!contentType.isEmpty()) {
      b.header("Content-Type", contentType);
    }
    int auth = random.nextInt(20);
    if (auth > 1) {
      b.header("Authorization", "Bearer " + TestServer.API_KEY);
    } else if (auth == 1) {
      b.header("Authorization", "Bearer " + pick(STRINGS).replaceAll("[^ -~]", ""));
    }
    if (path.startsWith("/webhooks/")) {
      signatureHeaders(b);
    }
    check(op, uri, contentType, body, b.build(), stream);
  }

  void check(
      Operation op, URI uri, String contentType, byte[] body, HttpRequest request, boolean stream)
      throws InterruptedException {
    String what =
        op.method().toUpperCase(Locale.ROOT)
            + " "
            + uri.getRawPath()
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
            + " ["
            + contentType
            + "] "
            + shown(body);
    HttpResponse<InputStream> r;
    try {
      r = send(request);
    } catch (IOException e) {
      failures.add("transport error twice: " + e + " on " + what);
      return;
    }
    int status = r.statusCode();
    statuses.merge(status, 1, Integer::sum);
    String text;
    try (InputStream in = r.body()) {
      text =
          stream && status == 200
              ? ""
              : new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    } catch (IOException e) {
      text = "";
    }
    if (status >= 500) {
      failures.add(status + " " + text + " on " + what);
      return;
    }
    if (status >= 400) {
      String type = r.headers().firstValue("Content-Type").orElse("");
      JsonNode json = null;
      try {
        json = TestServer.JSON.readTree(text);
      } catch (IOException notJson) {
        // reported below
      }
      if (!type.startsWith("application/json")
          || json == null
          || !json.path("error").isTextual()
          || !json.path("message").isTextual()) {
        failures.add(status + " not a JSON error (" + type + "): " + text + " on " + what);
      }
    }
  }

  /**
   * Sends on the shared client; a transport error (the JDK client's race with a connection the
   * server closed after refusing the previous request) is retried once on a fresh client.
   */
  HttpResponse<InputStream> send(HttpRequest request) throws IOException, InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException first) {
      http.close();
      http = newClient();
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }
  }

  static HttpClient newClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  // ---- generators -----------------------------------------------------------------------------

  String pathValue() {
    return switch (random.nextInt(6)) {
      case 0, 1, 2 -> pick(List.of("e1", "evt_fuzz", "w", "github", "generic", "slack"));
      case 3 -> pick(CURSORS);
      case 4 -> pick(NUMBERS);
      default -> pick(STRINGS);
    };
  }

  String value(String kind) {
    if (random.nextInt(8) == 0) {
      return pick(STRINGS);
    }
    return switch (kind) {
      case "time" -> pick(TIMES);
      case "cursor" -> pick(CURSORS);
      case "number" -> pick(NUMBERS);
      case "duration" -> pick(List.of("1h", "1m", "30d", "31d", "0s", "1s", "90s", "-1m", "9e9d"));
      default -> pick(STRINGS);
    };
  }

  byte[] body(Operation op) {
    String json =
        switch (random.nextInt(10)) {
          case 0 -> json(randomJson(0));
          case 1 -> deep(random.nextInt(3000) + 10);
          case 2 -> truncated(shaped(op));
          case 3 -> pick(List.of("", "[]", "{}", "null", "1", "\"x\"", "[1,2]", "[{}]", "{\"a\":"));
          case 4 ->
              pick(List.of("{\"a\":1e999999}", "{\"\\ud800\":\"\\udfff\"}", "{\"a\":\"\\u0000\"}"));
          case 5 -> "inputs=%zz&payload=%7B&command=%2";
          default -> shaped(op);
        };
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(40) == 0 && bytes.length > 2) {
      bytes[random.nextInt(bytes.length)] = (byte) 0xC3; // a broken UTF-8 sequence
    }
    return bytes;
  }

  /** A body of the shape the route expects, with fields of mutated values. */
  String shaped(Operation op) {
    Map<String, Object> m = new LinkedHashMap<>();
    String p = op.path();
    if (p.startsWith("/api/events")) {
      m.put("type", pick(List.of("order.created", "x", "", "a..b", "*")));
      m.put("timestamp", random.nextBoolean() ? pick(TIMES) : pickNumber());
      m.put("data", random.nextBoolean() ? Map.of("k", 1) : randomJson(1));
      if (random.nextBoolean()) {
        m.put("specversion", "1.0");
        m.put("id", pick(STRINGS));
        m.put("source", pick(STRINGS));
        m.put("time", pick(TIMES));
      }
    } else if (p.startsWith("/api/endpoints") && p.endsWith("/replay")) {
      m.put("since", pick(TIMES));
      m.put("until", pick(TIMES));
      m.put("status", pick(STRINGS));
    } else if (p.startsWith("/api/endpoints")) {
      m.put("id", pick(STRINGS));
      m.put("url", pick(List.of(receiver.url("/x").toString(), "ftp://x", "http://", "", "::")));
      m.put("events", random.nextBoolean() ? List.of("*") : randomJson(1));
      m.put(pick(FIELDS), randomJson(1));
    } else if (p.startsWith("/api/workflows")) {
      m.put("name", pick(STRINGS));
      m.put("inputs", randomJson(1));
      m.put(
          "steps", random.nextBoolean() ? List.of(Map.of("name", "s", "log", "x")) : randomJson(1));
    } else if (p.startsWith("/webhooks/")) {
      m.put("action", pick(STRINGS));
      m.put("type", pick(List.of("url_verification", "event_callback", "x")));
      m.put("challenge", pick(STRINGS));
      m.put("workflow_name", pick(List.of("w", "nope", "")));
      m.put("inputs", randomJson(1));
      m.put("created", pickNumber());
    } else {
      m.put(pick(FIELDS), randomJson(1));
    }
    if (random.nextInt(4) == 0) {
      m.put(pick(FIELDS), randomJson(0));
    }
    return json(m);
  }

  static String json(Object value) {
    try {
      return TestServer.JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  Object randomJson(int depth) {
    int choice = random.nextInt(depth > 3 ? 6 : 8);
    return switch (choice) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> pickNumber();
      case 3, 4 -> pick(STRINGS);
      case 5 -> pick(TIMES);
      case 6 -> {
        List<Object> l = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          l.add(randomJson(depth + 1));
        }
        yield l;
      }
      default -> {
        Map<String, Object> o = new LinkedHashMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          o.put(pick(FIELDS), randomJson(depth + 1));
        }
        yield o;
      }
    };
  }

  Object pickNumber() {
    return pick(
        List.of(
            0,
            -1,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            new java.math.BigInteger("99999999999999999999999"),
            1e300,
            -1e300,
            0.5,
            1_700_000_000L));
  }

  String deep(int depth) {
    return (random.nextBoolean()
        ? "[".repeat(depth) + "]".repeat(depth)
        : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
  }

  String truncated(String json) {
    return json.substring(0, random.nextInt(Math.max(1, json.length())));
  }

  void signatureHeaders(HttpRequest.Builder b) {
    String ts =
        pick(
            List.of("0", "-1", "99999999999999999999", "9223372036854775807", "abc", "1700000000"));
    if (random.nextBoolean()) {
      b.header(
          "X-GitHub-Event", pick(List.of("ping", "push", "pull_request", "", "x".repeat(300))));
      b.header("X-GitHub-Delivery", pick(STRINGS).replaceAll("[^ -~]", "").trim() + "d");
      b.header("X-Hub-Signature-256", pick(List.of("sha256=", "sha256=zz", "md5=1", "sha256")));
    }
    if (random.nextBoolean()) {
      b.header("Stripe-Signature", pick(List.of("t=" + ts + ",v1=00", "t=,v1=", ",,,", "v1")));
      b.header("X-Slack-Request-Timestamp", ts);
      b.header("X-Slack-Signature", pick(List.of("v0=00", "v0=", "x")));
    }
    if (random.nextBoolean()) {
      b.header("webhook-id", "msg_1");
      b.header("webhook-timestamp", ts);
      b.header("webhook-signature", pick(List.of("v1,AAAA", "v1,", "v1a,***", "x")));
      b.header("X-Shopify-Hmac-Sha256", pick(List.of("AAAA", "***", "")));
      b.header("X-Twilio-Signature", pick(List.of("AAAA", "***", "")));
      b.header("X-Webhook-Signature", pick(List.of("sha256=00", "zz", "")));
    }
  }

  <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  static String encode(String s) {
    // Lone surrogates become '?' in UTF-8: the server sees a percent-encoded '?'.
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String shown(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8);
    return s.length() > 200 ? s.substring(0, 200) + "...(" + body.length + " bytes)" : s;
  }
}
