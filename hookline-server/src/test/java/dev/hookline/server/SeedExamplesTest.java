package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.MutableClock;
import dev.hookline.routing.Format;
import dev.hookline.server.TestServer.Response;
import dev.hookline.server.config.HooklineConfig;
import dev.hookline.server.config.WebhookRegistration;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each seed folder of {@code examples/seeds/} run end to end (#12): the real server on the folder's
 * {@code hookline.yaml} (every endpoint's URL replaced by a loopback receiver at {@code /<endpoint
 * id>}), the seed's payloads posted as the seed sends them, and what the seed's receivers read
 * checked on the wire.
 */
class SeedExamplesTest {
  private static final Path SEEDS = Path.of("..", "examples", "seeds");
  private static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  /** A weekday noon in UTC: inside every business-hours window of the seeds. */
  private static final Instant NOON = Instant.parse("2026-11-24T12:00:00Z");

  @TempDir Path dir;

  WebhookReceiver receiver;
  MutableClock clock;
  TestServer t;

  @BeforeEach
  void startReceiver() {
    receiver = WebhookReceiver.start();
    clock = new MutableClock(NOON);
  }

  @AfterEach
  void stop() {
    if (t != null) {
      t.close();
    }
    receiver.close();
  }

  // --- 000: Example: Webhook & Event Integration -------------------------------------------

  @Test
  void empathyPredictionReachesEveryRegisteredWebhookInItsPayloadTemplate() throws Exception {
    start("000-empathy-example/hookline.yaml");

    Response posted = postEvent("000-empathy-example/payloads/level_4_prediction.json");
    Map<String, RecordedRequest> got =
        take(
            "slack-prediction",
            "datadog",
            "internal-api",
            "slack-high-confidence",
            "security-team",
            "business-hours",
            "empathy-receiver",
            "github-issue",
            "jira-ticket");

    assertThat(posted.status()).as(posted.body()).isEqualTo(202);
    assertThat(json(got.get("slack-prediction")).path("blocks").get(0).path("text").path("text"))
        .hasToString(
            "\"*Prediction:* SQL injection vulnerability detected\\n*Confidence:* 95%\\n*User:*"
                + " user_123\"");
    JsonNode datadog = json(got.get("datadog"));
    assertThat(got.get("datadog").header("DD-API-KEY")).hasValue("dd-api-key-placeholder");
    assertThat(datadog.path("tags").toString())
        .isEqualTo("[\"empathy:level4\",\"confidence:0.95\",\"user:user_123\"]");
    assertThat(got.get("internal-api").header("Authorization")).hasValue("Bearer change-me");
    JsonNode internal = json(got.get("internal-api"));
    assertThat(internal.path("event_type").asText()).isEqualTo("prediction");
    assertThat(internal.path("data").path("confidence").isNumber()).isTrue();
    assertThat(json(got.get("slack-high-confidence")).path("text").asText())
        .isEqualTo("⚠️ *HIGH CONFIDENCE PREDICTION* (95%)");
    assertThat(json(got.get("security-team")).path("channel").asText())
        .isEqualTo("#security-alerts");
    assertThat(got.get("github-issue").path())
        .isEqualTo("/github-issue/repos/username/repo/issues");
    assertThat(json(got.get("github-issue")).path("labels").toString())
        .isEqualTo("[\"empathy-prediction\",\"needs-review\"]");
    assertThat(json(got.get("jira-ticket")).path("fields").path("project").path("key").asText())
        .isEqualTo("ENG");
  }

  @Test
  void empathyConditionalWebhooksLeaveOutLowConfidenceOtherTagsAndEveningPredictions()
      throws Exception {
    start("000-empathy-example/hookline.yaml");
    clock.advance(Duration.ofHours(8)); // 20:00 UTC

    Response posted =
        postEvent("000-empathy-example/payloads/level_4_prediction_low_confidence.json");
    String id = posted.json().path("ids").get(0).asText();
    take("slack-prediction", "datadog", "internal-api", "empathy-receiver");

    assertThat(endpointsOf(id))
        .containsExactlyInAnyOrder(
            "slack-prediction", "datadog", "internal-api", "empathy-receiver");
  }

