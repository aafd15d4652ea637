package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.Hookline;
import dev.hookline.MutableClock;
import dev.hookline.PublishResult;
import dev.hookline.event.Event;
import dev.hookline.event.EventBus;
import dev.hookline.routing.BatchConfig;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.routing.Ordering;
import dev.hookline.routing.RateLimit;
import dev.hookline.routing.RetryPolicy;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.Verifier;
import dev.hookline.signature.WebhookSecret;
import dev.hookline.store.Attempt;
import dev.hookline.store.Delivery;
import dev.hookline.store.DeliveryQuery;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.store.EndpointStats;
import dev.hookline.store.Store;
import dev.hookline.template.Template;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery engine end to end: a real store file, real HTTP to a loopback receiver. */
class DeliveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  final WebhookReceiver receiver = WebhookReceiver.start();
  final String secret = WebhookSecret.generate();
  Hookline hookline;

  @AfterEach
  void tearDown() {
    if (hookline != null) {
      hookline.close();
    }
    receiver.close();
  }

  Hookline.Builder hooklineBuilder() {
    return Hookline.builder()
        .store(Store.sqlite(dir.resolve("hookline.db")))
        .clock(clock)
        .signingSecret(secret)
        .allowPrivateNetworks(true)
        .pollInterval(Duration.ofMillis(20));
  }

  Endpoint.Builder endpoint(String id) {
    return Endpoint.builder(id, receiver.url("/hooks/" + id)).events("*");
  }

  static RetryPolicy fastRetries(int attempts) {
    return RetryPolicy.builder()
        .maxAttempts(attempts)
        .schedule(Duration.ofSeconds(10))
        .jitter(0)
        .build();
  }

  Delivery awaitStatus(String deliveryId, DeliveryStatus status) {
    await()
        .atMost(WAIT)
        .until(() -> hookline.delivery(deliveryId).map(Delivery::status).orElse(null) == status);
    return hookline.delivery(deliveryId).orElseThrow();
  }

  static Event prediction(String id) {
    return Event.builder("prediction")
        .id(id)
        .put("prediction", "Schema change may break mobile app")
        .put("confidence", 0.87)
        .userId("user_123")
        .build();
  }

  @Test
  void deliversTheEventSignedWithTheContractHeaders() throws Exception {
    hookline = hooklineBuilder().endpoint(endpoint("ops").build()).build();

    PublishResult result = hookline.publish(prediction("evt_1"));

    RecordedRequest request = receiver.takeRequest(WAIT);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/hooks/ops");
    assertThat(request.header("webhook-id")).contains("evt_1");
    assertThat(request.header("webhook-timestamp"))
        .contains(Long.toString(clock.instant().getEpochSecond()));
    assertThat(request.header("X-Hookline-Event")).contains("prediction");
    assertThat(request.header("X-Hookline-Delivery")).contains(result.deliveries().get(0).id());
    assertThat(request.header("X-Hookline-Attempt")).contains("1");
    assertThat(request.header("User-Agent"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Hookline/"));
    assertThat(request.header("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(request.verify(Verifier.of(SignatureConfig.standard(secret), clock)).valid())
        .isTrue();
    assertThat(Event.fromJson(request.body()))
        .isEqualTo(
            prediction("evt_1").toBuilder()
                .timestamp(Event.fromJson(request.body()).timestamp())
                .build());
    Delivery d = awaitStatus(result.deliveries().get(0).id(), DeliveryStatus.SUCCEEDED);
    assertThat(d.lastStatusCode()).hasValue(200);
  }

  @Test
  void publishingAnIdTwiceQueuesNothingNew() throws Exception {
    hookline = hooklineBuilder().endpoint(endpoint("ops").build()).build();

    PublishResult first = hookline.publish(prediction("evt_1"));
    PublishResult second = hookline.publish(prediction("evt_1"));

    assertThat(first.created()).isTrue();
    assertThat(second.created()).isFalse();
    receiver.takeRequest(WAIT);
    assertThat(hookline.deliveries(DeliveryQuery.all()).items()).hasSize(1);
  }

  @Test
  void retriesOn503ThenSucceedsWithTheSameWebhookId() throws Exception {
    hookline =
        hooklineBuilder().endpoint(endpoint("ops").retryPolicy(fastRetries(3)).build()).build();
    receiver.enqueue(503);

    String id = hookline.publish(prediction("evt_1")).deliveries().get(0).id();

    RecordedRequest first = receiver.takeRequest(WAIT);
    Delivery failed = awaitStatus(id, DeliveryStatus.FAILED);
    assertThat(failed.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(10));
    assertThat(failed.lastError()).contains("HTTP 503");
    clock.advance(Duration.ofSeconds(10));
    RecordedRequest second = receiver.takeRequest(WAIT);
    awaitStatus(id, DeliveryStatus.SUCCEEDED);
    assertThat(second.header("webhook-id")).isEqualTo(first.header("webhook-id"));
    assertThat(second.header("X-Hookline-Attempt")).contains("2");
    assertThat(hookline.attempts(id))
        .extracting(Attempt::number, a -> a.statusCode().getAsInt())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 503),
            org.assertj.core.groups.Tuple.tuple(2, 200));
  }

  @Test
  void retryAfterIsHonouredOn429() throws Exception {
    hookline =
        hooklineBuilder().endpoint(endpoint("ops").retryPolicy(fastRetries(3)).build()).build();
    receiver.enqueue(MockResponse.status(429).withHeader("Retry-After", "120"));

    String id = hookline.publish(prediction("evt_1")).deliveries().get(0).id();

    Delivery failed = awaitStatus(id, DeliveryStatus.FAILED);
    assertThat(failed.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(120));
  }

  @Test
  void final4xxIsDeadAtOnceWithItsErrorAndResponse() throws Exception {
    hookline =
        hooklineBuilder().endpoint(endpoint("ops").retryPolicy(fastRetries(5)).build()).build();
    receiver.enqueue(MockResponse.status(400).withBody("{\"error\":\"bad field\"}"));

    String id = hookline.publish(prediction("evt_1")).deliveries().get(0).id();

    Delivery dead = awaitStatus(id, DeliveryStatus.DEAD);
    assertThat(dead.lastError()).contains("HTTP 400");
    assertThat(hookline.attempts(id).get(0).responseSnippet())
        .contains("{\"error\":\"bad field\"}");
    assertThat(receiver.requestCount()).isEqualTo(1);
  }

  @Test
  void redirectIsAFailureNotFollowed() throws Exception {
    hookline = hooklineBuilder().endpoint(endpoint("ops").build()).build();
    receiver.enqueue(MockResponse.status(302).withHeader("Location", "http://127.0.0.1:1/"));

    String id = hookline.publish(prediction("evt_1")).deliveries().get(0).id();

    assertThat(awaitStatus(id, DeliveryStatus.DEAD).lastError()).contains("HTTP 302");
  }

  @Test
  void goneDisablesTheEndpointAndAnnouncesIt() throws Exception {
    hookline =
        hooklineBuilder()
            .endpoint(endpoint("ops").events("prediction").build())
            .endpoint(endpoint("alerts").events("endpoint.disabled").build())
            .build();
    receiver.enqueue(410);

    String id = hookline.publish(prediction("evt_1")).deliveries().get(0).id();

    awaitStatus(id, DeliveryStatus.DEAD);
    RecordedRequest gone = receiver.takeRequest(WAIT);
    RecordedRequest alert = receiver.takeRequest(WAIT);
    assertThat(gone.path()).isEqualTo("/hooks/ops");
    assertThat(alert.path()).isEqualTo("/hooks/alerts");
    Event announced = Event.fromJson(alert.body());
    assertThat(announced.type()).isEqualTo("endpoint.disabled");
    assertThat(announced.data()).containsEntry("endpoint_id", "ops");
    assertThat(hookline.endpoint("ops").orElseThrow().enabled()).isFalse();
    assertThat(hookline.publish(prediction("evt_2")).deliveries()).isEmpty();
  }

  @Test
  void timeoutIsRetried() throws Exception {
    hookline =
        hooklineBuilder()
            .endpoint(
                endpoint("ops").timeout(Duration.ofMillis(200)).retryPolicy(fastRetries(3)).build())
            .build();
    receiver.enqueue(MockResponse.ok().withDelay(Duration.ofSeconds(2)));

    String id = hookline.publish(prediction("evt_1")).deliveries().get(0).id();

    Delivery failed = awaitStatus(id, DeliveryStatus.FAILED);
    assertThat(failed.lastError()).contains("timed out after 200 ms");
    clock.advance(Duration.ofSeconds(10));
    awaitStatus(id, DeliveryStatus.SUCCEEDED);
  }

  @Test
  void droppedConnectionIsRetried() throws Exception {
    hookline =
        hooklineBuilder().endpoint(endpoint("ops").retryPolicy(fastRetries(3)).build()).build();
    receiver.enqueue(MockResponse.disconnect());

    String id = hookline.publish(prediction("evt_1")).deliveries().get(0).id();

    Delivery failed = awaitStatus(id, DeliveryStatus.FAILED);
    assertThat(failed.lastStatusCode()).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    awaitStatus(id, DeliveryStatus.SUCCEEDED);
  }

  @Test
  void unreachableEndpointEndsDeadAfterItsAttemptsAndCanBeRetried() throws Exception {
    int closedPort;
    try (WebhookReceiver gone = WebhookReceiver.start()) {
      closedPort = gone.port();
    }
    hookline =
        hooklineBuilder()
            .endpoint(
                Endpoint.builder("down", "http://127.0.0.1:" + closedPort + "/x")
                    .events("*")
                    .retryPolicy(fastRetries(2))
                    .build())
            .build();

    String id = hookline.publish(prediction("evt_1")).deliveries().get(0).id();
    awaitStatus(id, DeliveryStatus.FAILED);
    clock.advance(Duration.ofSeconds(10));
    Delivery dead = awaitStatus(id, DeliveryStatus.DEAD);
    hookline.putEndpoint(endpoint("down").retryPolicy(fastRetries(2)).build());
    hookline.retry(id);
    awaitStatus(id, DeliveryStatus.SUCCEEDED);

    assertThat(dead.lastError())
        .hasValueSatisfying(
            e -> assertThat(e).contains("connection failed").contains("gave up after attempt 2"));
    assertThat(hookline.attempts(id)).extracting(Attempt::number).containsExactly(1, 2, 3);
    assertThat(receiver.takeRequest(WAIT).header("X-Hookline-Attempt")).contains("3");
  }

  @Test
  void replayQueuesAnEndpointsDeadDeliveriesAgain() throws Exception {
    hookline =
        hooklineBuilder().endpoint(endpoint("ops").retryPolicy(fastRetries(1)).build()).build();
    receiver.setDefaultResponse(MockResponse.status(500));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(hookline.publish(prediction("evt_" + i)).deliveries().get(0).id());
    }
    for (String id : ids) {
      awaitStatus(id, DeliveryStatus.DEAD);
    }
    receiver.setDefaultResponse(MockResponse.ok());

    int replayed = hookline.replay("ops", DeliveryStatus.DEAD, Optional.empty(), Optional.empty());

    assertThat(replayed).isEqualTo(3);
    for (String id : ids) {
      awaitStatus(id, DeliveryStatus.SUCCEEDED);
    }
  }

  @Test
  void rateLimitDelaysButNeverDrops() throws Exception {
    hookline =
        hooklineBuilder()
            .endpoint(endpoint("ops").rateLimit(RateLimit.perMinute(2)).build())
            .build();
    List<String> ids = new ArrayList<>();

    for (int i = 0; i < 5; i++) {
      ids.add(hookline.publish(prediction("evt_" + i)).deliveries().get(0).id());
    }

    await().atMost(WAIT).until(() -> receiver.requestCount() == 2);
    await()
        .atMost(WAIT)
        .until(
            () ->
                hookline
                        .deliveries(DeliveryQuery.all().status(DeliveryStatus.PENDING))
                        .items()
                        .size()
                    == 3);
    assertThat(receiver.requestCount()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(1));
    await().atMost(WAIT).until(() -> receiver.requestCount() == 4);
    clock.advance(Duration.ofMinutes(1));
    for (String id : ids) {
      awaitStatus(id, DeliveryStatus.SUCCEEDED);
    }
  }

  @Test
  void batchCarriesSeveralEventsAsAJsonArray() throws Exception {
    hookline =
        hooklineBuilder()
            .endpoint(endpoint("ops").batch(BatchConfig.of(3, Duration.ofSeconds(30))).build())
            .build();

    for (int i = 0; i < 3; i++) {
      hookline.publish(prediction("evt_" + i));
    }

    RecordedRequest request = receiver.takeRequest(WAIT);
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.isArray()).isTrue();
    assertThat(body)
        .extracting(n -> n.get("id").asText())
        .containsExactly("evt_0", "evt_1", "evt_2");
    assertThat(request.header("webhook-id"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("msg_"));
    assertThat(request.verify(Verifier.of(SignatureConfig.standard(secret), clock)).valid())
        .isTrue();
    assertThat(receiver.requestCount()).isEqualTo(1);
  }

  @Test
  void partialBatchIsSentAfterMaxWait() throws Exception {
    hookline =
        hooklineBuilder()
            .endpoint(endpoint("ops").batch(BatchConfig.of(10, Duration.ofMillis(100))).build())
            .build();

    hookline.publish(prediction("evt_0"));
    hookline.publish(prediction("evt_1"));

    JsonNode body = JSON.readTree(receiver.takeRequest(WAIT).body());
    assertThat(body).hasSize(2);
  }

  @Test
  void circuitOpensAfterConsecutiveFailuresAndStopsAttempts() throws Exception {
    hookline =
        hooklineBuilder()
            .circuitBreaker(
                new CircuitBreakerPolicy(
                    3, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofDays(1)))
            .endpoint(endpoint("ops").retryPolicy(fastRetries(5)).build())
            .build();
    receiver.setDefaultResponse(MockResponse.status(503));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(hookline.publish(prediction("evt_" + i)).deliveries().get(0).id());
    }
    for (String id : ids) {
      awaitStatus(id, DeliveryStatus.FAILED);
    }

    String later = hookline.publish(prediction("evt_3")).deliveries().get(0).id();

    Delivery held = awaitStatus(later, DeliveryStatus.PENDING);
    assertThat(hookline.circuitState("ops")).isEqualTo("open");
    assertThat(held.attempts()).isZero();
    assertThat(held.nextAttemptAt()).isAfter(clock.instant());
    assertThat(receiver.requestCount()).isEqualTo(3);
    receiver.setDefaultResponse(MockResponse.ok());
    clock.advance(Duration.ofMinutes(1));
    // One probe goes through the half-open circuit; the rest wait for it.
    await().atMost(WAIT).until(() -> receiver.requestCount() >= 4);
    await().atMost(WAIT).until(() -> hookline.circuitState("ops").equals("closed"));
    clock.advance(Duration.ofMinutes(1));
    awaitStatus(later, DeliveryStatus.SUCCEEDED);
  }

  @Test
  void aProbeAnsweredWithAFinal4xxClosesTheCircuitInsteadOfWedgingIt() throws Exception {
    hookline =
        hooklineBuilder()
            .circuitBreaker(
                new CircuitBreakerPolicy(
                    3, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofDays(1)))
            .endpoint(endpoint("ops").retryPolicy(fastRetries(5)).build())
            .build();
    for (int i = 0; i < 3; i++) {
      receiver.enqueue(503);
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(hookline.publish(prediction("evt_" + i)).deliveries().get(0).id());
      awaitStatus(ids.get(i), DeliveryStatus.FAILED);
    }
    assertThat(hookline.circuitState("ops")).isEqualTo("open");
    receiver.enqueue(401);

    clock.advance(Duration.ofMinutes(1));

    await().atMost(WAIT).until(() -> hookline.circuitState("ops").equals("closed"));
    clock.advance(Duration.ofMinutes(1));
    await()
        .atMost(WAIT)
        .until(
            () ->
                ids.stream()
                    .map(id -> hookline.delivery(id).orElseThrow().status())
                    .allMatch(s -> s == DeliveryStatus.SUCCEEDED || s == DeliveryStatus.DEAD));
    assertThat(
            ids.stream()
                .filter(id -> hookline.delivery(id).orElseThrow().status() == DeliveryStatus.DEAD))
        .hasSize(1);
  }

  @Test
  void aBatchKeepsItsWebhookIdWhenRetried() {
    String first = Dispatcher.batchId(List.of("dlv_b", "dlv_a"));

    String again = Dispatcher.batchId(List.of("dlv_a", "dlv_b"));

    assertThat(again).isEqualTo(first).startsWith("msg_").hasSize(30);
    assertThat(Dispatcher.batchId(List.of("dlv_a", "dlv_c"))).isNotEqualTo(first);
  }

  @Test
  void aLongQueueBehindAnOpenCircuitIsGivenBackNotLost() throws Exception {
    hookline =
        hooklineBuilder()
            .circuitBreaker(
                new CircuitBreakerPolicy(
                    3, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofDays(1)))
            .endpoint(endpoint("ops").retryPolicy(fastRetries(5)).build())
            .build();
    receiver.setDefaultResponse(MockResponse.status(503).withDelay(Duration.ofMillis(200)));
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      events.add(prediction("evt_" + i));
    }

    hookline.publishAll(events);

    await()
        .atMost(WAIT)
        .until(
            () ->
                hookline
                    .deliveries(DeliveryQuery.all().status(DeliveryStatus.IN_FLIGHT).limit(1000))
                    .items()
                    .isEmpty());
    long pending =
        hookline
            .deliveries(DeliveryQuery.all().status(DeliveryStatus.PENDING).limit(1000))
            .items()
            .size();
    long failed =
        hookline
            .deliveries(DeliveryQuery.all().status(DeliveryStatus.FAILED).limit(1000))
            .items()
            .size();
    assertThat(pending + failed).isEqualTo(1000);
    assertThat(hookline.circuitState("ops")).isEqualTo("open");
    assertThat(receiver.requestCount()).isLessThan(200);
  }

  @Test
  void fifoDeliversOneAtATimeInAcceptanceOrder() throws Exception {
    hookline =
        hooklineBuilder()
            .endpoint(endpoint("ops").ordering(Ordering.FIFO).retryPolicy(fastRetries(3)).build())
            .build();
    receiver.enqueue(503);

    for (int i = 0; i < 3; i++) {
      hookline.publish(prediction("evt_" + i));
    }
    RecordedRequest first = receiver.takeRequest(WAIT);
    await()
        .atMost(WAIT)
        .until(
            () ->
                hookline
                        .deliveries(DeliveryQuery.all().status(DeliveryStatus.FAILED))
                        .items()
                        .size()
                    == 1);
    // The clock stands still, so evt_0's retry cannot be due yet: an engine that sent evt_1 or
    // evt_2 meanwhile shows in the order below, before evt_0's second attempt.
    clock.advance(Duration.ofSeconds(10));

    List<String> order = new ArrayList<>();
    order.add(first.header("webhook-id").orElseThrow());
    for (int i = 0; i < 3; i++) {
      order.add(receiver.takeRequest(WAIT).header("webhook-id").orElseThrow());
    }
    assertThat(order).containsExactly("evt_0", "evt_0", "evt_1", "evt_2");
  }

  @Test
  void privateAddressesAreRefusedUnlessAllowed() throws Exception {
    hookline =
        hooklineBuilder().allowPrivateNetworks(false).endpoint(endpoint("ops").build()).build();

    String id = hookline.publish(prediction("evt_1")).deliveries().get(0).id();

    Delivery dead = awaitStatus(id, DeliveryStatus.DEAD);
    assertThat(dead.lastError())
        .hasValueSatisfying(
            e -> assertThat(e).contains("127.0.0.1").contains("server.private_networks"));
    assertThat(receiver.requestCount()).isZero();
  }

  @Test
  void templateShapesTheBodyAndAMissingPathKillsTheDelivery() throws Exception {
    hookline =
        hooklineBuilder()
            .endpoint(
                endpoint("slack")
                    .template(
                        Template.parse(
                            "{\"text\": \"{prediction} ({confidence:.0%})\", \"n\": \"{confidence}\"}"))
                    .build())
            .build();

    hookline.publish(prediction("evt_1"));
    String bad =
        hookline
            .publish(Event.builder("prediction").id("evt_2").put("other", 1).build())
            .deliveries()
            .get(0)
            .id();

    JsonNode body = JSON.readTree(receiver.takeRequest(WAIT).body());
    assertThat(body.get("text").asText()).isEqualTo("Schema change may break mobile app (87%)");
    assertThat(body.get("n").asDouble()).isEqualTo(0.87);
    Delivery dead = awaitStatus(bad, DeliveryStatus.DEAD);
    assertThat(dead.lastError())
        .hasValueSatisfying(e -> assertThat(e).startsWith("template:").contains("prediction"));
  }

  @Test
  void aStoredEventThatNoLongerParsesKillsOnlyItsDelivery() throws Exception {
    hookline =
        hooklineBuilder()
            .endpoint(
                endpoint("slack")
                    .retryPolicy(fastRetries(3))
                    .template(Template.parse("{\"text\": \"{prediction}\"}"))
                    .build())
            .build();
    receiver.enqueue(503);
    receiver.enqueue(503);
    String broken = hookline.publish(prediction("evt_1")).deliveries().get(0).id();
    String intact = hookline.publish(prediction("evt_2")).deliveries().get(0).id();
    awaitStatus(broken, DeliveryStatus.FAILED);
    awaitStatus(intact, DeliveryStatus.FAILED);
    receiver.drainRequests();
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("hookline.db"));
        java.sql.Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE events SET body = '{\"id\": \"evt_1\", ' WHERE id = 'evt_1'");
    }

    clock.advance(Duration.ofSeconds(10));

    Delivery dead = awaitStatus(broken, DeliveryStatus.DEAD);
    assertThat(dead.lastError())
        .hasValueSatisfying(e -> assertThat(e).startsWith("its stored event does not parse"));
    awaitStatus(intact, DeliveryStatus.SUCCEEDED);
    assertThat(JSON.readTree(receiver.takeRequest(WAIT).body()).get("text").asText())
        .isEqualTo("Schema change may break mobile app");
  }

  @Test
  void failureCallbackGetsTheEndpointEventAndError() throws Exception {
    List<DeliveryOutcome> failures = new CopyOnWriteArrayList<>();
    List<DeliveryOutcome> successes = new CopyOnWriteArrayList<>();
    hookline =
        hooklineBuilder()
            .onAttemptFailed(failures::add)
            .onSuccess(successes::add)
            .endpoint(endpoint("ops").retryPolicy(fastRetries(1)).build())
            .build();
    receiver.enqueue(500);

    hookline.publish(prediction("evt_1"));
    await().atMost(WAIT).until(() -> failures.size() == 1);
    hookline.publish(prediction("evt_2"));

    await().atMost(WAIT).until(() -> successes.size() == 1);
    DeliveryOutcome failure = failures.get(0);
    assertThat(failure.endpoint().id()).isEqualTo("ops");
    assertThat(failure.event().id()).isEqualTo("evt_1");
    assertThat(failure.error()).hasValueSatisfying(e -> assertThat(e).contains("HTTP 500"));
    assertThat(failure.willRetry()).isFalse();
    assertThat(successes.get(0).event().id()).isEqualTo("evt_2");
  }

  @Test
  void eventsEmittedOnAnAttachedBusAreDelivered() throws Exception {
    hookline = hooklineBuilder().endpoint(endpoint("ops").build()).build();
    try (EventBus bus = EventBus.create()) {
      hookline.attach(bus);

      bus.emit(prediction("evt_bus"));

      assertThat(receiver.takeRequest(WAIT).header("webhook-id")).contains("evt_bus");
    }
  }

  @Test
  void statsSummariseTheEndpoint() throws Exception {
    hookline =
        hooklineBuilder().endpoint(endpoint("ops").retryPolicy(fastRetries(3)).build()).build();
    receiver.enqueue(500);
    String first = hookline.publish(prediction("evt_1")).deliveries().get(0).id();
    awaitStatus(first, DeliveryStatus.FAILED);
    String second = hookline.publish(prediction("evt_2")).deliveries().get(0).id();
    awaitStatus(second, DeliveryStatus.SUCCEEDED);

    EndpointStats stats = hookline.stats("ops");

    assertThat(stats.totalSent()).isEqualTo(2);
    assertThat(stats.successCount()).isEqualTo(1);
    assertThat(stats.failedCount()).isEqualTo(1);
    assertThat(stats.successRate()).isEqualTo(0.5);
    assertThat(stats.pending()).isEqualTo(1);
  }

  @Test
  void metricsCountOutcomesAndTimeAttempts() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    hookline =
        hooklineBuilder()
            .meterRegistry(meters)
            .endpoint(endpoint("ops").retryPolicy(fastRetries(1)).build())
            .build();
    receiver.enqueue(500);
    String dead = hookline.publish(prediction("evt_1")).deliveries().get(0).id();
    awaitStatus(dead, DeliveryStatus.DEAD);
    String ok = hookline.publish(prediction("evt_2")).deliveries().get(0).id();
    awaitStatus(ok, DeliveryStatus.SUCCEEDED);

    await()
        .atMost(WAIT)
        .until(
            () ->
                meters.find("hookline.deliveries").tag("outcome", "succeeded").counter() != null
                    && meters
                            .find("hookline.deliveries")
                            .tag("outcome", "succeeded")
                            .counter()
                            .count()
                        == 1);
    assertThat(
            meters
                .get("hookline.deliveries")
                .tag("endpoint", "ops")
                .tag("outcome", "dead")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(meters.get("hookline.attempt.duration").tag("endpoint", "ops").timer().count())
        .isEqualTo(2);
    assertThat(meters.get("hookline.deliveries.in_flight").gauge().value()).isZero();
    assertThat(meters.get("hookline.queue.depth").gauge()).isNotNull();
    assertThat(meters.get("hookline.queue.oldest.age").gauge()).isNotNull();
  }

  @Test
  void endpointWithoutASecretIsRefused() {
    assertThatThrownBy(
            () ->
                Hookline.builder()
                    .store(Store.sqlite(dir.resolve("x.db")))
                    .endpoint(endpoint("ops").build())
                    .build())
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("has no signing secret");
  }

  @Test
  void undeliveredEventsSurviveARestart() throws Exception {
    int port = receiver.port();
    receiver.close();
    hookline =
        hooklineBuilder()
            .endpoint(
                Endpoint.builder("ops", "http://127.0.0.1:" + port + "/hooks")
                    .events("*")
                    .retryPolicy(fastRetries(5))
                    .build())
            .build();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(hookline.publish(prediction("evt_" + i)).deliveries().get(0).id());
    }
    for (String id : ids) {
      awaitStatus(id, DeliveryStatus.FAILED);
    }
    hookline.close();

    try (WebhookReceiver back = WebhookReceiver.builder().port(port).start()) {
      clock.advance(Duration.ofSeconds(10));
      hookline =
          hooklineBuilder()
              .endpoint(
                  Endpoint.builder("ops", back.url("/hooks"))
                      .events("*")
                      .retryPolicy(fastRetries(5))
                      .build())
              .build();
      for (String id : ids) {
        awaitStatus(id, DeliveryStatus.SUCCEEDED);
      }
      assertThat(back.requestCount()).isEqualTo(5);
    }
  }

  @Test
  void headersFromTheEndpointAreSent() throws Exception {
    hookline =
        hooklineBuilder()
            .endpoint(endpoint("ops").header("Authorization", "Bearer t0k3n").build())
            .build();

    hookline.publish(prediction("evt_1"));

    assertThat(receiver.takeRequest(WAIT).header("Authorization")).contains("Bearer t0k3n");
  }

  @Test
  void interceptorsWrapEveryRequest() throws Exception {
    List<Integer> statuses = new CopyOnWriteArrayList<>();
    hookline =
        hooklineBuilder()
            .interceptor(
                chain ->
                    chain
                        .proceed(chain.request().withHeader("X-Trace", "abc"))
                        .thenApply(
                            r -> {
                              statuses.add(r.status().orElse(-1));
                              return r;
                            }))
            .endpoint(endpoint("ops").build())
            .build();

    hookline.publish(prediction("evt_1"));

    assertThat(receiver.takeRequest(WAIT).header("X-Trace")).contains("abc");
    await().atMost(WAIT).until(() -> statuses.equals(List.of(200)));
  }

  @Test
  void eventRecordsWhyEndpointsSkippedIt() {
    hookline =
        hooklineBuilder()
            .endpoint(endpoint("ops").build())
            .endpoint(endpoint("github").events("github.*").build())
            .build();

    hookline.publish(prediction("evt_1"));

    Map<String, String> skips = hookline.event("evt_1").orElseThrow().skips();
    assertThat(skips).containsOnlyKeys("github");
    assertThat(skips.get("github")).startsWith("type_not_subscribed");
  }
}
