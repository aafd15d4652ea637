package dev.hookline.format;

import static dev.hookline.format.FormatFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.DatadogMetrics;
import dev.hookline.Hookline;
import dev.hookline.delivery.DeliveryOutcome;
import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import dev.hookline.routing.BatchConfig;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.routing.RetryPolicy;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.template.Template;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datadog events ({@code POST /api/v1/events}) and metrics ({@code POST /api/v2/series}), with
 * bodies checked against a schema generated from Datadog's official API client models
 * (src/test/resources/schemas/datadog).
 */
class DatadogFormatTest {
  static final ServiceSchema EVENT =
      ServiceSchema.of("datadog/datadog-api-client.schema.json", "v1.EventCreateRequest");
  static final ServiceSchema SERIES =
      ServiceSchema.of("datadog/datadog-api-client.schema.json", "v2.MetricPayload");
  static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");

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

  Endpoint.Builder datadog(Map<String, ?> options) {
    return Endpoint.builder("datadog", f.service.url("/"))
        .events("*")
        .format(Format.DATADOG, options)
        .retryPolicy(RetryPolicy.builder().schedule(Duration.ofMillis(10)).build());
  }

  static Event prediction() {
    return Event.builder("level_4_prediction")
        .timestamp(AT)
        .severity(Severity.WARNING)
        .source("empathy")
        .subject("auth-service")
        .userId("user_123")
        .tag("security")
        .put("prediction", "SQL injection vulnerability in auth.py:45")
        .put("confidence", 0.95)
        .build();
  }

  DeliveryOutcome firstOutcome() {
    return await().until(() -> f.outcomes.stream().findFirst().orElse(null), x -> x != null);
  }

  static void assertConforms(ServiceSchema schema, String body) {
    assertThat(schema.violations(body)).as(body).isEmpty();
  }

