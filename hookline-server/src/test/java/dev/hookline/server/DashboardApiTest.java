package dev.hookline.server;

import static dev.hookline.server.TestServer.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.server.TestServer.Response;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.WebhookReceiver;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the dashboard needs from the server: its files, open, and {@code GET /api/stats}. */
class DashboardApiTest {
  @TempDir Path dir;

  WebhookReceiver ok;
  WebhookReceiver failing;
  TestServer t;

  @BeforeEach
  void start() {
    ok = WebhookReceiver.start();
    failing = WebhookReceiver.start();
    failing.setDefaultResponse(MockResponse.status(500));
    t = new TestServer(dir);
  }

  @AfterEach
  void stop() {
    t.close();
    ok.close();
    failing.close();
  }

  @Test
  void statsCountEveryEndpointsAttemptsPerMinuteOverTheLastHour() {
    t.post(
        "/api/endpoints",
        "{\"id\":\"good\",\"url\":\"" + ok.url("/good") + "\",\"events\":[\"*\"]}");
    t.post(
        "/api/endpoints",
        "{\"id\":\"bad\",\"url\":\""
            + failing.url("/bad")
            + "\",\"events\":[\"*\"],\"retry_policy\":{\"max_attempts\":1}}");

    t.post(
        "/api/events",
        "[{\"id\":\"evt_1\",\"type\":\"x\"},{\"id\":\"evt_2\",\"type\":\"x\"},"
            + "{\"id\":\"evt_3\",\"type\":\"x\"}]");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> t.get("/api/stats").json().path("total").asInt() == 6);
    JsonNode stats = t.get("/api/stats?window=1h&bucket=1m").json();

    assertThat(stats.path("window").asText()).isEqualTo("1h");
    assertThat(stats.path("bucket").asText()).isEqualTo("1m");
    assertThat(stats.path("succeeded").asInt()).isEqualTo(3);
    assertThat(stats.path("failed").asInt()).isEqualTo(3);
    assertThat(stats.path("success_rate").asDouble()).isEqualTo(0.5);
    assertThat(stats.path("p95_response_time_ms").asDouble()).isGreaterThanOrEqualTo(0);
    assertThat(stats.path("queue_depth").asInt()).isZero();
    assertThat(stats.path("oldest_pending_at").isNull()).isTrue();
    JsonNode buckets = stats.path("buckets");
    assertThat(buckets).hasSize(60);
    Instant from = Instant.parse(stats.path("from").asText());
    Instant until = Instant.parse(stats.path("until").asText());
    assertThat(Duration.between(from, until)).isEqualTo(Duration.ofHours(1));
    assertThat(from.getEpochSecond() % 60).isZero();
    assertThat(Instant.parse(stats.path("now").asText())).isBetween(from, until);
    assertThat(Instant.parse(buckets.get(59).path("start").asText()))
        .isEqualTo(until.minusSeconds(60));
    int succeeded = 0;
    int failed = 0;
    for (JsonNode b : buckets) {
      succeeded += b.path("succeeded").asInt();
      failed += b.path("failed").asInt();
    }
    assertThat(succeeded).isEqualTo(3);
    assertThat(failed).isEqualTo(3);
    assertThat(t.get("/api/endpoints/good/stats").json().path("success_count").asInt())
        .isEqualTo(3);
  }

  @Test
  void statsShowTheQueueAndTheAgeOfItsOldestDelivery() {
    t.post(
        "/api/endpoints",
        "{\"id\":\"slow\",\"url\":\""
            + failing.url("/slow")
            + "\",\"events\":[\"*\"],\"retry_policy\":{\"schedule\":[\"1h\"]}}");
    t.post("/api/events", "{\"id\":\"evt_wait\",\"type\":\"x\"}");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> t.get("/api/deliveries?event=evt_wait").json().path("data").path(0),
            d -> d.path("status").asText().equals("failed"));

    JsonNode stats = t.get("/api/stats?window=15m&bucket=15s").json();

    assertThat(stats.path("buckets")).hasSize(60);
    assertThat(stats.path("queue_depth").asInt()).isEqualTo(1);
    assertThat(stats.path("oldest_pending_at").asText()).isNotBlank();
    assertThat(stats.path("oldest_pending_age_seconds").asDouble()).isBetween(0.0, 60.0);
    assertThat(stats.path("failed").asInt()).isEqualTo(1);
    assertThat(stats.path("success_rate").asDouble()).isZero();
  }

  @Test
  void statsRefuseWindowsThatAreNotWholeBuckets() {
    assertError(t.get("/api/stats?window=90s&bucket=1m"), 400, "invalid_query");
    assertError(t.get("/api/stats?bucket=0s"), 400, "invalid_query");
    assertError(t.get("/api/stats?window=1d&bucket=1s"), 400, "invalid_query");
    assertError(t.get("/api/stats?window=60d&bucket=1d"), 400, "invalid_query");
    assertError(t.get("/api/stats?window=soon"), 400, "invalid_query");
    assertError(t.sendRaw(HttpRequest.newBuilder(t.uri("/api/stats"))), 401, "unauthorized");
  }

  @Test
  void dashboardIsServedFromTheJarWithoutAKeyAndOnlyFromItself() {
    Response page = t.sendRaw(HttpRequest.newBuilder(t.uri("/")));
    Response script = t.sendRaw(HttpRequest.newBuilder(t.uri("/js/app.js")));
    Response chart = t.sendRaw(HttpRequest.newBuilder(t.uri("/vendor/chart.umd.min.js")));
    Response missing = t.sendRaw(HttpRequest.newBuilder(t.uri("/no-such-page")));

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(page.body()).contains("<title>Hookline</title>", "js/app.js");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValue(Dashboard.CONTENT_SECURITY_POLICY);
    assertThat(page.body()).doesNotContain("http://", "https://");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("javascript"));
    assertThat(chart.status()).isEqualTo(200);
    assertThat(chart.body()).startsWith("/*!\n * Chart.js v4.");
    assertError(missing, 404, "not_found");
    assertError(t.sendRaw(HttpRequest.newBuilder(t.uri("/api/endpoints"))), 401, "unauthorized");
  }
}