  @Test
  void empathyReceiverReadsEventTypeTimestampAndDataAndVerifiesXEmpathySignature()
      throws Exception {
    start("000-empathy-example/hookline.yaml");

    postEvent("000-empathy-example/payloads/pattern_learned.json");
    RecordedRequest r = take("empathy-receiver").get("empathy-receiver");

    JsonNode body = json(r);
    assertThat(body.path("event_type").asText()).isEqualTo("pattern_learned");
    assertThat(Instant.parse(body.path("timestamp").asText())).isNotNull(); // ISO-8601
    assertThat(body.path("data").path("pattern_name").asText())
        .isEqualTo("sql_injection_detection");
    // The seed's verify_webhook_signature: hmac.new(secret, body, sha256).hexdigest().
    assertThat(r.header("X-Empathy-Signature")).hasValue(hmacHex("empathy-webhook-secret", r));
  }

  // --- 001 (and 002, the same guide): Webhook Integration -----------------------------------

  @Test
  void guidePayloadIsAcceptedAsSentAndTheCustomWebhookGetsItBackInTheSameShape() throws Exception {
    start("001-empathy-guide/hookline.yaml");

    Response posted = postEvent("001-empathy-guide/payloads/prediction.json");
    RecordedRequest r = take("custom", "slack", "basic", "datadog").get("custom");

    assertThat(posted.status()).as(posted.body()).isEqualTo(202);
    JsonNode sent = TestServer.JSON.readTree(read("001-empathy-guide/payloads/prediction.json"));
    assertThat(json(r)).isEqualTo(sent);
    assertThat(r.header("X-Signature")).hasValue(hmacHex("empathy-webhook-secret", r));
    assertThat(r.header("Authorization")).hasValue("Bearer change-me");
  }

  @Test
  void guideSlackPredictionAlertHasTheGuidesBlocksDetectedByAndTime() throws Exception {
    start("001-empathy-guide/hookline.yaml");

    postEvent("001-empathy-guide/payloads/prediction.json");
    JsonNode slack = json(take("slack", "custom", "basic", "datadog").get("slack"));

    assertThat(slack.path("channel").asText()).isEqualTo("#ai-alerts");
    assertThat(slack.path("username").asText()).isEqualTo("Empathy Bot");
    assertThat(slack.path("icon_emoji").asText()).isEqualTo(":robot_face:");
    assertThat(slack.path("blocks").get(0).path("text").path("text").asText())
        .isEqualTo("🔮 Level 4 Prediction");
    assertThat(slack.path("blocks").get(1).path("text").path("text").asText())
        .isEqualTo(
            "*Prediction:* Auth deployment may conflict with user-service v2.1\n"
                + "*Confidence:* 87%\n*Recommendation:* Deploy auth behind feature flag");
    assertThat(slack.path("blocks").get(2).path("elements").get(0).path("text").asText())
        .isEqualTo("Detected by: developer_123 | Time: 2025-11-25 14:30");
  }

  @Test
  void guideBugDetectedOpensAJiraTicketInTheGuidesFormat() throws Exception {
    start("001-empathy-guide/hookline.yaml");

    postEvent("001-empathy-guide/payloads/bug_detected.json");
    RecordedRequest r = take("jira", "custom").get("jira");

    JsonNode fields = json(r).path("fields");
    assertThat(r.path()).startsWith("/jira/rest/api/");
    assertThat(fields.path("project").path("key").asText()).isEqualTo("EMP");
    assertThat(fields.path("summary").asText())
        .isEqualTo("[AI Detected] SQL injection in auth.py:45");
    assertThat(fields.path("issuetype").path("name").asText()).isEqualTo("Bug");
    assertThat(fields.path("priority").path("name").asText()).isEqualTo("High");
    assertThat(fields.path("labels").toString())
        .isEqualTo("[\"ai-detected\",\"security\",\"sql-injection\"]");
  }

