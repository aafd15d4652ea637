package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.Hookline;
import dev.hookline.MutableClock;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.OnFailure;
import dev.hookline.routing.RetryPolicy;
import dev.hookline.signature.WebhookSecret;
import dev.hookline.store.Delivery;
import dev.hookline.store.DeliveryQuery;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.store.EventQuery;
import dev.hookline.store.Store;
import dev.hookline.store.StoredEvent;
import dev.hookline.template.Template;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DeliveryListener#onFailure} once per dead delivery, however it died; {@link
 * DeliveryListener#onAttemptFailed} per attempt; and the endpoints' {@code on_failure} notices. A
 * real store file, real HTTP to a loopback receiver, an injected clock for the retry schedule.
 */
class FailureCallbackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  final WebhookReceiver receiver = WebhookReceiver.start();
  final List<DeadDelivery> dead = new CopyOnWriteArrayList<>();
  final List<DeliveryOutcome> attempts = new CopyOnWriteArrayList<>();
  Hookline hookline;

  @AfterEach
  void tearDown() {
    if (hookline != null) {
      hookline.close();
    }
    receiver.close();
  }

  Hookline.Builder builder() {
    return Hookline.builder()
        .store(Store.sqlite(dir.resolve("hookline.db")))
        .clock(clock)
        .signingSecret(WebhookSecret.generate())
        .allowPrivateNetworks(true)
        .pollInterval(Duration.ofMillis(20))
        .onFailure(dead::add)
        .onAttemptFailed(attempts::add);
  }

  Endpoint.Builder endpoint(String id) {
    return Endpoint.builder(id, receiver.url("/hooks/" + id))
        .events("*")
        .retryPolicy(
            RetryPolicy.builder()
                .maxAttempts(3)
                .schedule(Duration.ofSeconds(10))
                .jitter(0)
                .build());
  }

  static Event prediction(String id) {
    return Event.builder("prediction").id(id).put("prediction", "outage").build();
  }

  String publish(String eventId) {
    return hookline.publish(prediction(eventId)).deliveries().get(0).id();
  }

  Delivery awaitStatus(String deliveryId, DeliveryStatus status) {
    await()
        .atMost(WAIT)
        .until(() -> hookline.delivery(deliveryId).map(Delivery::status).orElse(null) == status);
    return hookline.delivery(deliveryId).orElseThrow();
  }

  @Test
  void retriesExhaustedCallOnFailureOnceAndOnAttemptFailedPerAttempt() throws Exception {
    hookline = builder().endpoint(endpoint("ops").build()).build();
    receiver.enqueue(500);
    receiver.enqueue(500);
    receiver.enqueue(503);

    String id = publish("evt_1");
    awaitStatus(id, DeliveryStatus.FAILED);
    await().atMost(WAIT).until(() -> attempts.size() == 1);
    clock.advance(Duration.ofSeconds(10));
    await().atMost(WAIT).until(() -> attempts.size() == 2);
    clock.advance(Duration.ofSeconds(10));
    awaitStatus(id, DeliveryStatus.DEAD);

    await().atMost(WAIT).until(() -> dead.size() == 1 && attempts.size() == 3);
    assertThat(attempts).extracting(DeliveryOutcome::willRetry).containsExactly(true, true, false);
    DeadDelivery d = dead.get(0);
    assertThat(d.endpointId()).isEqualTo("ops");
    assertThat(d.deliveryId()).isEqualTo(id);
    assertThat(d.eventId()).isEqualTo("evt_1");
    assertThat(d.event()).hasValueSatisfying(e -> assertThat(e.id()).isEqualTo("evt_1"));
    assertThat(d.attempts()).isEqualTo(3);
    assertThat(d.lastStatus()).hasValue(503);
    assertThat(d.lastError()).contains("HTTP 503").contains("gave up after attempt 3");
  }

  @Test
  void aFinal4xxDiesAtOnceWithOneCallback() throws Exception {
    hookline = builder().endpoint(endpoint("ops").build()).build();
    receiver.enqueue(400);

    String id = publish("evt_1");

    awaitStatus(id, DeliveryStatus.DEAD);
    await().atMost(WAIT).until(() -> dead.size() == 1);
    assertThat(dead.get(0).attempts()).isEqualTo(1);
    assertThat(dead.get(0).lastStatus()).hasValue(400);
    assertThat(dead.get(0).lastError()).contains("HTTP 400");
    assertThat(attempts).hasSize(1);
  }

  @Test
  void aTemplateErrorDiesWithOneCallback() throws Exception {
    hookline =
        builder()
            .endpoint(endpoint("ops").template(Template.parse("{\"text\": \"{missing}\"}")).build())
            .build();

    String id = publish("evt_1");

    Delivery d = awaitStatus(id, DeliveryStatus.DEAD);
    assertThat(d.lastError()).hasValueSatisfying(e -> assertThat(e).startsWith("template: "));
    await().atMost(WAIT).until(() -> dead.size() == 1);
    assertThat(dead.get(0).lastError()).startsWith("template: ");
    assertThat(dead.get(0).lastStatus()).isEmpty();
    assertThat(receiver.requestCount()).isZero();
  }

  @Test
  void aDeliveryWhoseEventIsMissingFromTheStoreDiesVisiblyWithOneCallback() throws Exception {
    hookline = builder().endpoint(endpoint("ops").build()).build();
    receiver.enqueue(500);
    String id = publish("evt_1");
    awaitStatus(id, DeliveryStatus.FAILED);
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("hookline.db"));
        java.sql.Statement st = c.createStatement()) {
      st.executeUpdate("DELETE FROM events WHERE id = 'evt_1'");
    }

    clock.advance(Duration.ofSeconds(10));

    Delivery d = awaitStatus(id, DeliveryStatus.DEAD);
    assertThat(d.lastError())
        .hasValueSatisfying(e -> assertThat(e).contains("evt_1 is missing from the store"));
    await().atMost(WAIT).until(() -> dead.size() == 1);
    assertThat(dead.get(0).event()).isEmpty();
    assertThat(dead.get(0).eventId()).isEqualTo("evt_1");
    assertThat(dead.get(0).attempts()).isEqualTo(2);
    assertThat(receiver.requestCount()).isEqualTo(1);
  }

  @Test
  void aDeliveryQueuedForAnEndpointDisabledSinceDiesWithOneCallback() throws Exception {
    hookline = builder().endpoint(endpoint("ops").build()).build();
    receiver.enqueue(500);
    String id = publish("evt_1");
    awaitStatus(id, DeliveryStatus.FAILED);
    hookline.putEndpoint(hookline.endpoint("ops").orElseThrow().toBuilder().enabled(false).build());

    clock.advance(Duration.ofSeconds(10));

    awaitStatus(id, DeliveryStatus.DEAD);
    await().atMost(WAIT).until(() -> dead.size() == 1);
    assertThat(dead.get(0).lastError()).contains("is disabled");
  }

  @Test
  void aDeadDeliveryRetriedByHandThatDiesAgainIsReportedAgain() throws Exception {
    hookline = builder().endpoint(endpoint("ops").build()).build();
    receiver.enqueue(400);
    receiver.enqueue(422);
    String id = publish("evt_1");
    awaitStatus(id, DeliveryStatus.DEAD);
    await().atMost(WAIT).until(() -> dead.size() == 1);

    hookline.retry(id);

    await().atMost(WAIT).until(() -> dead.size() == 2);
    assertThat(dead).extracting(DeadDelivery::attempts).containsExactly(1, 2);
    assertThat(dead.get(1).lastStatus()).hasValue(422);
  }

  @Test
  void listenersAddUpInTheOrderGiven() throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    hookline =
        builder()
            .listener(
                new DeliveryListener() {
                  @Override
                  public void onFailure(DeadDelivery d) {
                    calls.add("first");
                  }
                })
            .listener(
                new DeliveryListener() {
                  @Override
                  public void onFailure(DeadDelivery d) {
                    calls.add("second");
                  }
                })
            .onFailure(d -> calls.add("third"))
            .endpoint(endpoint("ops").build())
            .build();
    receiver.enqueue(400);

    publish("evt_1");

    await().atMost(WAIT).until(() -> calls.size() == 3);
    assertThat(calls).containsExactly("first", "second", "third");
    assertThat(dead).hasSize(1); // the builder's own onFailure, given first, is still there
  }

  @Test
  void aThrowingListenerGoesToTheErrorHandlerAndDeliveryGoesOn() throws Exception {
    List<String> handled = new CopyOnWriteArrayList<>();
    List<DeliveryOutcome> successes = new CopyOnWriteArrayList<>();
    hookline =
        builder()
            .listener(
                new DeliveryListener() {
                  @Override
                  public void onFailure(DeadDelivery d) {
                    throw new IllegalStateException("boom on " + d.deliveryId());
                  }

                  @Override
                  public void onSuccess(DeliveryOutcome o) {
                    throw new IllegalStateException("boom");
                  }
                })
            .onSuccess(successes::add)
            .listenerErrorHandler(
                (error, listener, callback, deliveryId) -> handled.add(callback + " " + deliveryId))
            .endpoint(endpoint("ops").build())
            .build();
    receiver.enqueue(400);

    String first = publish("evt_1");
    awaitStatus(first, DeliveryStatus.DEAD);
    String second = publish("evt_2");

    awaitStatus(second, DeliveryStatus.SUCCEEDED);
    await().atMost(WAIT).until(() -> handled.size() == 2 && successes.size() == 1);
    assertThat(handled).containsExactlyInAnyOrder("onFailure " + first, "onSuccess " + second);
    assertThat(dead).extracting(DeadDelivery::deliveryId).containsExactly(first);
  }

  @Test
  void onFailureEndpointGetsOneNoticeWithTheEventAndTheLastError() throws Exception {
    hookline =
        builder()
            .endpoint(endpoint("ops").onFailure(OnFailure.toEndpoint("alerts")).build())
            .endpoint(endpoint("alerts").events("ops.*").build())
            .build();
    receiver.enqueue(400);

    String id = publish("evt_1");

    RecordedRequest first = receiver.takeRequest(WAIT);
    assertThat(first.path()).isEqualTo("/hooks/ops");
    RecordedRequest notice = receiver.takeRequest(WAIT);
    assertThat(notice.path()).isEqualTo("/hooks/alerts");
    assertThat(notice.header("webhook-id")).contains("dead_" + id + "_1");
    JsonNode body = JSON.readTree(notice.body());
    assertThat(body.get("type").asText()).isEqualTo(FailureNotice.TYPE);
    assertThat(body.get("source").asText()).isEqualTo("hookline");
    JsonNode data = body.get("data");
    assertThat(data.get("event").get("id").asText()).isEqualTo("evt_1");
    assertThat(data.get("event").get("data").get("prediction").asText()).isEqualTo("outage");
    assertThat(data.get("endpoint_id").asText()).isEqualTo("ops");
    assertThat(data.get("delivery_id").asText()).isEqualTo(id);
    assertThat(data.get("attempts").asInt()).isEqualTo(1);
    assertThat(data.get("last_error").asText()).contains("HTTP 400");
    assertThat(data.get("last_status").asInt()).isEqualTo(400);
    await().atMost(WAIT).until(() -> dead.size() == 1);
    assertThat(hookline.deliveries(DeliveryQuery.all().endpoint("alerts")).items()).hasSize(1);
  }

  @Test
  void aNoticeForADisabledTargetIsStoredWithoutADelivery() throws Exception {
    hookline =
        builder()
            .endpoint(endpoint("ops").onFailure(OnFailure.toEndpoint("alerts")).build())
            .endpoint(endpoint("alerts").events("ops.*").enabled(false).build())
            .build();
    receiver.enqueue(400);

    String id = publish("evt_1");

    // The callback hears of the death after the notice was accepted.
    await().atMost(WAIT).until(() -> dead.size() == 1);
    StoredEvent notice =
        hookline.events(EventQuery.all()).items().stream()
            .filter(e -> e.event().id().equals("dead_" + id + "_1"))
            .findFirst()
            .orElseThrow();
    assertThat(notice.skips()).containsKey("alerts");
    assertThat(hookline.deliveries(DeliveryQuery.all().endpoint("alerts")).items()).isEmpty();
    assertThat(receiver.requestCount()).isEqualTo(1);
  }

  @Test
  void aNoticeWhoseOwnDeliveryDiesIsNotAnnouncedAgain() throws Exception {
    hookline =
        builder()
            .endpoint(endpoint("ops").onFailure(OnFailure.toEndpoint("alerts")).build())
            .endpoint(
                endpoint("alerts").events("ops.*").onFailure(OnFailure.toEndpoint("ops")).build())
            .build();
    receiver.enqueue(400); // ops refuses the event
    receiver.enqueue(400); // alerts refuses the notice

    publish("evt_1");

    // Notices are accepted before the callbacks hear of a death: after the second one, the store
    // holds every notice there will be.
    await().atMost(WAIT).until(() -> dead.size() == 2);
    assertThat(dead)
        .extracting(DeadDelivery::endpointId)
        .containsExactlyInAnyOrder("ops", "alerts");
    List<StoredEvent> events = hookline.events(EventQuery.all()).items();
    assertThat(events)
        .extracting(e -> e.event().type())
        .containsExactlyInAnyOrder("prediction", FailureNotice.TYPE);
    assertThat(receiver.requestCount()).isEqualTo(2);
  }

  @Test
  void onFailureEventPublishesTheNoticeUnderThatTypeRoutedAsUsualButNotBack() throws Exception {
    hookline =
        builder()
            .endpoint(endpoint("ops").onFailure(OnFailure.asEvent("ops.delivery_dead")).build())
            .endpoint(endpoint("pager").events("ops.*").build())
            .build();
    receiver.enqueue(400);

    String id = publish("evt_1");

    assertThat(receiver.takeRequest(WAIT).path()).isEqualTo("/hooks/ops");
    RecordedRequest notice = receiver.takeRequest(WAIT);
    assertThat(notice.path()).isEqualTo("/hooks/pager");
    assertThat(JSON.readTree(notice.body()).get("type").asText()).isEqualTo("ops.delivery_dead");
    await().atMost(WAIT).until(() -> dead.size() == 1);
    StoredEvent stored = hookline.event("dead_" + id + "_1").orElseThrow();
    assertThat(stored.skips()).containsKey("ops");
    assertThat(hookline.deliveries(DeliveryQuery.all().endpoint("ops")).items()).hasSize(1);
  }
}
