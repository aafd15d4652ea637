package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.server.TestServer.Response;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seeds' own shapes, through a running server (#12). */
class SeedCompatibilityTest {
  @TempDir Path dir;

  WebhookReceiver receiver;
  TestServer t;

  @BeforeEach
  void start() {
    receiver = WebhookReceiver.start();
    t = new TestServer(dir);
  }

  @AfterEach
  void stop() {
    t.close();
    receiver.close();
  }

  void endpoint(String id, String template, String extra) {
    Response r =
        t.post(
            "/api/endpoints",
            "{\"id\":\""
                + id
                + "\",\"url\":\""
                + receiver.url("/" + id)
                + "\",\"events\":[\"level_4_prediction\"],\"template\":"
                + template
                + extra
                + ",\"retry_policy\":{\"max_attempts\":1}}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  JsonNode awaitDone(String event, String endpoint) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                t.get("/api/deliveries?event=" + event + "&endpoint=" + endpoint)
                    .json()
                    .path("data")
                    .path(0),
            d -> d.path("status").asText().matches("succeeded|dead"));
  }

  @Test
  void eventWithoutUserIdIsDeliveredWithDefaultsAndTheStrictOneNamesThePath() throws Exception {
    endpoint("strict", "{\"text\":\"User: {user_id}\"}", "");
    endpoint(
        "fallback",
        "{\"text\":\"User: {user_id|unknown}. {recommendation|Review and address this"
            + " prediction}\"}",
        "");
    endpoint(
        "lenient",
        "{\"text\":\"User: {user_id}\",\"user\":\"{user_id}\"}",
        ",\"template_missing\":\"empty\"");

    Response posted =
        t.post(
            "/api/events",
            "{\"id\":\"evt_p1\",\"type\":\"level_4_prediction\",\"data\":{\"prediction\":\"p\"}}");
    Map<String, String> bodies = new HashMap<>();
    for (int i = 0; i < 2; i++) {
      RecordedRequest r = receiver.takeRequest(Duration.ofSeconds(10));
      bodies.put(r.path(), new String(r.body(), StandardCharsets.UTF_8));
    }
    JsonNode strict = awaitDone("evt_p1", "strict");

    assertThat(posted.status()).isEqualTo(202);
    assertThat(bodies)
        .containsEntry(
            "/fallback", "{\"text\":\"User: unknown. Review and address this prediction\"}")
        .containsEntry("/lenient", "{\"text\":\"User: \",\"user\":null}");
    assertThat(awaitDone("evt_p1", "fallback").path("status").asText()).isEqualTo("succeeded");
    assertThat(strict.path("status").asText()).isEqualTo("dead");
    assertThat(strict.path("last_error").asText())
        .contains("no value at path 'user_id'")
        .contains("{user_id|...}");
    assertThat(t.get("/api/endpoints/lenient").json().path("template_missing").asText())
        .isEqualTo("empty");
  }

  @Test
  void templateMissingWithAnUnknownWordNamesTheField() {
    Response r =
        t.post(
            "/api/endpoints",
            "{\"id\":\"x\",\"url\":\"https://x.example\",\"events\":[\"*\"],"
                + "\"template\":{\"a\":\"{b}\"},\"template_missing\":\"skip\"}");

    TestServer.assertError(r, 400, "invalid_endpoint");
    assertThat(r.json().path("message").asText()).contains("template_missing");
  }

  @Test
  void unixAndStrftimeTimestampsBuildTheSeedsReceiverShapes() throws Exception {
    endpoint(
        "megabot",
        "{\"event\":\"{type}\",\"id\":\"{id}\",\"timestamp\":\"{timestamp:unix}\",\"data\":\"{data}\"}",
        "");
    endpoint("text", "{\"text\":\"Time: {timestamp:%Y-%m-%d %H:%M}\"}", "");

    t.post(
        "/api/events",
        "{\"id\":\"evt_t\",\"type\":\"level_4_prediction\",\"timestamp\":\"2025-11-25T14:30:00Z\","
            + "\"data\":{\"k\":1}}");
    Map<String, String> bodies = new HashMap<>();
    for (int i = 0; i < 2; i++) {
      RecordedRequest r = receiver.takeRequest(Duration.ofSeconds(10));
      bodies.put(r.path(), new String(r.body(), StandardCharsets.UTF_8));
    }

    assertThat(bodies)
        .containsEntry(
            "/megabot",
            "{\"event\":\"level_4_prediction\",\"id\":\"evt_t\",\"timestamp\":1764081000,"
                + "\"data\":{\"k\":1}}")
        .containsEntry("/text", "{\"text\":\"Time: 2025-11-25 14:30\"}");
  }