  @Test
  void guideFiltersSendHighAlertsToPagerDutyAndOnlySensitiveEventsToCompliance() throws Exception {
    start("001-empathy-guide/hookline.yaml");

    String alert =
        postEvent("001-empathy-guide/payloads/alert_high.json").json().path("ids").get(0).asText();
    String sensitive =
        postEvent("001-empathy-guide/payloads/compliance_violation.json")
            .json()
            .path("ids")
            .get(0)
            .asText();
    String plain =
        t.post(
                "/api/events",
                "{\"event_type\":\"compliance_violation\",\"data\":{\"classification\":\"PUBLIC\"}}")
            .json()
            .path("ids")
            .get(0)
            .asText();
    Map<String, RecordedRequest> got = take("pagerduty", "compliance");

    assertThat(json(got.get("pagerduty")).path("routing_key").asText())
        .isEqualTo("routing-key-placeholder");
    // basic and slack take alerts too, but their templates need {prediction}: those deliveries
    // end dead naming the path, as the guide's str.format would raise KeyError.
    assertThat(endpointsOf(alert))
        .containsExactlyInAnyOrder("pagerduty", "basic", "slack", "custom");
    assertThat(endpointsOf(sensitive)).containsExactlyInAnyOrder("compliance", "custom");
    assertThat(endpointsOf(plain)).containsExactly("custom");
  }

  // --- 003: MegaBot Webhook Integration Guide ----------------------------------------------

  @Test
  void megabotSeedConfigRunsAsWrittenAndItsEventsArriveSigned() throws Exception {
    HooklineConfig c = start("../megabot.yaml");

    postEvent("003-megabot/payloads/error_occurred.json");
    Map<String, RecordedRequest> got = take(c.endpoints().get(0).id(), c.endpoints().get(2).id());

    RecordedRequest github = got.get(c.endpoints().get(0).id());
    assertThat(github.header("Authorization")).hasValue("token ghp_placeholder");
    assertThat(github.header("Accept")).hasValue("application/vnd.github.v3+json");
    assertThat(json(github).path("type").asText()).isEqualTo("error_occurred");
    // Signed at the server's (injected) noon: judge the signature, not the clock.
    SignatureConfig standard = SignatureConfig.standard(WHSEC).withTolerance(Duration.ofDays(3650));
    assertThat(github.verify(standard).valid()).isTrue();
  }

  @Test
  void megabotEventsArriveInMegaBotsShapeSignedWithXMegaBotSignature() throws Exception {
    start("003-megabot/hookline.yaml");

    postEvent("003-megabot/payloads/tool_execution_failed.json");
    List<RecordedRequest> got = List.copyOf(take(ids(), 2).values());

    JsonNode sent =
        TestServer.JSON.readTree(read("003-megabot/payloads/tool_execution_failed.json"));
    for (RecordedRequest r : got) {
      assertThat(json(r)).isEqualTo(sent); // {"event", "id", "timestamp": 1640995210, "data"}
      // The seed's WebhookSigner: json.dumps(payload, separators=(',', ':')), HMAC-SHA256, hex.
      assertThat(TestServer.JSON.writeValueAsString(json(r))).isEqualTo(r.bodyAsString());
      assertThat(r.header("X-MegaBot-Signature")).hasValue("sha256=" + hmacHex(WHSEC, r));
    }
  }

  @Test
  void megabotFilterBlockTakesAdminDatabaseDeployFailuresOnlyInItsTimeWindow() throws Exception {
    start("003-megabot/hookline.yaml");
    ObjectNode admin =
        (ObjectNode)
            TestServer.JSON.readTree(read("003-megabot/payloads/tool_execution_failed.json"));
    ((ObjectNode) admin.path("data"))
        .put("platform", "telegram")
        .put("user_id", "admin_user")
        .put("severity", "error");
    String filtered = WebhookRegistration.stableId("https://slack-webhook.com/notify");

    String seedAsIs =
        postEvent("003-megabot/payloads/tool_execution_failed.json")
            .json()
            .path("ids")
            .get(0)
            .asText();
    admin.put("id", "evt_admin_noon");
    String atNoon = t.post("/api/events", admin.toString()).json().path("ids").get(0).asText();
    clock.advance(Duration.ofHours(8)); // 20:00 UTC
    admin.put("id", "evt_admin_evening");
    String evening = t.post("/api/events", admin.toString()).json().path("ids").get(0).asText();
    RecordedRequest r = take(filtered).get(filtered);

    assertThat(json(r).path("id").asText()).isEqualTo("evt_admin_noon");
    assertThat(endpointsOf(atNoon)).contains(filtered).hasSize(3); // + the two "*" endpoints
    assertThat(endpointsOf(seedAsIs)).doesNotContain(filtered).hasSize(2); // no platform, no user
    assertThat(endpointsOf(evening)).doesNotContain(filtered).hasSize(2);
  }

