package dev.hookline.server;

import static dev.hookline.server.TestServer.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.server.TestServer.Response;
import dev.hookline.server.config.HooklineConfig;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Templated headers and {@code delivery_headers} through the REST API and {@code hookline.yaml}.
 */
class DeliveryHeadersServerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  WebhookReceiver receiver;
  TestServer t;

  @BeforeEach
  void startReceiver() {
    receiver = WebhookReceiver.start();
  }

  @AfterEach
  void stop() {
    if (t != null) {
      t.close();
    }
    receiver.close();
  }

  String endpoint(String id, String extra) {
    return "{\"id\":\""
        + id
        + "\",\"url\":\""
        + receiver.url("/" + id)
        + "\",\"events\":[\"*\"]"
        + extra
        + "}";
  }

  /** A server from a hookline.yaml text, on a loopback port with its store in the temp dir. */
  TestServer fromYaml(String yaml) {
    HooklineConfig parsed = HooklineConfig.parse(yaml, Map.of(), dir);
    HooklineConfig c = parsed.withStore("jdbc:sqlite:" + dir.resolve("hookline.db"));
    c =
        c.withServer(
            c.server()
                .withAddress("127.0.0.1", 0)
                .withApiKeys(List.of(TestServer.API_KEY))
                .withAllowPrivateNetworks(true));
    return new TestServer(c);
  }

  @Test
  void anEndpointCreatedOverTheApiSendsTemplatedAndRenamedHeaders() throws Exception {
    t = new TestServer(dir);
    Response created =
        t.post(
            "/api/endpoints",
            endpoint(
                "ops",
                ",\"headers\":{\"X-Event\":\"{type}\",\"User-Agent\":\"Ops/{data.v|1}\"},"
                    + "\"delivery_headers\":{\"delivery\":\"X-Ops-Delivery\",\"attempt\":\"\"}"));

    Response sent = t.post("/api/endpoints/ops/test", "");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(sent.status()).isEqualTo(202);
    RecordedRequest r = receiver.takeRequest(WAIT);
    assertThat(r.header("X-Event")).hasValue("hookline.test");
    assertThat(r.header("User-Agent")).hasValue("Ops/1");
    assertThat(r.header("X-Ops-Delivery")).isPresent();
    assertThat(r.header("X-Hookline-Attempt")).isEmpty();
    assertThat(r.header("X-Hookline-Event")).hasValue("hookline.test");
    assertThat(r.verify(SignatureConfig.standard(t.secret)).valid()).isTrue();
    JsonNode stored = t.get("/api/endpoints/ops").json();
    assertThat(stored.path("delivery_headers").path("delivery").asText())
        .isEqualTo("X-Ops-Delivery");
    assertThat(stored.path("headers").path("X-Event").asText()).isEqualTo("{type}");
  }

  @Test
  void aBadBlockOverTheApiIsA400NamingTheKey() {
    t = new TestServer(dir);

    Response r =
        t.post("/api/endpoints", endpoint("ops", ",\"delivery_headers\":{\"evnt\":\"X-E\"}"));

    assertError(r, 400, "invalid_endpoint");
    assertThat(r.json().path("message").asText()).contains("delivery_headers.evnt");
  }

  @Test
  void standardOffOverTheApiIsRefusedWhileTheServerSignsWithStandardWebhooks() {
    t = new TestServer(dir);

    Response r =
        t.post("/api/endpoints", endpoint("ops", ",\"delivery_headers\":{\"standard\":false}"));

    assertError(r, 400, "invalid_endpoint");
    assertThat(r.json().path("message").asText())
        .contains("delivery_headers.standard")
        .contains("Standard Webhooks");
  }

  @Test
  void aMalformedHeaderTemplateOverTheApiIsA400WithTheEscape() {
    t = new TestServer(dir);

    Response r = t.post("/api/endpoints", endpoint("ops", ",\"headers\":{\"X-J\":\"{oops\"}"));

    assertError(r, 400, "invalid_endpoint");
    assertThat(r.json().path("message").asText()).contains("headers.X-J").contains("{{");
  }

  @Test
  void theConfigFilesTopLevelBlockAppliesToItsEndpointsAndToApiEndpoints() throws Exception {
    t =
        fromYaml(
            """
            signing:
              secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
            delivery_headers:
              event: X-MegaBot-Event
              delivery: X-MegaBot-Delivery
              timestamp: X-MegaBot-Timestamp
              attempt: ""
              user_agent: MegaBot-Webhook/1.0
            endpoints:
              - id: megabot
                url: "%s"
                events: ["*"]
                signature: {scheme: hex, secret: your_webhook_secret, header: X-MegaBot-Signature, prefix: "sha256="}
                delivery_headers: {standard: false}
            """
                .formatted(receiver.url("/megabot")));
    SignatureConfig hex =
        SignatureConfig.hex("your_webhook_secret", "X-MegaBot-Signature", "sha256=");

    t.post("/api/endpoints/megabot/test", "");
    RecordedRequest fromFile = receiver.takeRequest(WAIT);
    t.post("/api/endpoints", endpoint("api", ",\"delivery_headers\":{\"event\":\"X-Api-Event\"}"));
    t.post("/api/endpoints/api/test", "");
    RecordedRequest fromApi = receiver.takeRequest(WAIT);

    assertThat(fromFile.verify(hex).valid()).isTrue();
    assertThat(fromFile.header("X-MegaBot-Signature"))
        .hasValueSatisfying(s -> assertThat(s).startsWith("sha256="));
    assertThat(fromFile.header("X-MegaBot-Event")).hasValue("hookline.test");
    assertThat(fromFile.header("X-MegaBot-Delivery")).isPresent();
    assertThat(fromFile.header("X-MegaBot-Timestamp")).isPresent();
    assertThat(fromFile.header("User-Agent")).hasValue("MegaBot-Webhook/1.0");
    assertThat(fromFile.header("webhook-id")).isEmpty();
    assertThat(fromFile.header("X-Hookline-Attempt")).isEmpty();
    assertThat(fromApi.header("X-Api-Event")).hasValue("hookline.test");
    assertThat(fromApi.header("X-MegaBot-Delivery")).isPresent();
    assertThat(fromApi.header("User-Agent")).hasValue("MegaBot-Webhook/1.0");
    assertThat(fromApi.header("webhook-id")).isPresent();
  }
}
