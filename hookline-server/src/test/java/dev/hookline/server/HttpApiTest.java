package dev.hookline.server;

import static dev.hookline.server.TestServer.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.HooklineException;
import dev.hookline.server.TestServer.Response;
import dev.hookline.server.config.HooklineConfig;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpApiTest {
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

  String endpoint(String id, String events, String extra) {
    return "{\"id\":\""
        + id
        + "\",\"url\":\""
        + receiver.url("/" + id)
        + "\",\"events\":["
        + events
        + "]"
        + extra
        + "}";
  }

  JsonNode awaitDelivery(String eventId, String status) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> t.get("/api/deliveries?event=" + eventId).json().path("data").path(0),
            d -> d.path("status").asText().equals(status));
  }

  @Test
  void registeredEndpointReceivesPostedEventSignedAndStatsCountIt() throws Exception {
    Response created = t.post("/api/endpoints", endpoint("orders", "\"order.*\"", ""));
    Response posted =
        t.post(
            "/api/events",
            "{\"id\":\"evt_order_1\",\"type\":\"order.created\",\"data\":{\"total\":42}}");

    RecordedRequest req = receiver.takeRequest(Duration.ofSeconds(10));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValue("/api/endpoints/orders");
    assertThat(posted.status()).isEqualTo(202);
    assertThat(posted.json().path("ids").get(0).asText()).isEqualTo("evt_order_1");
    assertThat(posted.json().path("deliveries").asInt()).isEqualTo(1);
    assertThat(req.path()).isEqualTo("/orders");
    assertThat(req.header("webhook-id")).hasValue("evt_order_1");
    assertThat(req.verify(SignatureConfig.standard(t.secret)).valid()).isTrue();
    assertThat(TestServer.JSON.readTree(req.body()).path("data").path("total").asInt())
        .isEqualTo(42);

    JsonNode delivery = awaitDelivery("evt_order_1", "succeeded");
    JsonNode detail = t.get("/api/deliveries/" + delivery.path("id").asText()).json();
    assertThat(detail.path("attempt_log").get(0).path("status_code").asInt()).isEqualTo(200);
    JsonNode stats = t.get("/api/endpoints/orders/stats").json();
    assertThat(stats.path("total_sent").asInt()).isEqualTo(1);
    assertThat(stats.path("success_rate").asDouble()).isEqualTo(1.0);
    assertThat(stats.has("p95_response_time_ms")).isTrue();
    JsonNode event = t.get("/api/events/evt_order_1").json();
    assertThat(event.path("event").path("type").asText()).isEqualTo("order.created");
    assertThat(event.path("deliveries")).hasSize(1);
  }

  @Test
  void deadDeliveryIsRetriedOverHttpWithTheNextAttemptNumber() throws Exception {
    receiver.enqueue(MockResponse.status(400));
    t.post("/api/endpoints", endpoint("strict", "\"*\"", ""));
    t.post("/api/events", "{\"id\":\"evt_dead\",\"type\":\"x\"}");
    receiver.takeRequest(Duration.ofSeconds(10));
    JsonNode dead = awaitDelivery("evt_dead", "dead");

    Response retried = t.post("/api/deliveries/" + dead.path("id").asText() + "/retry", "");

    assertThat(retried.status()).isEqualTo(202);
    RecordedRequest again = receiver.takeRequest(Duration.ofSeconds(10));
    assertThat(again.header("X-Hookline-Attempt")).hasValue("2");
    assertThat(awaitDelivery("evt_dead", "succeeded").path("attempts").asInt()).isEqualTo(2);
    JsonNode log = t.get("/api/deliveries/" + dead.path("id").asText()).json().path("attempt_log");
    assertThat(log).hasSize(2);
    assertThat(log.get(0).path("status_code").asInt()).isEqualTo(400);
  }

  @Test
  void deadDeliveriesAreReplayedForAnEndpoint() throws Exception {
    receiver.enqueue(MockResponse.status(404));
    receiver.enqueue(MockResponse.status(404));
    t.post("/api/endpoints", endpoint("replayed", "\"*\"", ""));
    t.post(
        "/api/events", "[{\"id\":\"evt_r1\",\"type\":\"x\"},{\"id\":\"evt_r2\",\"type\":\"x\"}]");
    awaitDelivery("evt_r1", "dead");
    awaitDelivery("evt_r2", "dead");

    Response replay =
        t.post("/api/endpoints/replayed/replay", "{\"status\":\"dead\",\"since\":\"1h\"}");

    assertThat(replay.status()).isEqualTo(202);
    assertThat(replay.json().path("replayed").asInt()).isEqualTo(2);
    awaitDelivery("evt_r1", "succeeded");
    awaitDelivery("evt_r2", "succeeded");
  }

  @Test
  void anEventIdSeenBeforeAnswers200AndQueuesNothing() throws Exception {
    t.post("/api/endpoints", endpoint("once", "\"*\"", ""));
    Response first = t.post("/api/events", "{\"id\":\"evt_same\",\"type\":\"x\"}");
    receiver.takeRequest(Duration.ofSeconds(10));

    Response second = t.post("/api/events", "{\"id\":\"evt_same\",\"type\":\"x\"}");

    assertThat(first.status()).isEqualTo(202);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().path("deliveries").asInt()).isZero();
    assertThat(t.get("/api/deliveries?event=evt_same").json().path("data")).hasSize(1);
  }

  @Test
  void cloudEventsAreAccepted() {
    Response r =
        t.send(
            HttpRequest.newBuilder(t.uri("/api/events"))
                .header("Content-Type", "application/cloudevents+json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"specversion\":\"1.0\",\"id\":\"ce-1\",\"source\":\"/billing\","
                            + "\"type\":\"invoice.paid\",\"data\":{\"amount\":5}}")));

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    JsonNode event = t.get("/api/events/ce-1").json().path("event");
    assertThat(event.path("type").asText()).isEqualTo("invoice.paid");
    assertThat(event.path("source").asText()).isEqualTo("/billing");
  }

  @Test
  void badInputGetsItsStatusAndChangesNothing() {
    assertError(t.post("/api/events", "{not json"), 400, "malformed_json");
    // One body, one reading: a duplicate key or trailing data is refused, not merged.
    assertError(t.post("/api/events", "{\"type\":\"a\",\"type\":\"b\"}"), 400, "malformed_json");
    assertError(t.post("/api/events", "{\"type\":\"a\"} {}"), 400, "malformed_json");
    assertError(t.post("/api/events", "{\"data\":{}}"), 400, "invalid_event");
    assertError(t.post("/api/events", "[{\"type\":\"ok\"},{\"type\":\"\"}]"), 400, "invalid_event");
    assertError(t.post("/api/endpoints", "{\"id\":\"x\"}"), 400, "invalid_endpoint");
    assertError(
        t.post("/api/endpoints", endpoint("bad", "\"*\"", ",\"retry_policy\":{\"max_attempt\":3}")),
        400,
        "invalid_endpoint");
    assertError(t.get("/api/deliveries?status=lost"), 400, "invalid_status");
    assertError(t.get("/api/deliveries?limit=0"), 400, "invalid_query");
    assertError(t.get("/api/events?since=yesterday"), 400, "invalid_time");

    assertThat(t.get("/api/events").json().path("data")).isEmpty();
    assertThat(t.get("/api/endpoints").json().path("data")).isEmpty();
  }

  @Test
  void unknownThingsAre404InJson() {
    assertError(t.get("/api/events/evt_nope"), 404, "not_found");
    assertError(t.get("/api/endpoints/nope"), 404, "not_found");
    assertError(t.get("/api/deliveries/dlv_nope"), 404, "not_found");
    assertError(t.post("/api/deliveries/dlv_nope/retry", ""), 404, "not_found");
    assertError(t.get("/api/nothing-here"), 404, "not_found");
  }

  @Test
  void missingOrWrongApiKeyIs401AndHealthStaysOpen() {
    Response missing = t.sendRaw(HttpRequest.newBuilder(t.uri("/api/endpoints")).GET());
    Response wrong =
        t.sendRaw(
            HttpRequest.newBuilder(t.uri("/api/events"))
                .header("Authorization", "Bearer nope")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"x\"}")));
    Response metrics = t.sendRaw(HttpRequest.newBuilder(t.uri("/metrics")).GET());
    Response health = t.sendRaw(HttpRequest.newBuilder(t.uri("/health")).GET());

    assertError(missing, 401, "unauthorized");
    assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertError(wrong, 401, "unauthorized");
    assertError(metrics, 401, "unauthorized");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("status").asText()).isEqualTo("ok");
    assertThat(health.json().path("store").asText()).isEqualTo("ok");
    assertThat(health.json().path("dispatcher").asText()).isEqualTo("running");
    assertThat(t.get("/api/events").json().path("data")).isEmpty();
  }

  @Test
  void bodyOverTheLimitIs413() {
    t.close();
    t = new TestServer(dir.resolve("small"), c -> c.withServer(c.server().withMaxBodyBytes(1024)));
    String big = "{\"type\":\"x\",\"data\":{\"pad\":\"" + "a".repeat(2000) + "\"}}";

    Response r = t.post("/api/events", big);

    assertError(r, 413, "body_too_large");
    assertThat(t.get("/api/events").json().path("data")).isEmpty();
  }

  @Test
  void endpointWithoutSignatureGetsItsOwnSecretWhenTheServerHasNone() throws Exception {
    t.close();
    HooklineConfig.ServerSettings s = t.server.config().server();
    t =
        new TestServer(
            HooklineConfig.defaults()
                .withStore("jdbc:sqlite:" + dir.resolve("unsigned.db"))
                .withServer(s));

    Response created = t.post("/api/endpoints", endpoint("own", "\"*\"", ""));
    t.post("/api/events", "{\"type\":\"x\"}");

    String secret = created.json().path("signature").path("secret").asText();
    assertThat(secret).startsWith("whsec_");
    RecordedRequest req = receiver.takeRequest(Duration.ofSeconds(10));
    assertThat(req.verify(SignatureConfig.standard(secret)).valid()).isTrue();
  }

  @Test
  void endpointsAreUpdatedPatchedAndDeleted() {
    t.post("/api/endpoints", endpoint("crud", "\"a\"", ",\"timeout\":\"2s\""));

    Response patched =
        t.method("PATCH", "/api/endpoints/crud", "{\"enabled\":false,\"events\":[\"b\"]}");
    Response put = t.method("PUT", "/api/endpoints/crud2", endpoint("crud2", "\"c\"", ""));
    Response conflict = t.post("/api/endpoints", endpoint("crud", "\"a\"", ""));
    Response deleted = t.method("DELETE", "/api/endpoints/crud", "");

    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().path("enabled").asBoolean()).isFalse();
    assertThat(patched.json().path("events").get(0).asText()).isEqualTo("b");
    assertThat(patched.json().path("timeout").asText()).isEqualTo("2s");
    assertThat(put.status()).isEqualTo(201);
    assertError(conflict, 409, "conflict");
    assertThat(deleted.status()).isEqualTo(204);
    assertError(t.get("/api/endpoints/crud"), 404, "not_found");
    assertThat(t.get("/api/endpoints").json().path("data")).hasSize(1);
  }

  @Test
  void secretsAreMaskedWhenShownAndKeptWhenTheMaskComesBack() throws Exception {
    String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    Response created =
        t.post(
            "/api/endpoints",
            endpoint(
                "masked",
                "\"*\"",
                ",\"signature\":{\"scheme\":\"standard\",\"secret\":\""
                    + secret
                    + "\"},\"headers\":{\"Authorization\":\"Bearer tok_0123456789\"}"));

    JsonNode shown = t.get("/api/endpoints/masked").json();
    Response put = t.method("PUT", "/api/endpoints/masked", shown.toString());
    t.post("/api/events", "{\"type\":\"x\"}");

    assertThat(created.json().path("signature").path("secret").asText()).isEqualTo(secret);
    assertThat(shown.path("signature").path("secret").asText()).isEqualTo("****LaSw");
    assertThat(shown.path("headers").path("Authorization").asText()).isEqualTo("****6789");
    assertThat(t.get("/api/endpoints").json().toString()).doesNotContain(secret);
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(t.get("/api/endpoints/masked/secret").json().path("secret").asText())
        .isEqualTo(secret);
    RecordedRequest req = receiver.takeRequest(Duration.ofSeconds(10));
    assertThat(req.verify(SignatureConfig.standard(secret)).valid()).isTrue();
    assertThat(req.header("Authorization")).hasValue("Bearer tok_0123456789");
  }

  @Test
  void aRotationKeepsTheMaskedOldSecretAndAStrayMaskIsRefused() throws Exception {
    String old = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    String fresh = "whsec_dGhpcyBpcyBhIG5ldyBzZWNyZXQga2V5IDEyMw==";
    t.post(
        "/api/endpoints",
        endpoint(
            "rot", "\"*\"", ",\"signature\":{\"scheme\":\"standard\",\"secret\":\"" + old + "\"}"));

    Response rotated =
        t.method(
            "PATCH",
            "/api/endpoints/rot",
            "{\"signature\":{\"scheme\":\"standard\",\"secret\":[\""
                + fresh
                + "\",\"****LaSw\"]}}");
    Response stray =
        t.method(
            "PATCH",
            "/api/endpoints/rot",
            "{\"signature\":{\"scheme\":\"standard\",\"secret\":\"****abcd\"}}");

    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    assertThat(t.get("/api/endpoints/rot/secret").json().path("secret"))
        .extracting(JsonNode::asText)
        .containsExactly(fresh, old);
    assertError(stray, 400, "invalid_endpoint");
    assertThat(t.get("/api/endpoints/rot/secret").json().path("secret").size()).isEqualTo(2);
  }

  @Test
  void endpointsSurviveARestartAndConfigEndpointsFollowTheFile() throws Exception {
    t.post("/api/endpoints", endpoint("from-api", "\"*\"", ""));
    t.close();
    HooklineConfig withFileEndpoint =
        TestServer.config(
            dir,
            t.secret,
            c ->
                c.withEndpoints(
                    List.of(
                        dev.hookline.routing.Endpoint.builder("from-file", receiver.url("/file"))
                            .events("*")
                            .build())));
    t = new TestServer(withFileEndpoint);
    List<String> first = ids(t.get("/api/endpoints").json());
    t.close();

    t = new TestServer(TestServer.config(dir, t.secret, c -> c));
    List<String> second = ids(t.get("/api/endpoints").json());

    assertThat(first).containsExactlyInAnyOrder("from-api", "from-file");
    assertThat(second).containsExactly("from-api");
  }

  @Test
  void aRetryDueWhenTheServerRestartsGoesToItsApiCreatedEndpoint() throws Exception {
    receiver.enqueue(MockResponse.status(503));
    t.post(
        "/api/endpoints",
        endpoint("restarted", "\"*\"", ",\"retry_policy\":{\"schedule\":[\"1s\"],\"jitter\":0}"));
    t.post("/api/events", "{\"id\":\"evt_restart\",\"type\":\"x\"}");
    receiver.takeRequest(Duration.ofSeconds(10));
    java.time.Instant due =
        java.time.Instant.parse(
            awaitDelivery("evt_restart", "failed").path("next_attempt_at").asText());
    String secret = t.secret;
    t.close();
    // The server runs on the real clock: wait until the retry is due before the next start.
    await().atMost(Duration.ofSeconds(10)).until(() -> java.time.Instant.now().isAfter(due));

    t = new TestServer(TestServer.config(dir, secret, c -> c));

    RecordedRequest again = receiver.takeRequest(Duration.ofSeconds(10));
    assertThat(again.header("X-Hookline-Attempt")).hasValue("2");
    assertThat(awaitDelivery("evt_restart", "succeeded").path("attempts").asInt()).isEqualTo(2);
  }

  @Test
  void anEndpointDisabledBy410StaysDisabledAfterARestart() throws Exception {
    receiver.enqueue(MockResponse.status(410));
    t.post("/api/endpoints", endpoint("gone", "\"x\"", ""));
    t.post("/api/events", "{\"type\":\"x\"}");
    receiver.takeRequest(Duration.ofSeconds(10));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !t.get("/api/endpoints/gone").json().path("enabled").asBoolean(true));
    String secret = t.secret;
    t.close();

    t = new TestServer(TestServer.config(dir, secret, c -> c));

    assertThat(t.get("/api/endpoints/gone").json().path("enabled").asBoolean(true)).isFalse();
  }

  @Test
  void aStoredHeaderWithABraceFromBeforeHeaderTemplatesIsStillSentLiterally() throws Exception {
    String secret = t.secret;
    t.close();
    try (dev.hookline.store.Store store =
        dev.hookline.store.Store.sqlite(dir.resolve("hookline.db"))) {
      store.saveEndpoint(
          new dev.hookline.store.StoredEndpoint(
              "old",
              endpoint("old", "\"x\"", ",\"headers\":{\"X-Schema\":\"{\\\"v\\\":2}\"}"),
              dev.hookline.store.StoredEndpoint.ORIGIN_API,
              java.time.Instant.EPOCH));
    }

    t = new TestServer(TestServer.config(dir, secret, c -> c));
    t.post("/api/events", "{\"type\":\"x\"}");

    RecordedRequest r = receiver.takeRequest(Duration.ofSeconds(10));
    assertThat(r.path()).isEqualTo("/old");
    assertThat(r.header("X-Schema")).hasValue("{\"v\":2}");
  }

  private static List<String> ids(JsonNode page) {
    return java.util.stream.StreamSupport.stream(page.path("data").spliterator(), false)
        .map(n -> n.path("id").asText())
        .toList();
  }

  @Test
  void testEventReachesTheEndpointWhateverItSubscribesTo() throws Exception {
    t.post("/api/endpoints", endpoint("picky", "\"never.this\"", ""));

    Response r = t.post("/api/endpoints/picky/test", "");

    assertThat(r.status()).isEqualTo(202);
    RecordedRequest req = receiver.takeRequest(Duration.ofSeconds(10));
    assertThat(req.header("X-Hookline-Event")).hasValue("hookline.test");
  }

  @Test
  void metricsAreInPrometheusFormat() throws Exception {
    t.post("/api/endpoints", endpoint("m", "\"*\"", ""));
    t.post("/api/events", "{\"type\":\"x\"}");
    receiver.takeRequest(Duration.ofSeconds(10));

    Response r = await().until(() -> t.get("/metrics"), m -> m.body().contains("hookline_"));

    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(r.body()).contains("# TYPE").contains("jvm_memory_used_bytes");
  }

  @Test
  void aServerThatCannotBindLeavesNothingRunning() throws Exception {
    java.util.function.LongSupplier ours =
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th.isAlive())
                .map(Thread::getName)
                .filter(
                    n ->
                        n.startsWith("hookline-endpoint-sync") || n.startsWith("hookline-workflow"))
                .count();
    long before = ours.getAsLong();
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      HooklineConfig busy =
          TestServer.config(
              dir.resolve("busy"),
              t.secret,
              c -> c.withServer(c.server().withAddress("127.0.0.1", taken.getLocalPort())));

      assertThatThrownBy(() -> HooklineServer.start(busy)).isInstanceOf(RuntimeException.class);
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> ours.getAsLong() <= before);
  }

  @Test
  void refusesANonLoopbackAddressWithoutApiKeys() {
    HooklineConfig open =
        TestServer.config(
            dir,
            t.secret,
            c -> c.withServer(c.server().withAddress("0.0.0.0", 0).withApiKeys(List.of())));

    assertThatThrownBy(() -> HooklineServer.start(open))
        .isInstanceOf(HooklineException.class)
        .hasMessageContaining("without API keys");
  }
}