  @Test
  void seedEventShapesAreAcceptedWithTheirSpellings() {
    Response seed001 =
        t.post(
            "/api/events",
            "{\"event_type\":\"prediction\",\"event_id\":\"evt_abc123\","
                + "\"timestamp\":\"2025-11-25T14:30:00Z\",\"user_id\":\"developer_123\","
                + "\"severity\":\"high\",\"data\":{\"confidence\":0.87}}");
    Response seed003 =
        t.post(
            "/api/events",
            "{\"event\":\"chat_message_received\",\"id\":\"evt_123456\","
                + "\"timestamp\":1640995200,\"data\":{\"platform\":\"telegram\"}}");
    Response words = t.post("/api/events", "{\"type\":\"x\",\"severity\":\"severe\"}");

    assertThat(seed001.status()).as(seed001.body()).isEqualTo(202);
    assertThat(seed003.status()).as(seed003.body()).isEqualTo(202);
    JsonNode e1 = t.get("/api/events/evt_abc123").json().path("event");
    JsonNode e3 = t.get("/api/events/evt_123456").json().path("event");
    assertThat(e1.path("type").asText()).isEqualTo("prediction");
    assertThat(e1.path("severity").asText()).isEqualTo("error");
    assertThat(e3.path("type").asText()).isEqualTo("chat_message_received");
    assertThat(e3.path("timestamp").asText()).isEqualTo("2022-01-01T00:00:00Z");
    TestServer.assertError(words, 400, "invalid_event");
    assertThat(words.json().path("message").asText()).contains("high").contains("critical");
  }

  @Test
  void getOnAWebhookRouteIs405WithAllowPostAndAHint() {
    Response r = t.sendRaw(java.net.http.HttpRequest.newBuilder(t.uri("/webhooks/generic")).GET());
    Response api = t.method("DELETE", "/api/events", "");

    TestServer.assertError(r, 405, "method_not_allowed");
    assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    assertThat(r.json().path("message").asText()).contains("POST");
    TestServer.assertError(api, 405, "method_not_allowed");
    assertThat(api.headers().firstValue("Allow")).hasValue("GET, POST");
  }

  @Test
  void megabotRegistersThroughApiWebhooksAndItsReceiverVerifiesTheSignature() throws Exception {
    Response r =
        t.post(
            "/api/webhooks",
            "{\"url\":\""
                + receiver.url("/megabot")
                + "\",\"events\":[\"chat_message_received\"],\"secret\":\"your_webhook_secret\","
                + "\"signature_header\":\"X-MegaBot-Signature\","
                + "\"filters\":{\"platforms\":[\"telegram\",\"discord\"],\"min_severity\":\"info\"}}");
    t.post(
        "/api/events",
        "{\"event\":\"chat_message_received\",\"id\":\"evt_slack\",\"platform\":\"slack\"}");
    t.post(
        "/api/events",
        "{\"event\":\"chat_message_received\",\"id\":\"evt_123456\",\"timestamp\":1640995200,"
            + "\"platform\":\"telegram\",\"data\":{\"content\":\"Hello MegaBot!\"}}");
    RecordedRequest got = receiver.takeRequest(Duration.ofSeconds(10));
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(
            "your_webhook_secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(got.body()));

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    String id = r.json().path("id").asText();
    assertThat(id).startsWith("wh_");
    assertThat(r.headers().firstValue("Location")).hasValue("/api/endpoints/" + id);
    assertThat(got.header("X-MegaBot-Signature")).hasValue(expected);
    assertThat(TestServer.JSON.readTree(got.body()).path("id").asText()).isEqualTo("evt_123456");
    assertThat(t.get("/api/webhooks").json().path("data").get(0).path("id").asText()).isEqualTo(id);
    assertThat(t.get("/api/deliveries?event=evt_slack").json().path("data").size()).isZero();
  }

  @Test
  void webhookRegistrationWithSecretAndSignatureNamesTheField() {
    Response r =
        t.post(
            "/api/webhooks",
            "{\"url\":\"https://x.example\",\"events\":[\"*\"],\"secret\":\"s\","
                + "\"signature\":{\"scheme\":\"none\"}}");

    TestServer.assertError(r, 400, "invalid_endpoint");
    assertThat(r.json().path("message").asText())
        .isEqualTo("secret: give secret or signature, not both");
  }
}
