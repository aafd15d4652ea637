package dev.hookline.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.event.Severity;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.SignatureScheme;
import dev.hookline.signature.WebhookSecret;
import dev.hookline.template.Template;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EndpointJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private static Endpoint.Builder ep(String id) {
    return Endpoint.builder(id, "https://example.com/" + id).events("*");
  }

  private static InvalidEndpointException invalid(String json) {
    return catchThrowableOfType(InvalidEndpointException.class, () -> Endpoint.fromJson(json));
  }

  static Stream<Endpoint> endpoints() {
    WebhookSecret.Ed25519KeyPair keys = WebhookSecret.generateEd25519();
    Map<String, Object> slack = new LinkedHashMap<>();
    slack.put("channel", "#ai-alerts");
    slack.put("username", "Empathy Bot");
    slack.put("icon_emoji", ":robot_face:");
    return Stream.of(
        ep("minimal").build(),
        ep("everything")
            .events("level_4_prediction", "github.*", "tool_execution_*")
            .method("PUT")
            .header("Authorization", "Bearer t0k3n")
            .header("X-Count", "3")
            .filters(
                Filters.builder()
                    .platforms("telegram", "discord")
                    .users("admin_user", "42")
                    .minSeverity(Severity.WARNING)
                    .contentFilter(ContentFilter.contains("error.message", "database"))
                    .contentFilter(ContentFilter.regex("data.tool_name", "^deploy_"))
                    .contentFilter(ContentFilter.equalTo("status", true))
                    .contentFilter(ContentFilter.in("region", List.of("eu", "us", 3)))
                    .contentFilter(ContentFilter.greaterThan("confidence", 0.85))
                    .contentFilter(ContentFilter.lessThan("retries", 5))
                    .timeWindow(
                        TimeWindow.of(22, 6, ZoneId.of("Europe/Paris"))
                            .onDays(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY))
                    .build())
            .when("data.confidence > 0.85 && \"security\" in tags")
            .retryPolicy(
                RetryPolicy.builder()
                    .maxAttempts(5)
                    .initialDelay(Duration.ofSeconds(1))
                    .backoffMultiplier(1.5)
                    .maxDelay(Duration.ofMinutes(5))
                    .jitter(0)
                    .retryOnStatus(500, 502, 503, 504)
                    .build())
            .rateLimit(RateLimit.of(60, 1000))
            .batch(BatchConfig.of(10, Duration.ofMillis(2500)))
            .timeout(Duration.ofMillis(1500))
            .ordering(Ordering.FIFO)
            .enabled(false)
            .signature(SignatureConfig.standard(WHSEC, "whsec_" + "A".repeat(32)))
            .build(),
        ep("schedule")
            .retryPolicy(
                RetryPolicy.builder()
                    .schedule(Duration.ofSeconds(5), Duration.ofMinutes(90), Duration.ofDays(1))
                    .maxAttempts(6)
                    .retryOnStatus(List.of(301, 408))
                    .build())
            .rateLimit(RateLimit.perHour(100))
            .build(),
        ep("utc-window")
            .filters(Filters.builder().timeWindow(TimeWindow.of(9, 17)).build())
            .rateLimit(RateLimit.perMinute(5))
            .build(),
        ep("slack")
            .format(Format.SLACK, slack)
            .template(
                Template.parse(
                    """
                    {"text": "Prediction: {prediction} ({confidence:.0%})",
                     "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "*User:* {user_id}"}}],
                     "confidence": "{confidence}", "n": 3, "ok": true, "none": null}"""))
            .build(),
        Endpoint.builder("slack-bot")
            .events("*")
            .format(Format.SLACK, Map.of("bot_token", "xoxb-1", "channel", "#ops"))
            .build(),
        ep("teams").format(Format.TEAMS, Map.of("card", "adaptive")).build(),
        ep("discord")
            .format(Format.DISCORD, Map.of("username", "Bot", "avatar_url", "https://x/a.png"))
            .build(),
        Endpoint.builder("jira", "https://company.atlassian.net")
            .events("bug_detected")
            .format(
                Format.JIRA,
                Map.of(
                    "project", "ENG",
                    "issue_type", "Bug",
                    "email", "me@example.com",
                    "api_token", "t",
                    "priority", "High",
                    "labels", List.of("ai-generated", "empathy-prediction"),
                    "assignee", "tech-lead"))
            .template(Template.text("[AI Detected] {title}"))
            .build(),
        Endpoint.builder("github")
            .events("code_review_complete")
            .format(
                Format.GITHUB,
                Map.of(
                    "token",
                    "ghp_x",
                    "repo",
                    "owner/repo",
                    "action",
                    "dispatch",
                    "event_type",
                    "deployment_completed"))
            .build(),
        Endpoint.builder("datadog")
            .events("*")
            .format(
                Format.DATADOG,
                Map.of("api_key", "k", "app_key", "a", "site", "datadoghq.eu", "kind", "metric"))
            .build(),
        Endpoint.builder("pagerduty")
            .events("alert")
            .format(Format.PAGERDUTY, Map.of("routing_key", "r", "event_action", "resolve"))
            .build(),
        Endpoint.builder("email")
            .events("alert")
            .format(
                Format.EMAIL,
                Map.of(
                    "smtp_host", "smtp.example.com",
                    "smtp_port", 587,
                    "starttls", true,
                    "username", "u",
                    "password", "p",
                    "from", "hookline@example.com",
                    "to", List.of("admin@example.com"),
                    "subject", "Alert: {type}"))
            .build(),
        ep("ed25519").signature(SignatureConfig.ed25519(keys.secretKey())).build(),
        ep("github-sig").signature(SignatureConfig.github("s3cret")).build(),
        ep("hex-sig")
            .signature(SignatureConfig.hex("s3cret", "X-MegaBot-Signature", "sha256="))
            .build(),
        ep("hex-default").signature(SignatureConfig.hex("s3cret")).build(),
        ep("stripe-sig")
            .signature(SignatureConfig.stripe(WHSEC).withTolerance(Duration.ofMinutes(10)))
            .build(),
        ep("slack-sig")
            .signature(SignatureConfig.slack("8f742231b10e8888abcd99yyyzzz85a5"))
            .build(),
        ep("shopify-sig").signature(SignatureConfig.shopify("s3cret")).build(),
        ep("twilio-sig").signature(SignatureConfig.twilio("auth-token")).build(),
        ep("none-sig").signature(SignatureConfig.none()).build(),
        ep("scalar-template").template(Template.text("{prediction}")).build());
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void writtenEndpointsReadBackEqual(Endpoint endpoint) {
    String json = endpoint.toJson();

    Endpoint back = Endpoint.fromJson(json);

    assertThat(back).isEqualTo(endpoint);
    assertThat(back.toJson()).isEqualTo(json);
  }

  @Test
  void endpointsAreWrittenInTheContractShape() throws Exception {
    Endpoint e =
        Endpoint.builder("ops", "https://ops.example.com/hooks")
            .events("*")
            .signature(SignatureConfig.hex("s", "X-Webhook-Signature", "sha256="))
            .retryPolicy(
                RetryPolicy.builder().maxAttempts(5).initialDelay(Duration.ofSeconds(1)).build())
            .batch(BatchConfig.of(10, Duration.ofSeconds(5)))
            .build();

    JsonNode json = JSON.readTree(e.toJson());

    assertThat(json)
        .isEqualTo(
            JSON.readTree(
                """
                {"id": "ops", "url": "https://ops.example.com/hooks", "events": ["*"],
                 "method": "POST", "format": "raw",
                 "signature": {"scheme": "hex", "secret": "s", "header": "X-Webhook-Signature",
                               "prefix": "sha256="},
                 "retry_policy": {"max_attempts": 5, "initial_delay": "1s",
                                  "backoff_multiplier": 2.0, "max_delay": "10h", "jitter": 0.2,
                                  "retry_on_status": [408, 429, "5xx"]},
                 "batch": {"max_size": 10, "max_wait": "5s"},
                 "timeout": "5s", "ordering": "parallel", "enabled": true}"""));
  }

  @Test
  void seedFormIsRead() {
    Endpoint e =
        Endpoint.fromJson(
            """
            {"id": "monitoring", "url": "https://your-monitoring-service.com/webhook",
             "events": "*", "timeout": 30,
             "headers": {"X-Retry": 3},
             "filters": {"platforms": ["slack"], "users": ["admin_user", 12345],
                         "min_severity": "INFO",
                         "content_filters": [{"type": "regex", "field": "data.tool_name",
                                              "value": "^deploy_"}],
                         "time_window": {"start_hour": 9, "end_hour": 17, "timezone": "UTC",
                                         "days": ["mon", "Tuesday"]}},
             "retry_policy": {"max_attempts": 10, "backoff_multiplier": 1.5,
                              "initial_delay": 0.5, "max_delay": 300,
                              "retry_on_status": [500, 502, 503, 504]}}""");

    assertThat(e.events()).hasSize(1);
    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(e.headers()).containsEntry("X-Retry", "3");
    assertThat(e.filters().users()).containsExactly("admin_user", "12345");
    assertThat(e.filters().minSeverity()).hasValue(Severity.INFO);
    assertThat(e.filters().contentFilters())
        .containsExactly(ContentFilter.regex("data.tool_name", "^deploy_"));
    assertThat(e.filters().timeWindow())
        .hasValue(TimeWindow.of(9, 17).onDays(DayOfWeek.MONDAY, DayOfWeek.TUESDAY));
    assertThat(e.retryPolicy().initialDelay()).isEqualTo(Duration.ofMillis(500));
    assertThat(e.retryPolicy().maxDelay()).isEqualTo(Duration.ofMinutes(5));
    assertThat(e.retryPolicy().delayAfter(2)).hasValue(Duration.ofMillis(750));
    assertThat(e.retryPolicy().retryOnStatus()).containsExactly(500, 502, 503, 504);
  }

  @Test
  void statusRangesAreAccepted() {
    Endpoint e =
        Endpoint.fromJson(
            """
            {"id": "x", "url": "https://x.example", "events": ["*"],
             "retry_policy": {"retry_on_status": [429, "5xx"]}}""");

    assertThat(e.retryPolicy().retriesStatus(429)).isTrue();
    assertThat(e.retryPolicy().retriesStatus(599)).isTrue();
    assertThat(e.retryPolicy().retriesStatus(408)).isFalse();
  }

  @Test
  void unknownKeySuggestsTheClosestKnownOne() {
    InvalidEndpointException e =
        catchThrowableOfType(
            InvalidEndpointException.class,
            () ->
                EndpointJson.read(
                    JSON.readTree(
                        """
                        {"id": "x", "url": "https://x.example", "events": ["*"],
                         "retry_policy": {"max_attempt": 5}}"""),
                    "endpoints[2]"));

    assertThat(e)
        .hasMessage(
            "endpoints[2].retry_policy.max_attempt: unknown key; did you mean max_attempts?");
    assertThat(e.field()).isEqualTo("endpoints[2].retry_policy.max_attempt");
  }

  @Test
  void keysOtherToolsUseGetAHint() {
    assertThat(invalid("{\"id\": \"x\", \"events\": [\"*\"], \"payload_template\": {}}"))
        .hasMessage("payload_template: unknown key; use template");
    assertThat(
            invalid(
                "{\"id\": \"x\", \"url\": \"https://x.example\", \"events\": [\"*\"],"
                    + " \"retry_policy\": {\"max_retries\": 3}}"))
        .hasMessageContaining("retry_policy.max_retries: unknown key; use max_attempts");
    assertThat(
            invalid(
                "{\"id\": \"x\", \"url\": \"https://x.example\", \"events\": [\"*\"],"
                    + " \"rate_limit\": {\"max_requests_per_minute\": 6, \"strategy\": \"x\"}}"))
        .hasMessage(
            "rate_limit.strategy: unknown key; rate limits are always sliding windows;"
                + " remove it");
  }

  @Test
  void unknownFormatOptionIsRefused() {
    assertThat(
            invalid(
                """
                {"id": "x", "url": "https://hooks.slack.com/x", "events": ["*"],
                 "format": "slack", "slack": {"chanel": "#a"}}"""))
        .hasMessage("slack.chanel: unknown key; did you mean channel?");
  }

  @Test
  void formatOptionsUnderAnotherFormatAreRefused() {
    assertThat(
            invalid(
                """
                {"id": "x", "url": "https://hooks.slack.com/x", "events": ["*"],
                 "slack": {"channel": "#a"}}"""))
        .hasMessage(
            "slack: options of format slack, but the format is raw; add format: slack or remove"
                + " them");
  }

  @Test
  void missingRequiredFormatOptionIsNamed() {
    InvalidEndpointException e =
        invalid("{\"id\": \"x\", \"events\": [\"*\"], \"format\": \"pagerduty\"}");

    assertThat(e.field()).isEqualTo("pagerduty.routing_key");
    assertThat(e).hasMessageContaining("needs pagerduty.routing_key");
  }

  @Test
  void wrongTypesSayWhatWasExpected() {
    assertThat(invalid("{\"id\": \"x\", \"url\": \"https://x.example\", \"events\": 5}"))
        .hasMessage("events: expected a list of event type patterns, got the number 5");
    assertThat(
            invalid(
                "{\"id\": \"x\", \"url\": \"https://x.example\", \"events\": [\"*\"],"
                    + " \"timeout\": true}"))
        .hasMessage(
            "timeout: expected a duration such as 500ms, 5s, 5m, 2h or 1d, got the boolean true");
    assertThat(
            invalid(
                "{\"id\": \"x\", \"url\": \"https://x.example\", \"events\": [\"*\"],"
                    + " \"retry_policy\": {\"max_attempts\": \"five\"}}"))
        .hasMessage(
            "retry_policy.max_attempts: expected a whole number (a number of attempts), got the"
                + " string 'five'");
    assertThat(
            invalid(
                "{\"id\": \"x\", \"url\": \"https://x.example\", \"events\": [\"*\"],"
                    + " \"enabled\": \"yes\"}"))
        .hasMessage("enabled: expected true or false, got the string 'yes'");
    assertThat(invalid("[1]")).hasMessageStartingWith("expected an endpoint object");
  }

  @Test
  void badValuesNameTheirPathAndTheFix() {
    assertThat(
            invalid(
                "{\"id\": \"x\", \"url\": \"https://x.example\", \"events\": [\"*\"],"
                    + " \"timeout\": \"5 parsecs\"}"))
        .hasMessageStartingWith(
            "timeout: '5 parsecs' is not a duration; write a number and a unit");
    assertThat(
            invalid(
                """
                {"id": "x", "url": "https://x.example", "events": ["*"],
                 "filters": {"content_filters": [{"type": "contains", "field": "a", "value": "b"},
                                                 {"type": "gt", "field": "a", "value": "big"}]}}"""))
        .hasMessageStartingWith(
            "filters.content_filters[1].value: 'gt' content filter needs a number");
    assertThat(
            invalid(
                """
                {"id": "x", "url": "https://x.example", "events": ["*"],
                 "filters": {"time_window": {"start_hour": 25, "end_hour": 3}}}"""))
        .hasMessageStartingWith("filters.time_window.start_hour: time_window start_hour must be");
    assertThat(
            invalid(
                "{\"id\": \"x\", \"url\": \"https://x.example\", \"events\": [\"*\"],"
                    + " \"retry_policy\": {\"max_attempts\": 0}}"))
        .hasMessageStartingWith("retry_policy.max_attempts: retry_policy max_attempts must be 1");
    assertThat(
            invalid(
                "{\"id\": \"x\", \"url\": \"https://x.example\", \"events\": [\"*\"],"
                    + " \"when\": \"data.confidence >\"}"))
        .hasMessageStartingWith("when: ");
    assertThat(
            invalid(
                "{\"id\": \"x\", \"url\": \"https://x.example\", \"events\": [\"*\"],"
                    + " \"ordering\": \"lifo\"}"))
        .hasMessage("ordering: 'lifo' is not an ordering; use parallel or fifo");
    assertThat(invalid("{\"id\": \"x\", \"url\": \"ftp://x.example\", \"events\": [\"*\"]}"))
        .hasMessageStartingWith("url: endpoint 'x': url 'ftp://x.example' must start with");
  }

  @Test
  void missingKeysAreNamed() {
    assertThat(invalid("{\"url\": \"https://x.example\", \"events\": [\"*\"]}"))
        .hasMessage("id: is missing; give the endpoint id, e.g. ops");
    assertThat(invalid("{\"id\": \"x\", \"url\": \"https://x.example\"}"))
        .hasMessageStartingWith("events: is missing; add events: [\"*\"]");
    assertThat(invalid("{\"id\": \"x\", \"events\": [\"*\"]}").field()).isEqualTo("url");
  }

  @Test
  void signatureErrorsNeverShowTheSecret() {
    InvalidEndpointException e =
        invalid(
            """
            {"id": "x", "url": "https://x.example", "events": ["*"],
             "signature": {"scheme": "standard-ed25519", "secret": "whsec_notakey-very-secret"}}""");

    assertThat(e.field()).isEqualTo("signature.secret");
    assertThat(e.getMessage()).doesNotContain("notakey-very-secret");
  }

  @Test
  void fixedHeadersCannotBeChangedOutsideHex() {
    assertThat(
            invalid(
                """
                {"id": "x", "url": "https://x.example", "events": ["*"],
                 "signature": {"scheme": "github", "secret": "s", "header": "X-Sig"}}"""))
        .hasMessage(
            "signature.header: scheme github has a fixed header and prefix; they are configurable"
                + " for hex");
  }

  @Test
  void secretListMeansRotation() {
    Endpoint e =
        Endpoint.fromJson(
            """
            {"id": "x", "url": "https://x.example", "events": ["*"],
             "signature": {"scheme": "standard", "secret": ["whsec_%s", "old-secret"]}}"""
                .formatted("A".repeat(32)));

    assertThat(e.signature().orElseThrow().secrets()).hasSize(2);
    assertThat(e.signature().orElseThrow().scheme()).isEqualTo(SignatureScheme.STANDARD);
  }

  @Test
  void predicatesAreWrittenByNameAndRefusedOnRead() throws Exception {
    Endpoint e = ep("admin").predicate("is-admin", event -> true).build();

    ObjectNode json = EndpointJson.write(e);

    assertThat(json.get("predicates").get(0).asText()).isEqualTo("is-admin");
    assertThatThrownBy(() -> EndpointJson.read(json, "endpoints[0]"))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageStartingWith("endpoints[0].predicates: Java predicates cannot be set");
  }

  @Test
  void stringTemplateIsAPlainTextTemplate() {
    Endpoint e =
        Endpoint.fromJson(
            "{\"id\": \"x\", \"url\": \"https://x.example\", \"events\": [\"*\"],"
                + " \"template\": \"Prediction: {prediction}\"}");

    assertThat(e.template().orElseThrow().isText()).isTrue();
    assertThat(e.template().orElseThrow().toString()).isEqualTo("Prediction: {prediction}");
  }

  @Test
  void defaultUrlsAreFilledAndWritten() {
    Endpoint e =
        Endpoint.fromJson(
            """
            {"id": "pd", "events": ["alert"], "format": "pagerduty",
             "pagerduty": {"routing_key": "r"}}""");

    assertThat(e.url()).hasValue(URI.create("https://events.pagerduty.com/v2/enqueue"));
    assertThat(Endpoint.fromJson(e.toJson())).isEqualTo(e);
  }

  @Test
  void nullMeansNotSet() {
    Endpoint e =
        Endpoint.fromJson(
            "{\"id\": \"x\", \"url\": \"https://x.example\", \"events\": [\"*\"],"
                + " \"when\": null, \"timeout\": null}");

    assertThat(e.when()).isEmpty();
    assertThat(e.timeout()).isEqualTo(Endpoint.DEFAULT_TIMEOUT);
  }

  @Test
  void malformedJsonIsReported() {
    assertThat(invalid("{\"id\": ")).hasMessageStartingWith("endpoint JSON is malformed");
    assertThat(invalid("{\"id\": \"a\", \"id\": \"b\"}"))
        .hasMessageContaining("Duplicate field 'id'");
  }
}
