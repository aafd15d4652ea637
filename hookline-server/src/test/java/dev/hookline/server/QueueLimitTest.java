package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookline.MutableClock;
import dev.hookline.server.TestServer.Response;
import dev.hookline.server.config.HooklineConfig;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code server.max_queue_depth}, and the queue's depth and age in /health and /metrics. */
class QueueLimitTest {
  @TempDir Path dir;

  private HooklineConfig config(WebhookReceiver receiver, String limit) {
    String yaml =
        """
        server: {host: 127.0.0.1, port: 0, api_keys: ["%s"], allow_private_networks: true%s}
        store: {url: "jdbc:sqlite:%s"}
        signing: {secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}
        sources:
          generic: {}
        endpoints:
          - id: orders
            url: "%s"
            events: ["*"]
            retry_policy: {max_attempts: 5, initial_delay: 1h}
        """
            .formatted(
                TestServer.API_KEY, limit, dir.resolve("hookline.db"), receiver.url("/orders"));
    return HooklineConfig.parse(yaml, Map.of(), dir);
  }

  private static String event(String id) {
    return "{\"id\":\"" + id + "\",\"type\":\"order.created\",\"data\":{}}";
  }

  @Test
  void fullQueueAnswers503WithRetryAfterAndAcceptsAgainOnceDrained() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      receiver.setDefaultResponse(MockResponse.status(503)); // the receiver is down
      MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
      try (TestServer t =
          new TestServer(config(receiver, ", max_queue_depth: 2"), b -> b.clock(clock))) {
        assertThat(t.post("/api/events", event("evt_1")).status()).isEqualTo(202);
        assertThat(t.post("/api/events", event("evt_2")).status()).isEqualTo(202);
        await().until(() -> receiver.requestCount() >= 2); // both failed once, now retrying
        clock.advance(Duration.ofSeconds(3)); // the cached sample is stale: the next read counts

        Response refused = t.post("/api/events", event("evt_3"));
        Response inbound = t.post("/webhooks/generic", "{\"hello\":\"world\"}");
        Response test = t.post("/api/endpoints/orders/test", "");
        Response health = t.get("/health");
        String metrics = t.get("/metrics").body();

        TestServer.assertError(refused, 503, "queue_full");
        assertThat(refused.json().path("message").asText()).contains("server.max_queue_depth");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        TestServer.assertError(inbound, 503, "queue_full");
        TestServer.assertError(test, 503, "queue_full");
        assertThat(t.get("/api/events/evt_3").status()).isEqualTo(404);
        assertThat(t.get("/api/events?type=generic").json().path("data").size()).isZero();
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("queue_depth").asLong()).isEqualTo(2);
        assertThat(health.json().path("oldest_pending_age_seconds").asLong()).isEqualTo(3);
        assertThat(metrics).contains("hookline_events_rejected_total{reason=\"queue_full\"} 3.0");
        await() // the engine's gauges, sampled on its own schedule
            .until(() -> t.get("/metrics").body().contains("hookline_queue_depth 2.0"));

        receiver.setDefaultResponse(MockResponse.status(200)); // back up
        clock.advance(Duration.ofHours(2)); // the retries are due
        await()
            .until(
                () -> {
                  clock.advance(Duration.ofSeconds(1));
                  return t.get("/health").json().path("queue_depth").asLong() == 0;
                });

        assertThat(t.post("/api/events", event("evt_3")).status()).isEqualTo(202);
      }
    }
  }

  @Test
  void withoutALimitAFullQueueIsAccepted() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      receiver.setDefaultResponse(MockResponse.status(503));
      MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
      try (TestServer t = new TestServer(config(receiver, ""), b -> b.clock(clock))) {
        for (int i = 0; i < 3; i++) {
          assertThat(t.post("/api/events", event("evt_" + i)).status()).isEqualTo(202);
          clock.advance(Duration.ofSeconds(1));
        }

        Response health = t.get("/health");

        assertThat(health.json().path("queue_depth").asLong()).isEqualTo(3);
        assertThat(health.json().path("oldest_pending_age_seconds").asLong()).isEqualTo(3);
      }
    }
  }
}