  @Test
  void eventGoesToTheEventsApiWithKeysAndTheSeedsShape() throws Exception {
    f.start(datadog(Map.of("api_key", "dd-api", "app_key", "dd-app")).build());

    RecordedRequest r = f.deliver(prediction());

    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/api/v1/events");
    assertThat(r.header("DD-API-KEY")).hasValue("dd-api");
    assertThat(r.header("DD-APPLICATION-KEY")).hasValue("dd-app");
    assertThat(r.header("Content-Type")).hasValue("application/json");
    assertThat(r.header("webhook-signature")).isEmpty(); // Datadog checks its keys, not a signature
    assertConforms(EVENT, r.bodyAsString());
    JsonNode body = json(r);
    assertThat(body.path("title").asText()).isEqualTo("Level 4 prediction");
    assertThat(body.path("text").asText())
        .isEqualTo(
            "SQL injection vulnerability in auth.py:45\n\n"
                + "Confidence: 0.95\nSource: empathy\nSubject: auth-service\nUser: user_123");
    assertThat(body.path("date_happened").asLong()).isEqualTo(AT.getEpochSecond());
    assertThat(body.path("alert_type").asText()).isEqualTo("warning");
    assertThat(body.path("priority").asText()).isEqualTo("normal");
    assertThat(body.path("tags"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "security",
            "event:level_4_prediction",
            "source:empathy",
            "severity:warning",
            "user:user_123");
    assertThat(body.path("aggregation_key").asText()).isEqualTo("auth-service");
    assertThat(body.path("source_type_name").asText()).isEqualTo("empathy");
  }

  @Test
  void withoutAppKeyOnlyTheApiKeyIsSent() throws Exception {
    f.start(datadog(Map.of("api_key", "dd-api")).build());

    RecordedRequest r = f.deliver(Event.builder("deploy").build());

    assertThat(r.header("DD-API-KEY")).hasValue("dd-api");
    assertThat(r.header("DD-APPLICATION-KEY")).isEmpty();
    JsonNode body = json(r);
    assertThat(body.path("text").asText()).isEqualTo("Deploy"); // never empty: the title
    assertThat(body.path("aggregation_key").asText()).isEqualTo("deploy");
    assertThat(body.path("source_type_name").asText()).isEqualTo("hookline");
    assertConforms(EVENT, r.bodyAsString());
  }

  @Test
  void seedTemplateIsTheBodyWithTheTimeFilledIn() throws Exception {
    f.start(
        datadog(Map.of("api_key", "k"))
            .template(
                Template.parse(
                    """
                    {"title": "Empathy Level 4 Prediction", "text": "{prediction}",
                     "priority": "normal",
                     "tags": ["empathy:level4", "confidence:{confidence}", "user:{user_id}"],
                     "alert_type": "info"}
                    """))
            .build());

    RecordedRequest r = f.deliver(prediction());

    assertConforms(EVENT, r.bodyAsString());
    assertThat(json(r))
        .isEqualTo(
            FormatFixture.JSON.readTree(
                """
                {"title": "Empathy Level 4 Prediction",
                 "text": "SQL injection vulnerability in auth.py:45", "priority": "normal",
                 "tags": ["empathy:level4", "confidence:0.95", "user:user_123"],
                 "alert_type": "info", "date_happened": %d}
                """
                    .formatted(AT.getEpochSecond())));
  }

  @Test
  void textTemplateIsTheEventText() throws Exception {
    f.start(
        datadog(Map.of("api_key", "k")).template(Template.text("Predicted: {prediction}")).build());

    JsonNode body = json(f.deliver(prediction()));

    assertThat(body.path("text").asText())
        .isEqualTo("Predicted: SQL injection vulnerability in auth.py:45");
    assertThat(body.path("title").asText()).isEqualTo("Level 4 prediction");
  }

  @Test
  void urlDefaultsFromTheSiteAndASeedsFullApiUrlIsNotDoubled() throws Exception {
    Endpoint eu =
        Endpoint.builder("dd")
            .events("*")
            .format(Format.DATADOG, Map.of("api_key", "k", "site", "datadoghq.eu"))
            .build();
    Endpoint us =
        Endpoint.builder("dd").events("*").format(Format.DATADOG, Map.of("api_key", "k")).build();
    assertThat(eu.url()).hasValue(URI.create("https://api.datadoghq.eu"));
    assertThat(us.url()).hasValue(URI.create("https://api.datadoghq.com"));
    assertThat(Formats.render(us, List.of(prediction())).url())
        .isEqualTo(URI.create("https://api.datadoghq.com/api/v1/events"));
    f.start(
        Endpoint.builder("datadog", f.service.url("/api/v1/events"))
            .events("*")
            .format(Format.DATADOG, Map.of("api_key", "k"))
            .build());

    RecordedRequest r = f.deliver(prediction());

    assertThat(r.path()).isEqualTo("/api/v1/events");
  }

  @Test
  void createdEventsLinkIsTheResult() throws Exception {
    f.service.enqueue(
        MockResponse.status(202)
            .withBody(
                "{\"status\":\"ok\",\"event\":{\"id\":7219871627431,\"id_str\":\"7219871627431\","
                    + "\"url\":\"https://app.datadoghq.com/event/event?id=7219871627431\"}}"));
    f.start(datadog(Map.of("api_key", "k")).build());

    f.deliver(prediction());

    DeliveryOutcome o = firstOutcome();
    assertThat(o.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    assertThat(o.result()).hasValue("https://app.datadoghq.com/event/event?id=7219871627431");
  }

  @Test
  void longValuesAreTruncatedToDatadogsLimitsNeverRejected() throws Exception {
    f.start(datadog(Map.of("api_key", "k")).build());
    Event huge =
        Event.builder("x")
            .subject("s".repeat(255))
            .tag("t:" + "v".repeat(500))
            .put("title", "t".repeat(500))
            .put("message", "m".repeat(10_000))
            .build();

    RecordedRequest r = f.deliver(huge);

    assertConforms(EVENT, r.bodyAsString());
    JsonNode body = json(r);
    assertThat(body.path("title").asText()).hasSize(DatadogFormat.MAX_TITLE).endsWith("…");
    assertThat(body.path("text").asText()).hasSize(DatadogFormat.MAX_TEXT);
    assertThat(body.path("aggregation_key").asText()).hasSize(DatadogFormat.MAX_AGGREGATION_KEY);
    assertThat(body.path("tags").get(0).asText()).hasSize(DatadogFormat.MAX_TAG);
  }

  @Test
  void severityGivesAlertTypeAndPriority() {
    assertThat(alertAndPriority(Event.builder("x").severity(Severity.DEBUG).build()))
        .isEqualTo("info/low");
    assertThat(alertAndPriority(Event.builder("x").build())).isEqualTo("info/normal");
    assertThat(alertAndPriority(Event.builder("x").severity(Severity.ERROR).build()))
        .isEqualTo("error/normal");
    assertThat(alertAndPriority(Event.builder("x").severity(Severity.CRITICAL).build()))
        .isEqualTo("error/normal");
    assertThat(alertAndPriority(Event.builder("x").put("severity", "error").build()))
        .isEqualTo("error/normal"); // data.severity, as min_severity reads it
    assertThat(alertAndPriority(Event.builder("deploy.succeeded").build()))
        .isEqualTo("success/normal");
    assertThat(alertAndPriority(Event.builder("incident_resolved").build()))
        .isEqualTo("success/normal");
  }

  static String alertAndPriority(Event e) {
    JsonNode body = DatadogFormat.event(e);
    return body.path("alert_type").asText() + "/" + body.path("priority").asText();
  }

  @Test
  void forbiddenIsFinalWithDatadogsReason() throws Exception {
    f.service.enqueue(MockResponse.status(403).withBody("{\"errors\":[\"Forbidden\"]}"));
    f.start(datadog(Map.of("api_key", "wrong")).build());

    f.deliver(prediction());

    DeliveryOutcome o = firstOutcome();
    assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(o.error()).hasValue("HTTP 403: Forbidden");
    assertThat(f.service.requestCount()).isEqualTo(1);
  }

  @Test
  void rateLimited429WaitsForXRateLimitReset() throws Exception {
    f.service.enqueue(
        MockResponse.status(429)
            .withHeader("X-RateLimit-Limit", "1000")
            .withHeader("X-RateLimit-Period", "60")
            .withHeader("X-RateLimit-Remaining", "0")
            .withHeader("X-RateLimit-Reset", "1"));
    f.startOnClock(datadog(Map.of("api_key", "k")).build()); // the schedule alone: 10 ms

    f.deliver(prediction());

    f.retriedAt(f.clock.instant().plusSeconds(1));
  }

  @Test
  void serverErrorsAreRetried() throws Exception {
    f.service.enqueue(503);
    f.start(datadog(Map.of("api_key", "k")).build());

    f.deliver(prediction());
    RecordedRequest second = f.service.takeRequest(FormatFixture.WAIT);

    assertThat(second.header("X-Hookline-Attempt")).hasValue("2");
  }

  // ---- metrics

  @Test
  void metricKindPostsAPointFromDataMetricAndValue() throws Exception {
    f.start(datadog(Map.of("api_key", "k", "kind", "metric")).build());
    Event perf =
        Event.builder("performance_issue")
            .timestamp(AT)
            .tag("service:api")
            .put("metric", "api.response_time.p95")
            .put("value", 1234)
            .put("unit", "millisecond")
            .put("host", "web-1")
            .put("tags", List.of("endpoint:/api/users"))
            .build();

    RecordedRequest r = f.deliver(perf);

    assertThat(r.path()).isEqualTo("/api/v2/series");
    assertThat(r.header("DD-API-KEY")).hasValue("k");
    assertConforms(SERIES, r.bodyAsString());
    assertThat(json(r))
        .isEqualTo(
            FormatFixture.JSON.readTree(
                """
                {"series": [{"metric": "api.response_time.p95", "type": 3,
                  "points": [{"timestamp": %d, "value": 1234.0}],
                  "tags": ["service:api", "endpoint:/api/users"],
                  "resources": [{"name": "web-1", "type": "host"}], "unit": "millisecond"}]}
                """
                    .formatted(AT.getEpochSecond())));
  }

  @Test
  void anEventWithoutAMetricCountsItselfUnderItsType() throws Exception {
    f.start(datadog(Map.of("api_key", "k", "kind", "metric")).build());

    RecordedRequest r = f.deliver(Event.builder("error_occurred").timestamp(AT).build());

    assertConforms(SERIES, r.bodyAsString());
    JsonNode series = json(r).path("series").get(0);
    assertThat(series.path("metric").asText()).isEqualTo("error_occurred");
    assertThat(series.path("type").asInt()).isEqualTo(1); // count
    assertThat(series.path("points").get(0).path("value").asDouble()).isEqualTo(1.0);
  }

  @Test
  void sendMetricBatchesManyPointsIntoOneSeriesRequest() throws Exception {
    Hookline hookline =
        f.start(
            datadog(Map.of("api_key", "k", "kind", "metric"))
                .events(DatadogMetrics.EVENT_TYPE)
                .batch(BatchConfig.of(4, Duration.ofSeconds(30)))
                .build());
    DatadogMetrics datadog = DatadogMetrics.of(hookline, "datadog");

    datadog.sendMetric(
        "empathy.prediction.confidence", 0.87, List.of("user:developer_123", "level:4"));
    datadog.sendMetric("empathy.interactions.duration_ms", 1234, List.of("user:developer_123"));
    datadog.sendMetric(
        "empathy.prediction.confidence", 0.91, List.of("user:developer_123", "level:4"));
    datadog.count("empathy.errors", 1, List.of());
    RecordedRequest r = f.service.takeRequest(FormatFixture.WAIT);

    assertThat(r.path()).isEqualTo("/api/v2/series");
    assertConforms(SERIES, r.bodyAsString());
    JsonNode series = json(r).path("series");
    assertThat(series).hasSize(3);
    assertThat(series.get(0).path("metric").asText()).isEqualTo("empathy.prediction.confidence");
    assertThat(series.get(0).path("type").asInt()).isEqualTo(3); // gauge
    assertThat(series.get(0).path("points"))
        .extracting(p -> p.path("value").asDouble())
        .containsExactly(0.87, 0.91);
    assertThat(series.get(0).path("tags"))
        .extracting(JsonNode::asText)
        .containsExactly("user:developer_123", "level:4");
    assertThat(series.get(1).path("points").get(0).path("value").asDouble()).isEqualTo(1234.0);
    assertThat(series.get(2).path("metric").asText()).isEqualTo("empathy.errors");
    assertThat(series.get(2).path("type").asInt()).isEqualTo(1);
    assertThat(series.get(2).has("tags")).isFalse();
    await().until(() -> f.outcomes.size() == 4);
    assertThat(f.outcomes).allMatch(o -> o.status() == DeliveryStatus.SUCCEEDED);
    assertThat(f.service.requestCount()).isEqualTo(1);
  }

  @Test
  void metricTemplateReadsEachEventsPoint() throws Exception {
    Hookline hookline =
        f.start(
            datadog(Map.of("api_key", "k", "kind", "metric"))
                .template(
                    Template.parse(
                        """
                    {"metric": "megabot.tool_execution.duration", "value": "{result.duration}",
                     "tags": ["tool:{tool_name}", "status:success"]}
                    """))
                .batch(BatchConfig.of(2, Duration.ofSeconds(30)))
                .build());
    List<Event> runs = new ArrayList<>();
    for (Map.Entry<String, Double> run :
        List.of(Map.entry("search", 0.6), Map.entry("shell", 0.5))) {
      runs.add(
          Event.builder("tool_execution_completed")
              .timestamp(AT)
              .put("tool_name", run.getKey())
              .put("result", Map.of("duration", run.getValue()))
              .build());
    }

    hookline.publishAll(runs);
    RecordedRequest r = f.service.takeRequest(FormatFixture.WAIT);

    assertConforms(SERIES, r.bodyAsString());
    JsonNode series = json(r).path("series");
    assertThat(series).hasSize(2);
    assertThat(series.get(0).path("tags").get(0).asText()).isEqualTo("tool:search");
    assertThat(series.get(0).path("points").get(0).path("value").asDouble()).isEqualTo(0.6);
    assertThat(series.get(1).path("tags").get(0).asText()).isEqualTo("tool:shell");
    assertThat(series.get(1).path("points").get(0).path("value").asDouble()).isEqualTo(0.5);
  }

  @Test
  void aValueThatIsNotANumberEndsDeadWithTheReason() throws Exception {
    Hookline hookline = f.start(datadog(Map.of("api_key", "k", "kind", "metric")).build());

    hookline.publish(Event.builder("perf").put("metric", "m").put("value", "high").build());

    DeliveryOutcome o = firstOutcome();
    assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(o.error().orElseThrow())
        .contains("datadog metric value is 'high'; expected a number");
    assertThat(f.service.requestCount()).isZero();
  }

  @Test
  void aSeriesRequestOverDatadogsLimitIsSentGzipCompressed() throws Exception {
    Hookline hookline =
        f.start(
            datadog(Map.of("api_key", "k", "kind", "metric"))
                .batch(BatchConfig.of(50, Duration.ofSeconds(30)))
                .build());
    List<Event> points = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      List<String> tags = new ArrayList<>();
      for (int t = 0; t < 60; t++) {
        tags.add("k" + i + "_" + t + ":" + "v".repeat(190));
      }
      points.add(Event.builder("m").timestamp(AT).tags(tags).put("value", i).build());
    }

    hookline.publishAll(points);
    RecordedRequest r = f.service.takeRequest(FormatFixture.WAIT);

    assertThat(r.header("Content-Encoding")).hasValue("gzip");
    String body = gunzip(r.body());
    assertThat(body.getBytes(StandardCharsets.UTF_8).length)
        .isGreaterThan(DatadogFormat.MAX_SERIES_BYTES);
    assertThat(r.body().length).isLessThan(DatadogFormat.MAX_SERIES_BYTES);
    assertConforms(SERIES, body);
    assertThat(FormatFixture.JSON.readTree(body).path("series")).hasSize(50);
  }

  static String gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  // ---- configuration

  @Test
  void batchIsRefusedForTheEventKindWhichTakesOneEventARequest() {
    assertThatThrownBy(
            () ->
                Endpoint.builder("dd")
                    .events("*")
                    .format(Format.DATADOG, Map.of("api_key", "k"))
                    .batch(BatchConfig.of(10, Duration.ofSeconds(5)))
                    .build())
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("datadog endpoints of kind metric");
  }

  @Test
  void aMetricTemplateMustBeAnObject() {
    Endpoint textTemplate =
        Endpoint.builder("dd")
            .events("*")
            .format(Format.DATADOG, Map.of("api_key", "k", "kind", "metric"))
            .template(Template.text("{value}"))
            .build();

    assertThatThrownBy(() -> Formats.validate(textTemplate))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("a datadog metric template is an object");
  }

  @Test
  void datadogMetricsNeedsAMetricEndpoint() {
    Hookline hookline = f.start(datadog(Map.of("api_key", "k")).build());

    assertThatThrownBy(() -> DatadogMetrics.of(hookline, "datadog"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kind: metric");
    assertThatThrownBy(() -> DatadogMetrics.of(hookline, "nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no endpoint with id nope");
  }

  @Test
  void datadogMetricsRefusesBlankNamesAndNonFiniteValues() {
    Hookline hookline = f.start(datadog(Map.of("api_key", "k", "kind", "metric")).build());
    DatadogMetrics datadog = DatadogMetrics.of(hookline, "datadog");

    assertThatThrownBy(() -> datadog.sendMetric(" ", 1, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> datadog.sendMetric("m", Double.NaN, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tagsKeepTheirOrderWithoutDuplicates() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("x", 1);
    Event e = Event.builder("t").tags(List.of("a", "a", "event:t")).data(data).build();

    assertThat(DatadogFormat.eventTags(e)).containsExactly("a", "event:t");
  }
}
