package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a web page open in the developer's browser can make a keyless {@code hookline serve} do:
 * nothing (#11.1). Requests are written on a raw socket, because browsers send headers (Host,
 * Origin) that Java's HTTP client will not.
 */
class RequestGuardTest {
  static final String ENDPOINT =
      "{\"id\":\"x\",\"url\":\"http://127.0.0.1:9/x\",\"events\":[\"*\"]}";
  static final String EVENT = "{\"id\":\"evt_1\",\"type\":\"t\",\"data\":{}}";

  @TempDir Path dir;
  TestServer t;

  /** An answer read off the socket. */
  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    JsonNode json() {
      try {
        return TestServer.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  @AfterEach
  void stop() {
    if (t != null) {
      t.close();
    }
  }

  void keyless(List<String> corsOrigins) {
    t =
        new TestServer(
            dir, c -> c.withServer(c.server().withApiKeys(List.of()).withCorsOrigins(corsOrigins)));
  }

  String host() {
    URI u = t.server.url();
    return u.getHost() + ":" + u.getPort();
  }

  Answer send(String method, String path, Map<String, String> headers, String body) {
    URI u = t.server.url();
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Host", host());
    all.putAll(headers);
    all.put("Connection", "close");
    if (body != null) {
      all.put("Content-Length", String.valueOf(bytes.length));
    }
    all.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(bytes);
      out.flush();
      return parse(s.getInputStream());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Answer parse(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    String raw = all.toString(StandardCharsets.UTF_8);
    int split = raw.indexOf("\r\n\r\n");
    String[] lines = raw.substring(0, split).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    String body = raw.substring(split + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int eol = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(body, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
  }

  static void assertRefused(Answer a, int status, String code) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.header("Content-Type")).startsWith("application/json");
    assertThat(a.json().path("error").asText()).isEqualTo(code);
    assertThat(a.json().path("message").asText()).isNotBlank();
  }

  int endpointCount() {
    return send("GET", "/api/endpoints", Map.of(), null).json().path("data").size();
  }

  int eventCount() {
    return send("GET", "/api/events", Map.of(), null).json().path("data").size();
  }

  @Test
  void pageFromAnotherOriginCannotCreateEndpointsPostEventsOrRunWorkflows() {
    keyless(List.of());
    String[] origins = {"http://evil.example", "null", "http://127.0.0.1:1", "not an origin"};
    for (String origin : origins) {
      for (String type : List.of("text/plain", "application/json")) {
        Map<String, String> h = Map.of("Origin", origin, "Content-Type", type);

        assertRefused(send("POST", "/api/endpoints", h, ENDPOINT), 403, "origin_not_allowed");
        assertRefused(send("POST", "/api/events", h, EVENT), 403, "origin_not_allowed");
        assertRefused(
            send("POST", "/api/workflows", h, "{\"name\":\"w\",\"steps\":[]}"),
            403,
            "origin_not_allowed");
        assertRefused(send("POST", "/api/workflows/w/runs", h, "{}"), 403, "origin_not_allowed");
        assertRefused(send("GET", "/api/events", h, null), 403, "origin_not_allowed");
      }
    }

    assertThat(endpointCount()).isZero();
    assertThat(eventCount()).isZero();
    assertThat(send("GET", "/api/workflows", Map.of(), null).json().path("data").size()).isZero();
  }

  @Test
  void simpleRequestBodiesAreRefusedWithoutAnOriginToo() {
    keyless(List.of());
    List<Map<String, String>> simple =
        List.of(
            Map.of("Content-Type", "text/plain"),
            Map.of("Content-Type", "application/x-www-form-urlencoded"),
            Map.of("Content-Type", "multipart/form-data; boundary=b"),
            Map.of(),
            Map.of("Content-Type", "application/json; charset=iso-8859-1"));

    for (Map<String, String> h : simple) {
      assertRefused(send("POST", "/api/endpoints", h, ENDPOINT), 415, "unsupported_media_type");
      assertRefused(send("POST", "/api/events", h, EVENT), 415, "unsupported_media_type");
      assertRefused(send("PUT", "/api/endpoints/x", h, ENDPOINT), 415, "unsupported_media_type");
    }

    assertThat(endpointCount()).isZero();
    assertThat(eventCount()).isZero();
  }

  @Test
  void foreignHostIsRefusedByAKeylessServerEvenFromItsOwnOrigin() {
    keyless(List.of());
    Map<String, String> json = Map.of("Content-Type", "application/json");
    assertThat(send("POST", "/api/endpoints", json, ENDPOINT).status()).isEqualTo(201);
    // A rebinding page at http://evil.example:PORT is same-origin with its own Host header.
    String port = host().substring(host().indexOf(':'));
    Map<String, String> rebound = Map.of("Host", "evil.example" + port);
    Map<String, String> reboundPost =
        Map.of(
            "Host",
            "evil.example" + port,
            "Origin",
            "http://evil.example" + port,
            "Content-Type",
            "application/json");

    assertRefused(send("GET", "/api/events", rebound, null), 403, "host_not_allowed");
    assertRefused(send("GET", "/api/endpoints/x/secret", rebound, null), 403, "host_not_allowed");
    assertRefused(send("GET", "/metrics", rebound, null), 403, "host_not_allowed");
    assertRefused(send("POST", "/api/events", reboundPost, EVENT), 403, "host_not_allowed");
    assertRefused(
        send("GET", "/api/events", Map.of("Host", "127.0.0.1.evil.example" + port), null),
        403,
        "host_not_allowed");
    assertRefused(send("POST", "/webhooks/generic", reboundPost, "{}"), 403, "host_not_allowed");
    assertThat(eventCount()).isZero();
  }

  @Test
  void sameOriginLoopbackAndOriginlessRequestsKeepWorking() {
    keyless(List.of());
    String port = host().substring(host().indexOf(':'));
    Map<String, String> dashboard =
        Map.of("Origin", "http://" + host(), "Content-Type", "application/json");
    Map<String, String> viaLocalhost =
        Map.of(
            "Host",
            "localhost" + port,
            "Origin",
            "http://localhost" + port,
            "Content-Type",
            "application/json; charset=UTF-8");

    assertThat(send("POST", "/api/endpoints", dashboard, ENDPOINT).status()).isEqualTo(201);
    assertThat(send("POST", "/api/events", viaLocalhost, EVENT).status()).isEqualTo(202);
    assertThat(
            send(
                    "POST",
                    "/api/events",
                    Map.of("Content-Type", "application/cloudevents+json"),
                    "{\"specversion\":\"1.0\",\"id\":\"ce1\",\"source\":\"s\",\"type\":\"t\"}")
                .status())
        .isEqualTo(202);
    assertThat(send("GET", "/api/events", Map.of("Host", "[::1]" + port), null).status())
        .isEqualTo(200);
    assertThat(send("GET", "/api/events", Map.of("Host", "app.localhost" + port), null).status())
        .isEqualTo(200);
    assertThat(send("POST", "/api/deliveries/dlv_none/retry", Map.of(), null).status())
        .isEqualTo(404);
    assertThat(send("GET", "/", Map.of("Sec-Fetch-Site", "none"), null).status()).isEqualTo(200);
    assertThat(eventCount()).isEqualTo(2);
  }

  @Test
  void crossSiteSubresourceRequestsWithoutOriginAreRefused() {
    keyless(List.of());
    Map<String, String> scriptTag =
        Map.of("Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors");
    Map<String, String> navigation =
        Map.of("Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate");

    assertRefused(send("GET", "/api/events", scriptTag, null), 403, "origin_not_allowed");
    assertRefused(send("GET", "/metrics", scriptTag, null), 403, "origin_not_allowed");
    assertThat(send("GET", "/", navigation, null).status()).isEqualTo(200);
  }

  @Test
  void listedOriginGetsCorsAnswersAndOthersStayRefused() {
    keyless(List.of("http://admin.example:3000"));
    Map<String, String> preflight =
        Map.of(
            "Origin",
            "http://admin.example:3000",
            "Access-Control-Request-Method",
            "POST",
            "Access-Control-Request-Headers",
            "content-type,authorization");
    Map<String, String> post =
        Map.of("Origin", "http://admin.example:3000", "Content-Type", "application/json");

    Answer pre = send("OPTIONS", "/api/endpoints", preflight, null);
    Answer created = send("POST", "/api/endpoints", post, ENDPOINT);
    Answer other =
        send(
            "POST",
            "/api/events",
            Map.of("Origin", "http://admin.example:3001", "Content-Type", "application/json"),
            EVENT);

    assertThat(pre.status()).isBetween(200, 204);
    assertThat(pre.header("Access-Control-Allow-Origin")).isEqualTo("http://admin.example:3000");
    assertThat(pre.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Access-Control-Allow-Origin"))
        .isEqualTo("http://admin.example:3000");
    assertThat(created.header("Access-Control-Expose-Headers")).contains("Location");
    assertRefused(other, 403, "origin_not_allowed");
    assertThat(eventCount()).isZero();
  }

  @Test
  void everyAnswerSaysNosniff() {
    keyless(List.of());

    for (String path : List.of("/api/events", "/api/nope", "/health", "/openapi.json", "/")) {
      assertThat(send("GET", path, Map.of(), null).header("X-Content-Type-Options"))
          .as(path)
          .isEqualTo("nosniff");
    }
    assertThat(
            send("POST", "/api/events", Map.of("Content-Type", "text/plain"), EVENT)
                .header("X-Content-Type-Options"))
        .isEqualTo("nosniff");
  }

  @Test
  void serverWithKeysServesAnyHostButStillRefusesForeignOrigins() {
    t = new TestServer(dir);
    Map<String, String> auth =
        Map.of("Authorization", "Bearer " + TestServer.API_KEY, "Host", "hooks.example.com");
    Map<String, String> foreign =
        Map.of(
            "Authorization",
            "Bearer " + TestServer.API_KEY,
            "Origin",
            "https://evil.example",
            "Content-Type",
            "application/json");

    assertThat(send("GET", "/api/events", auth, null).status()).isEqualTo(200);
    assertRefused(send("POST", "/api/events", foreign, EVENT), 403, "origin_not_allowed");
    assertRefused(
        send("POST", "/api/events", Map.of("Origin", "https://evil.example"), EVENT),
        403,
        "origin_not_allowed");
  }
}
