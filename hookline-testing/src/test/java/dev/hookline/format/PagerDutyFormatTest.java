package dev.hookline.format;

import static dev.hookline.format.FormatFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.Hookline;
import dev.hookline.delivery.DeliveryOutcome;
import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.routing.RetryPolicy;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.template.Template;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PagerDuty Events API v2 ({@code POST /v2/enqueue}), with bodies checked against a schema written
 * from PagerDuty's published reference (src/test/resources/schemas/pagerduty).
 */
class PagerDutyFormatTest {
  static final ServiceSchema ENQUEUE = ServiceSchema.of("pagerduty/events-v2-enqueue.schema.json");
  static final String KEY = "e93facc04764012d7bfb002500d5d1a6";
  static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");
  static final String ACCEPTED =
      "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"%s\"}";

  @TempDir Path dir;
  FormatFixture f;

  @BeforeEach
  void open() {
    f = new FormatFixture(dir);
  }

  @AfterEach
  void close() {
    f.close();
  }

  Endpoint.Builder pagerduty(Map<String, ?> options) {
    return Endpoint.builder("pagerduty", f.service.url("/v2/enqueue"))
        .events("*")
        .format(Format.PAGERDUTY, options)
        .retryPolicy(
            RetryPolicy.builder().schedule(Duration.ofMillis(10), Duration.ofMillis(10)).build());
  }

  static Event alert() {
    return Event.builder("alert")
        .id("evt_alert_1")
        .timestamp(AT)
        .severity(Severity.CRITICAL)
        .source("prod-datapipe03.example.com")
        .subject("srv01/mysql")
        .put("message", "DISK at 99%")
        .put("component", "mysql")
        .put("group", "prod-datapipe")
        .put("url", "https://grafana.example.com/d/disk")
        .put("free_space", "1%")
        .build();
  }

  DeliveryOutcome firstOutcome() {
    return await().until(() -> f.outcomes.stream().findFirst().orElse(null), x -> x != null);
  }

  static void assertConforms(String body) {
    assertThat(ENQUEUE.violations(body)).as(body).isEmpty();
  }

  @Test
  void triggerCarriesThePayloadTheDedupKeyAndTheClient() throws Exception {
    f.start(pagerduty(Map.of("routing_key", KEY)).build());

    RecordedRequest r = f.deliver(alert());

    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v2/enqueue");
    assertThat(r.header("Content-Type")).hasValue("application/json");
    assertThat(r.header("webhook-signature")).isEmpty(); // the routing key is the credential
    assertConforms(r.bodyAsString());
    assertThat(json(r))
        .isEqualTo(
            FormatFixture.JSON.readTree(
                """
                {"routing_key": "%s", "event_action": "trigger", "dedup_key": "srv01/mysql",
                 "payload": {"summary": "Alert: DISK at 99%%",
                   "source": "prod-datapipe03.example.com", "severity": "critical",
                   "timestamp": "2026-11-23T12:00:00Z", "component": "mysql",
                   "group": "prod-datapipe", "class": "alert",
                   "custom_details": {"message": "DISK at 99%%", "component": "mysql",
                     "group": "prod-datapipe", "url": "https://grafana.example.com/d/disk",
                     "free_space": "1%%"}},
                 "links": [{"href": "https://grafana.example.com/d/disk", "text": "Open"}],
                 "client": "Hookline"}
                """
                    .formatted(KEY)));
  }

  @Test
  void withoutSubjectTheDedupKeyIsTheEventId() throws Exception {
    f.start(pagerduty(Map.of("routing_key", KEY)).build());

    JsonNode body = json(f.deliver(Event.builder("alert").id("evt_42").build()));

    assertThat(body.path("dedup_key").asText()).isEqualTo("evt_42");
    assertThat(body.path("payload").path("source").asText()).isEqualTo("hookline");
    assertThat(body.path("payload").path("severity").asText()).isEqualTo("info");
    assertThat(body.path("payload").has("custom_details")).isFalse();
  }

  @Test
  void aResolvedTypeResolvesTheSameDedupKeyWithOnlyTheThreeFields() throws Exception {
    Hookline hookline = f.start(pagerduty(Map.of("routing_key", KEY)).build());
    hookline.publish(alert());
    RecordedRequest trigger = f.service.takeRequest(FormatFixture.WAIT);

    RecordedRequest resolve =
        f.deliver(
            Event.builder("alert.resolved").subject("srv01/mysql").put("message", "ok").build());

    assertThat(json(trigger).path("event_action").asText()).isEqualTo("trigger");
    assertConforms(resolve.bodyAsString());
    assertThat(json(resolve))
        .isEqualTo(
            FormatFixture.JSON.readTree(
                """
                {"routing_key": "%s", "event_action": "resolve", "dedup_key": "srv01/mysql"}
                """
                    .formatted(KEY)));
  }