  @Test
  void megabotRegistrationBodyRegistersThroughApiWebhooksAndItsReceiverVerifies() throws Exception {
    start("003-megabot/hookline.yaml");
    ObjectNode body = (ObjectNode) TestServer.JSON.readTree(read("003-megabot/registration.json"));
    body.put("url", receiver.url("/registered").toString());

    Response r = t.post("/api/webhooks", body.toString());
    t.post(
        "/api/events",
        "{\"event\":\"chat_message\",\"id\":\"evt_chat\",\"timestamp\":1640995200,"
            + "\"data\":{\"platform\":\"telegram\",\"content\":\"Hello MegaBot!\"}}");
    String received =
        postEvent("003-megabot/payloads/chat_message_received.json")
            .json()
            .path("ids")
            .get(0)
            .asText();
    RecordedRequest got = take("registered").get("registered");

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().path("events").toString()).isEqualTo("[\"chat_message\",\"tool_result\"]");
    assertThat(json(got).path("id").asText()).isEqualTo("evt_chat");
    assertThat(got.header("X-Hookline-Signature"))
        .hasValue("sha256=" + hmacHex("your_webhook_secret", got));
    // "chat_message" is a type of its own: chat_message_received needs chat_message_* instead.
    assertThat(endpointsOf(received)).doesNotContain(r.json().path("id").asText());
  }

  // --- 004: configurable-agents Webhook Integration Example ---------------------------------

  @Test
  void configurableAgentsRegisteredWorkflowRunsFromASignedGenericWebhook() throws Exception {
    start("004-configurable-agents/hookline.yaml");

    Response registered =
        t.post("/api/workflows", read("004-configurable-agents/registration.json"));
    Response run = generic(read("004-configurable-agents/payloads/slack_notification.json"), true);
    Response unsigned = generic(read("004-configurable-agents/payloads/test.json"), false);

    assertThat(registered.status()).as(registered.body()).isIn(200, 201);
    assertThat(run.status()).as(run.body()).isEqualTo(200);
    assertThat(run.json().path("status").asText()).isEqualTo("succeeded");
    assertThat(run.json().path("output").asText())
        .isEqualTo("[deployment] New version deployed to production -> #alerts");
    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(t.get("/api/workflows/slack_notification/runs").json().path("data").size())
        .isEqualTo(1);
  }

  @Test
  void configurableAgentsOtherPayloadsBecomeGenericEventsForTheEndpoints() throws Exception {
    start("004-configurable-agents/hookline.yaml");

    for (String p : List.of("github", "stripe", "custom")) {
      Response r = generic(read("004-configurable-agents/payloads/" + p + ".json"), true);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
    List<RecordedRequest> log = new java.util.ArrayList<>();
    RecordedRequest userAction = null;
    while (log.size() < 3 || userAction == null) {
      RecordedRequest r = receiver.takeRequest(Duration.ofSeconds(10));
      if (r.path().equals("/user-actions")) {
        userAction = r;
      } else {
        log.add(r);
      }
    }

    assertThat(log).extracting(r -> json(r).path("type").asText()).containsOnly("generic");
    assertThat(log)
        .extracting(r -> json(r).path("data"))
        .anySatisfy(d -> assertThat(d.path("ref").asText()).isEqualTo("refs/heads/main"))
        .anySatisfy(d -> assertThat(d.path("type").asText()).isEqualTo("charge.succeeded"))
        .anySatisfy(d -> assertThat(d.path("event").asText()).isEqualTo("user_action"));
    assertThat(json(userAction).path("text").asText()).isEqualTo("User 12345 completed_task");
  }

  @Test
  void guideOnFailureCallbackIsOneNoticePerDeadDeliveryWithTheEventAndTheError() throws Exception {
    start("001-empathy-guide/hookline.yaml");
    receiver.enqueue(MockResponse.status(400).withBody("no such customer"));

    String id =
        t.post(
                "/api/events",
                "{\"event_type\":\"compliance_violation\",\"data\":{\"classification\":\"PUBLIC\"}}")
            .json()
            .path("ids")
            .get(0)
            .asText();
    Map<String, RecordedRequest> got = take("custom", "failures");

    JsonNode notice = json(got.get("failures"));
    assertThat(notice.path("type").asText()).isEqualTo("hookline.delivery.dead");
    assertThat(notice.path("data").path("endpoint_id").asText()).isEqualTo("custom");
    assertThat(notice.path("data").path("event").path("id").asText()).isEqualTo(id);
    assertThat(notice.path("data").path("last_error").asText()).contains("400");
  }

  // --- helpers ---------------------------------------------------------------------------

  /** Starts the server on {@code file} (under examples/seeds), URLs pointed at the receiver. */
  private HooklineConfig start(String file) {
    HooklineConfig c = HooklineConfig.load(SEEDS.resolve(file), Map.of());
    HooklineConfig local =
        c.withEndpoints(
                c.endpoints().stream()
                    .map(
                        e ->
                            e.format() == Format.EMAIL
                                ? e // SMTP: no URL to point anywhere
                                : e.toBuilder().url(receiver.url("/" + e.id())).build())
                    .toList())
            .withStore("jdbc:sqlite:" + dir.resolve("hookline.db"))
            .withServer(
                c.server()
                    .withAddress("127.0.0.1", 0)
                    .withApiKeys(List.of(TestServer.API_KEY))
                    .withAllowPrivateNetworks(true));
    t =
        new TestServer(
            local,
            b ->
                b.clock(clock)
                    .workflowDir(SEEDS.resolveSibling("workflows"))
                    .environment(Map.of()));
    return c;
  }

  private Set<String> ids() {
    Set<String> out = new TreeSet<>();
    t.get("/api/endpoints").json().path("data").forEach(e -> out.add(e.path("id").asText()));
    return out;
  }

  private static String read(String file) throws IOException {
    return Files.readString(SEEDS.resolve(file), StandardCharsets.UTF_8);
  }

  private Response postEvent(String payload) throws IOException {
    Response r = t.post("/api/events", read(payload));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return r;
  }

  private Response generic(String body, boolean signed) throws GeneralSecurityException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(t.uri("/webhooks/generic"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signed) {
      request.header(
          "X-Webhook-Signature",
          hmacHex("generic-secret-placeholder", body.getBytes(StandardCharsets.UTF_8)));
    }
    return t.sendRaw(request);
  }

  /** The first request for each endpoint id (receiver path {@code /<id>...}). */
  private Map<String, RecordedRequest> take(String... endpoints) throws InterruptedException {
    return take(Set.of(endpoints), endpoints.length);
  }

  private Map<String, RecordedRequest> take(Set<String> endpoints, int count)
      throws InterruptedException {
    Map<String, RecordedRequest> got = new LinkedHashMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (got.size() < count && System.nanoTime() < deadline) {
      RecordedRequest r = receiver.pollRequest(Duration.ofSeconds(1)).orElse(null);
      if (r != null) {
        String id = r.path().substring(1).split("[/?]")[0];
        if (endpoints.contains(id)) {
          got.putIfAbsent(id, r);
        }
      }
    }
    assertThat(got.keySet()).hasSize(count).isSubsetOf(endpoints);
    return got;
  }

  /** The endpoints that the event was routed to, once all its deliveries exist. */
  private Set<String> endpointsOf(String eventId) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              Set<String> out = new TreeSet<>();
              t.get("/api/deliveries?event=" + eventId)
                  .json()
                  .path("data")
                  .forEach(d -> out.add(d.path("endpoint_id").asText()));
              return out;
            },
            s -> !s.isEmpty());
  }

  private static JsonNode json(RecordedRequest r) {
    try {
      return TestServer.JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.bodyAsString(), e);
    }
  }

  private static String hmacHex(String secret, RecordedRequest r) throws GeneralSecurityException {
    return hmacHex(secret, r.body());
  }

  private static String hmacHex(String secret, byte[] body) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }
}
