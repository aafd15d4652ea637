package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.MutableClock;
import dev.hookline.server.config.ConfigException;
import dev.hookline.server.config.HooklineConfig;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code on_failure} in hookline.yaml, in a running server: one notice per dead delivery. */
class FailureNoticeServerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private String yaml(WebhookReceiver orders, WebhookReceiver alerts) {
    return """
        server: {host: 127.0.0.1, port: 0, api_keys: ["%s"], allow_private_networks: true}
        store: {url: "jdbc:sqlite:%s"}
        signing: {secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}
        endpoints:
          - id: orders
            url: "%s"
            events: ["order.*"]
            retry_policy: {max_attempts: 2, schedule: [10s], jitter: 0}
            on_failure: {endpoint: ops-alerts}
          - id: ops-alerts
            url: "%s"
            events: ["deploy.*"]
        """
        .formatted(
            TestServer.API_KEY,
            dir.resolve("hookline.db"),
            orders.url("/orders"),
            alerts.url("/alerts"));
  }

  private static int count(TestServer t, String query) {
    return t.get("/api/deliveries?" + query).json().path("data").size();
  }

  @Test
  void theOnFailureEndpointGetsOneNoticePerDeadDeliveryWithTheEventAndLastError() throws Exception {
    try (WebhookReceiver orders = WebhookReceiver.start();
        WebhookReceiver alerts = WebhookReceiver.start()) {
      orders.setDefaultResponse(MockResponse.status(503));
      HooklineConfig config = HooklineConfig.parse(yaml(orders, alerts), Map.of(), dir);
      MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
      try (TestServer t = new TestServer(config, b -> b.clock(clock))) {

        for (int n = 1; n <= 2; n++) {
          String event =
              "{\"id\":\"ord_" + n + "\",\"type\":\"order.created\",\"data\":{\"n\":" + n + "}}";
          assertThat(t.post("/api/events", event).status()).isEqualTo(202);
        }
        await().atMost(WAIT).until(() -> orders.requestCount() == 2);
        await().atMost(WAIT).until(() -> count(t, "endpoint=orders&status=failed") == 2);
        clock.advance(Duration.ofSeconds(10));
        await().atMost(WAIT).until(() -> count(t, "endpoint=orders&status=dead") == 2);

        List<JsonNode> notices = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          RecordedRequest r = alerts.takeRequest(WAIT);
          assertThat(r.header("X-Hookline-Event")).contains("hookline.delivery.dead");
          notices.add(TestServer.JSON.readTree(r.body()));
        }
        assertThat(notices)
            .extracting(n -> n.path("data").path("event").path("id").asText())
            .containsExactlyInAnyOrder("ord_1", "ord_2");
        JsonNode data = notices.get(0).path("data");
        assertThat(data.path("endpoint_id").asText()).isEqualTo("orders");
        assertThat(data.path("attempts").asInt()).isEqualTo(2);
        assertThat(data.path("last_status").asInt()).isEqualTo(503);
        assertThat(data.path("last_error").asText()).startsWith("HTTP 503");
        assertThat(data.path("event").path("data").path("n").isInt()).isTrue();
        assertThat(notices.get(0).path("id").asText())
            .isEqualTo("dead_" + data.path("delivery_id").asText() + "_2");
        // Two attempts each, yet one notice per dead delivery: the deaths are stored before the
        // notices are accepted, so the API lists every notice there will be.
        JsonNode listed = t.get("/api/events?type=hookline.delivery.dead").json();
        assertThat(listed.path("data").size()).isEqualTo(2);
        assertThat(count(t, "endpoint=ops-alerts")).isEqualTo(2);
        assertThat(orders.requestCount()).isEqualTo(4);
      }
    }
  }

  @Test
  void theApiRefusesAMissingTargetAndDeletingATargetInUse() throws Exception {
    try (WebhookReceiver orders = WebhookReceiver.start();
        WebhookReceiver alerts = WebhookReceiver.start()) {
      HooklineConfig config = HooklineConfig.parse(yaml(orders, alerts), Map.of(), dir);
      try (TestServer t = new TestServer(config)) {

        TestServer.Response missing =
            t.post(
                "/api/endpoints",
                "{\"id\":\"billing\",\"url\":\""
                    + orders.url("/billing")
                    + "\",\"events\":[\"*\"],\"on_failure\":{\"endpoint\":\"pager\"}}");
        TestServer.Response delete = t.method("DELETE", "/api/endpoints/ops-alerts", "");

        TestServer.assertError(missing, 400, "invalid_endpoint");
        assertThat(missing.json().path("message").asText()).contains("on_failure.endpoint");
        TestServer.assertError(delete, 409, "conflict");
        assertThat(delete.json().path("message").asText()).contains("orders");
        JsonNode stored = t.get("/api/endpoints/orders").json();
        assertThat(stored.path("on_failure").path("endpoint").asText()).isEqualTo("ops-alerts");
      }
    }
  }

  @Test
  void theConfigFileNamesAnOnFailureEndpointThatIsNotDeclared() {
    String yaml =
        """
        endpoints:
          - id: orders
            url: "https://orders.example.com"
            events: ["*"]
            on_failure: {endpoint: pager}
          - id: ops
            url: "https://ops.example.com"
            events: ["*"]
            on_failure: {endpoint: orders, event: ops.dead}
        """;

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> HooklineConfig.parse(yaml, Map.of(), dir));

    assertThat(e.getMessage())
        .contains(
            "endpoints[0].on_failure.endpoint: 'pager' is not an endpoint id; declared endpoints"
                + " are orders, ops")
        .contains("endpoints[1].on_failure")
        .contains("exactly one of endpoint");
  }
}
