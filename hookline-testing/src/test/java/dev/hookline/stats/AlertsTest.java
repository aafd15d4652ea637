package dev.hookline.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.Hookline;
import dev.hookline.MutableClock;
import dev.hookline.delivery.DeliveryOutcome;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.RetryPolicy;
import dev.hookline.store.Store;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failure alerts end to end: real receivers for the failing endpoint and the alert channels,
 * Hookline on a SQLite file, and a clock the test moves past the window instead of sleeping.
 */
class AlertsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WINDOW = Duration.ofMinutes(5);
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
  final WebhookReceiver orders = WebhookReceiver.start();
  final WebhookReceiver ops = WebhookReceiver.start();
  final WebhookReceiver audit = WebhookReceiver.start();
  final List<DeliveryOutcome> outcomes = new CopyOnWriteArrayList<>();
  final List<Event> alerts = new CopyOnWriteArrayList<>();
  Hookline hookline;

  @AfterEach
  void close() {
    if (hookline != null) {
      hookline.close();
    }
    orders.close();
    ops.close();
    audit.close();
  }

  Hookline start(AlertPolicy policy, Endpoint... endpoints) {
    Hookline.Builder b =
        Hookline.builder()
            .store(Store.sqlite(dir.resolve("hookline.db")))
            .clock(clock)
            .signingSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            .allowPrivateNetworks(true)
            .pollInterval(Duration.ofMillis(20))
            .alerts(policy)
            .onAlert(alerts::add)
            .onSuccess(outcomes::add)
            .onAttemptFailed(outcomes::add);
    for (Endpoint e : endpoints) {
      b.endpoint(e);
    }
    hookline = b.build();
    return hookline;
  }

  /** Every event (alerts included), failing at once: no retries to wait for. */
  Endpoint ordersEndpoint() {
    return Endpoint.builder("orders", orders.url("/orders"))
        .events("*")
        .retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
        .build();
  }

  /** An alert channel that subscribes to nothing alerts are: channels need no subscription. */
  Endpoint opsChannel() {
    return Endpoint.builder("ops-alerts", ops.url("/alerts")).events("ops.*").build();
  }

  /** An ordinary subscriber to alert events. */
  Endpoint auditSubscriber() {
    return Endpoint.builder("audit", audit.url("/audit")).events("hookline.alert.*").build();
  }

  void publishOrders(int n) {
    int before = outcomesFor("orders");
    for (int i = 0; i < n; i++) {
      hookline.publish(Event.builder("order.created").put("order", i).build());
    }
    // the monitor sees each outcome before the callbacks: once they have, it has judged them
    await().atMost(WAIT).until(() -> outcomesFor("orders") >= before + n);
  }

  int outcomesFor(String endpointId) {
    return (int) outcomes.stream().filter(o -> o.endpoint().id().equals(endpointId)).count();
  }

  static JsonNode json(RecordedRequest r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError(r.bodyAsString(), e);
    }
  }

  @Test
  void failingEndpointRaisesOneAlertPerWindowToChannelsAndSubscribersButNeverToItself()
      throws Exception {
    orders.setDefaultResponse(MockResponse.status(500));
    start(
        AlertPolicy.builder()
            .failureThreshold(0.95)
            .window(WINDOW)
            .channels(List.of("ops-alerts"))
            .build(),
        ordersEndpoint(),
        opsChannel(),
        auditSubscriber());

    publishOrders(3);

    assertThat(alerts).extracting(Event::type).containsExactly(AlertPolicy.FAILURE_RATE);
    RecordedRequest toOps = ops.takeRequest(WAIT);
    assertThat(toOps.header("X-Hookline-Event")).hasValue("hookline.alert.failure_rate");
    JsonNode alert = json(toOps);
    assertThat(alert.path("severity").asText()).isEqualTo("error");
    assertThat(alert.path("subject").asText()).isEqualTo("orders/failure_rate");
    JsonNode data = alert.path("data");
    assertThat(data.path("endpoint_id").asText()).isEqualTo("orders");
    assertThat(data.path("success_rate").asDouble()).isZero();
    assertThat(data.path("threshold").asDouble()).isEqualTo(0.95);
    assertThat(data.path("window").asText()).isEqualTo("5m");
    assertThat(data.path("attempts").asInt()).isEqualTo(1);
    assertThat(data.path("failures").asInt()).isEqualTo(1);
    assertThat(data.path("last_error").asText()).isEqualTo("HTTP 500 (gave up after attempt 1)");
    assertThat(data.path("title").asText())
        .isEqualTo("Endpoint orders: 0% of deliveries succeeded in the last 5m (threshold 95%)");
    assertThat(json(audit.takeRequest(WAIT)).path("id").asText())
        .isEqualTo(alert.path("id").asText());
    assertThat(hookline.event(alert.path("id").asText()).orElseThrow().skips())
        .containsKey("orders");
    await().atMost(WAIT).until(() -> orders.requestCount() >= 3);
    assertThat(orders.drainRequests())
        .extracting(r -> r.header("X-Hookline-Event").orElse(""))
        .containsOnly("order.created");

    clock.advance(WINDOW);
    publishOrders(1);

    assertThat(alerts)
        .extracting(Event::type)
        .containsExactly(AlertPolicy.FAILURE_RATE, AlertPolicy.FAILURE_RATE);
    assertThat(json(ops.takeRequest(WAIT)).path("data").path("attempts").asInt()).isEqualTo(1);

    orders.setDefaultResponse(MockResponse.ok());
    clock.advance(WINDOW);
    publishOrders(1);

    assertThat(alerts).extracting(Event::type).last().isEqualTo(AlertPolicy.RESOLVED);
    JsonNode recovered = json(ops.takeRequest(WAIT));
    assertThat(recovered.path("type").asText()).isEqualTo("hookline.alert.resolved");
    assertThat(recovered.path("severity").asText()).isEqualTo("info");
    assertThat(recovered.path("data").path("alert").asText()).isEqualTo("failure_rate");
    assertThat(recovered.path("subject").asText()).isEqualTo("orders/failure_rate");
    assertThat(recovered.path("data").path("success_rate").asDouble()).isEqualTo(1.0);
    assertThat(orders.drainRequests())
        .extracting(r -> r.header("X-Hookline-Event").orElse(""))
        .containsOnly("order.created");
  }

  @Test
  void successRateIsJudgedOverTheWindowAndRecoveryNeedsTheThreshold() {
    orders.setDefaultResponse(MockResponse.ok());
    start(
        AlertPolicy.builder()
            .failureThreshold(0.5)
            .minAttempts(4)
            .window(WINDOW)
            .channels(List.of("ops-alerts"))
            .build(),
        ordersEndpoint(),
        opsChannel());

    publishOrders(2);
    orders.setDefaultResponse(MockResponse.status(503));
    publishOrders(2); // 2 of 4 succeeded: 50 %, not below

    assertThat(alerts).isEmpty();

    publishOrders(1); // 2 of 5: 40 %

    assertThat(alerts).extracting(e -> e.data().get("success_rate")).containsExactly(0.4);

    orders.setDefaultResponse(MockResponse.ok());
    publishOrders(1); // 3 of 6: 50 %, back at the threshold

    assertThat(alerts)
        .extracting(Event::type)
        .containsExactly(AlertPolicy.FAILURE_RATE, AlertPolicy.RESOLVED);
  }

  @Test
  void slowAttemptsRaiseASlowDeliveryAlertThenRecover() throws Exception {
    orders.setDefaultResponse(MockResponse.ok().withDelay(Duration.ofMillis(400)));
    start(
        AlertPolicy.builder()
            .deliveryTimeoutThreshold(Duration.ofMillis(200))
            .window(WINDOW)
            .channels(List.of("ops-alerts"))
            .build(),
        ordersEndpoint(),
        opsChannel());

    publishOrders(2);

    assertThat(alerts).extracting(Event::type).containsExactly(AlertPolicy.SLOW_DELIVERY);
    JsonNode slow = json(ops.takeRequest(WAIT));
    assertThat(slow.path("type").asText()).isEqualTo("hookline.alert.slow_delivery");
    assertThat(slow.path("severity").asText()).isEqualTo("warning");
    assertThat(slow.path("data").path("threshold_ms").asInt()).isEqualTo(200);
    assertThat(slow.path("data").path("duration_ms").asInt()).isGreaterThanOrEqualTo(400);
    assertThat(slow.path("data").path("success_rate").asDouble()).isEqualTo(1.0);

    orders.setDefaultResponse(MockResponse.ok());
    publishOrders(1); // fast, but the slow ones are still in the window

    assertThat(alerts).hasSize(1);

    clock.advance(WINDOW);
    publishOrders(1);

    assertThat(alerts)
        .extracting(Event::type)
        .containsExactly(AlertPolicy.SLOW_DELIVERY, AlertPolicy.RESOLVED);
    JsonNode recovered = json(ops.takeRequest(WAIT));
    assertThat(recovered.path("data").path("alert").asText()).isEqualTo("slow_delivery");
  }

  @Test
  void aFailingChannelIsAlertedAboutOnTheOtherChannelsOnly() throws Exception {
    orders.setDefaultResponse(MockResponse.status(500));
    start(
        AlertPolicy.builder()
            .failureThreshold(0.95)
            .window(WINDOW)
            .channels(List.of("orders", "ops-alerts"))
            .build(),
        ordersEndpoint(),
        opsChannel());

    publishOrders(1);

    assertThat(alerts).hasSize(1);
    JsonNode alert = json(ops.takeRequest(WAIT));
    assertThat(alert.path("data").path("endpoint_id").asText()).isEqualTo("orders");
    assertThat(hookline.event(alert.path("id").asText()).orElseThrow().skips())
        .hasEntrySatisfying(
            "orders", reason -> assertThat(reason).startsWith("alert_about_endpoint"));
    assertThat(orders.drainRequests())
        .extracting(r -> r.header("X-Hookline-Event").orElse(""))
        .containsOnly("order.created");
  }
}