  @Test
  void theActionComesFromTheOptionThenDataThenTheType() {
    Endpoint plain = endpoint(Map.of("routing_key", KEY));
    Endpoint acknowledging = endpoint(Map.of("routing_key", KEY, "event_action", "acknowledge"));
    Event resolved = Event.builder("incident_resolved").build();

    assertThat(PagerDutyFormat.action(plain, resolved)).isEqualTo("resolve");
    assertThat(PagerDutyFormat.action(acknowledging, resolved)).isEqualTo("acknowledge");
    assertThat(PagerDutyFormat.action(plain, Event.builder("alert.acknowledged").build()))
        .isEqualTo("acknowledge");
    assertThat(
            PagerDutyFormat.action(
                plain, Event.builder("alert").put("event_action", "resolve").build()))
        .isEqualTo("resolve");
    assertThat(
            PagerDutyFormat.action(
                plain, Event.builder("alert").put("event_action", "escalate").build()))
        .isEqualTo("trigger");
    assertThat(PagerDutyFormat.action(plain, Event.builder("unresolved").build()))
        .isEqualTo("trigger");
  }

  Endpoint endpoint(Map<String, ?> options) {
    return Endpoint.builder("pd").events("*").format(Format.PAGERDUTY, options).build();
  }

  @Test
  void anAcknowledgeOptionSendsAnAcknowledge() throws Exception {
    f.start(pagerduty(Map.of("routing_key", KEY, "event_action", "acknowledge")).build());

    RecordedRequest r = f.deliver(alert());

    assertConforms(r.bodyAsString());
    assertThat(json(r).path("event_action").asText()).isEqualTo("acknowledge");
    assertThat(json(r).size()).isEqualTo(3);
  }

  @Test
  void severityMapsToPagerDutysFourLevels() {
    assertThat(severity(Event.builder("x").severity(Severity.DEBUG).build())).isEqualTo("info");
    assertThat(severity(Event.builder("x").build())).isEqualTo("info");
    assertThat(severity(Event.builder("x").severity(Severity.WARNING).build()))
        .isEqualTo("warning");
    assertThat(severity(Event.builder("x").severity(Severity.ERROR).build())).isEqualTo("error");
    assertThat(severity(Event.builder("x").put("severity", "critical").build()))
        .isEqualTo("critical"); // data.severity, as min_severity reads it
    assertThat(severity(Event.builder("x").put("severity", "high").build())).isEqualTo("info");
  }

  static String severity(Event e) {
    return PagerDutyFormat.payload(e).path("severity").asText();
  }

