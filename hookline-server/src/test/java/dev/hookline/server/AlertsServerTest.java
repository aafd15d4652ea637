package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.MutableClock;
import dev.hookline.event.Event;
import dev.hookline.server.config.HooklineConfig;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code alerts} section of hookline.yaml, wired into a running server. */
class AlertsServerTest {
  @TempDir Path dir;

  @Test
  void alertsSectionSendsFailureAlertsToItsChannelsTheBusAndTheLiveStream() throws Exception {
    try (WebhookReceiver orders = WebhookReceiver.start();
        WebhookReceiver slack = WebhookReceiver.start()) {
      orders.setDefaultResponse(MockResponse.status(503));
      String yaml =
          """
          server: {host: 127.0.0.1, port: 0, api_keys: ["%s"], allow_private_networks: true}
          store: {url: "jdbc:sqlite:%s"}
          signing: {secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}
          endpoints:
            - id: orders
              url: "%s"
              events: ["*"]
              retry_policy: {max_attempts: 1}
            - id: slack-ops
              url: "%s"
              events: ["deploy.*"]
          alerts:
            failure_threshold: 0.95
            window: 5m
            channels: [slack-ops]
          """
              .formatted(
                  TestServer.API_KEY,
                  dir.resolve("hookline.db"),
                  orders.url("/orders"),
                  slack.url("/slack"));
      HooklineConfig config = HooklineConfig.parse(yaml, Map.of(), dir);
      List<Event> onBus = new CopyOnWriteArrayList<>();
      MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
      try (TestServer t =
          new TestServer(config, b -> b.clock(clock).on("hookline.alert.*", onBus::add))) {
        List<String> streamed = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> reading = follow(t, streamed);
        await().until(() -> !streamed.isEmpty()); // subscribed once the first comment arrives

        assertThat(
                t.post("/api/events", "{\"type\":\"order.created\",\"data\":{\"n\":1}}").status())
            .isEqualTo(202);
        RecordedRequest alert = slack.takeRequest(Duration.ofSeconds(10));
        assertThat(
                t.post("/api/events", "{\"type\":\"order.created\",\"data\":{\"n\":2}}").status())
            .isEqualTo(202);
        await().until(() -> orders.requestCount() >= 2);

        JsonNode body = TestServer.JSON.readTree(alert.body());
        assertThat(body.path("type").asText()).isEqualTo("hookline.alert.failure_rate");
        assertThat(body.path("data").path("endpoint_id").asText()).isEqualTo("orders");
        assertThat(body.path("data").path("last_error").asText()).startsWith("HTTP 503");
        assertThat(alert.header("webhook-signature")).isPresent(); // a raw endpoint, signed
        await().until(() -> onBus.size() == 1);
        assertThat(onBus.get(0).id()).isEqualTo(body.path("id").asText());
        JsonNode listed = t.get("/api/events?type=hookline.alert.failure_rate").json();
        assertThat(listed.path("data").get(0).path("id").asText())
            .isEqualTo(body.path("id").asText());
        JsonNode stored = t.get("/api/events/" + body.path("id").asText()).json();
        assertThat(stored.toString()).contains("alert_about_endpoint");
        await()
            .until(
                () -> streamed.stream().anyMatch(l -> l.contains("hookline.alert.failure_rate")));
        assertThat(orders.drainRequests())
            .extracting(r -> r.header("X-Hookline-Event").orElse(""))
            .containsOnly("order.created");
        assertThat(slack.pollRequest(Duration.ofMillis(500))).isEmpty(); // once per window
        reading.cancel(true);
      }
    }
  }

  private static CompletableFuture<Void> follow(TestServer t, List<String> lines) throws Exception {
    HttpResponse<java.io.InputStream> stream =
        t.http.send(
            HttpRequest.newBuilder(t.uri("/api/stream?types=hookline.alert.*"))
                .header("Authorization", "Bearer " + TestServer.API_KEY)
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader in =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    return CompletableFuture.runAsync(
        () -> {
          try {
            String line;
            while ((line = in.readLine()) != null) {
              lines.add(line);
            }
          } catch (java.io.IOException e) {
            // closed with the server
          }
        });
  }
}