  @Test
  void theAcceptedAnswersDedupKeyIsTheResult() throws Exception {
    f.service.enqueue(MockResponse.status(202).withBody(ACCEPTED.formatted("srv01/mysql")));
    f.start(pagerduty(Map.of("routing_key", KEY)).build());

    f.deliver(alert());

    DeliveryOutcome o = firstOutcome();
    assertThat(o.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    assertThat(o.result()).hasValue("srv01/mysql");
  }

  @Test
  void anInvalidEvent400IsFinalAndSaysWhy() throws Exception {
    f.service.enqueue(
        MockResponse.status(400)
            .withBody(
                "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":"
                    + "[\"Length of 'routing_key' is incorrect (should be 32 characters)\"]}"));
    f.start(pagerduty(Map.of("routing_key", "short")).build());

    f.deliver(alert());

    DeliveryOutcome o = firstOutcome();
    assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(o.error())
        .hasValue(
            "HTTP 400: Event object is invalid (Length of 'routing_key' is incorrect (should be 32"
                + " characters))");
    assertThat(f.service.requestCount()).isEqualTo(1);
  }

  @Test
  void rateLimited429AndServerErrorsAreRetriedUntilAccepted() throws Exception {
    f.service.enqueue(429);
    f.service.enqueue(503);
    f.service.enqueue(MockResponse.status(202).withBody(ACCEPTED.formatted("srv01/mysql")));
    f.start(pagerduty(Map.of("routing_key", KEY)).build());

    f.deliver(alert());
    RecordedRequest second = f.service.takeRequest(FormatFixture.WAIT);
    RecordedRequest third = f.service.takeRequest(FormatFixture.WAIT);

    assertThat(second.header("X-Hookline-Attempt")).hasValue("2");
    assertThat(third.header("X-Hookline-Attempt")).hasValue("3");
    assertThat(json(third).path("dedup_key").asText()).isEqualTo("srv01/mysql"); // same alert
    await().until(() -> f.outcomes.size() == 3);
    assertThat(f.outcomes.get(2).status()).isEqualTo(DeliveryStatus.SUCCEEDED);
  }

  @Test
  void longSummariesAndHugeDetailsAreCutToPagerDutysLimits() throws Exception {
    f.start(pagerduty(Map.of("routing_key", KEY)).build());
    Event huge =
        Event.builder("alert")
            .put("message", "m".repeat(5_000))
            .put("stack", "s\"".repeat(400_000))
            .build();

    RecordedRequest r = f.deliver(huge);

    assertThat(r.body().length).isLessThanOrEqualTo(PagerDutyFormat.MAX_EVENT_BYTES);
    assertConforms(r.bodyAsString());
    JsonNode payload = json(r).path("payload");
    assertThat(payload.path("summary").asText()).hasSize(PagerDutyFormat.MAX_SUMMARY);
    assertThat(payload.path("custom_details").path("truncated").asText()).contains("512 KB");
    assertThat(payload.path("custom_details").path("json").asText()).startsWith("{\"message\"");
  }

  @Test
  void aTemplateObjectIsMergedOverThePayload() throws Exception {
    f.start(
        pagerduty(Map.of("routing_key", KEY))
            .template(
                Template.parse(
                    """
                    {"summary": "Prediction: {prediction}", "severity": "debug",
                     "custom_details": {"confidence": "{confidence}"}}
                    """))
            .build());
    Event prediction =
        Event.builder("level_4_prediction")
            .timestamp(AT)
            .put("prediction", "auth deploy conflicts with user-service v2.1")
            .put("confidence", 0.91)
            .build();

    RecordedRequest r = f.deliver(prediction);

    assertConforms(r.bodyAsString());
    JsonNode payload = json(r).path("payload");
    assertThat(payload.path("summary").asText())
        .isEqualTo("Prediction: auth deploy conflicts with user-service v2.1");
    assertThat(payload.path("severity").asText()).isEqualTo("info"); // debug, as PagerDuty has it
    assertThat(payload.path("custom_details").path("confidence").asDouble()).isEqualTo(0.91);
    assertThat(payload.path("source").asText()).isEqualTo("hookline"); // defaults kept
    assertThat(payload.path("timestamp").asText()).isEqualTo("2026-11-23T12:00:00Z");
  }

  @Test
  void aTemplateWithTopLevelKeysIsMergedOverTheWholeBody() throws Exception {
    f.start(
        pagerduty(Map.of("routing_key", KEY))
            .template(
                Template.parse(
                    """
                    {"dedup_key": "prediction-{user_id}",
                     "payload": {"summary": "Prediction for {user_id}"},
                     "client_url": "https://hookline.example.com"}
                    """))
            .build());

    RecordedRequest r =
        f.deliver(Event.builder("prediction").userId("u1").severity(Severity.ERROR).build());

    assertConforms(r.bodyAsString());
    JsonNode body = json(r);
    assertThat(body.path("dedup_key").asText()).isEqualTo("prediction-u1");
    assertThat(body.path("client_url").asText()).isEqualTo("https://hookline.example.com");
    assertThat(body.path("payload").path("summary").asText()).isEqualTo("Prediction for u1");
    assertThat(body.path("payload").path("severity").asText()).isEqualTo("error");
  }

  @Test
  void dataLinksAndImagesAreAttached() throws Exception {
    f.start(pagerduty(Map.of("routing_key", KEY)).build());
    Event e =
        Event.builder("alert")
            .put(
                "links",
                List.of(Map.of("href", "https://runbook.example.com", "text", "Runbook"), "junk"))
            .put("images", List.of(Map.of("src", "https://charts.example.com/disk.png")))
            .build();

    RecordedRequest r = f.deliver(e);

    assertConforms(r.bodyAsString());
    JsonNode body = json(r);
    assertThat(body.path("links")).hasSize(1);
    assertThat(body.path("links").get(0).path("text").asText()).isEqualTo("Runbook");
    assertThat(body.path("images").get(0).path("src").asText())
        .isEqualTo("https://charts.example.com/disk.png");
  }

  @Test
  void theUrlDefaultsToTheEventsApi() {
    assertThat(endpoint(Map.of("routing_key", KEY)).url())
        .hasValue(URI.create("https://events.pagerduty.com/v2/enqueue"));
  }
}
