package dev.hookline.format;

import static dev.hookline.format.FormatFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.delivery.DeliveryOutcome;
import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.routing.RetryPolicy;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.template.Template;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jira Cloud REST API v3 "create issue", checked against Atlassian's reference (method, path, Basic
 * auth with e-mail and API token, the {@code fields} shape) and the official ADF JSON schema.
 */
class JiraFormatTest {
  static final Map<String, Object> OPTIONS =
      Map.of("project", "ENG", "email", "bot@example.com", "api_token", "tok-123");

  @TempDir Path dir;
  FormatFixture f;

  @BeforeEach
  void open() {
    f = new FormatFixture(dir);
    f.service.setDefaultResponse(
        MockResponse.status(201)
            .withBody(
                "{\"id\":\"10000\",\"key\":\"ENG-24\",\"self\":"
                    + "\"https://company.atlassian.net/rest/api/3/issue/10000\"}"));
  }

  @AfterEach
  void close() {
    f.close();
  }

  Endpoint.Builder jira(Map<String, Object> options) {
    return Endpoint.builder("jira", f.service.url("/"))
        .events("*")
        .format(Format.JIRA, options)
        .retryPolicy(RetryPolicy.builder().schedule(Duration.ofMillis(10)).build());
  }

  static Map<String, Object> with(Map<String, Object> extra) {
    Map<String, Object> m = new java.util.HashMap<>(OPTIONS);
    m.putAll(extra);
    return m;
  }

  /** The seeds' level 4 prediction. */
  static Event prediction() {
    return Event.builder("level_4_prediction")
        .severity(Severity.WARNING)
        .userId("developer_123")
        .tag("security", "auth service")
        .put("prediction", "Auth deployment may conflict with user-service v2.1")
        .put("confidence", 0.95)
        .put("url", "https://dashboard.example.com/predictions/42")
        .build();
  }

  DeliveryOutcome outcome() {
    return await()
        .atMost(FormatFixture.WAIT)
        .until(() -> f.outcomes.stream().findFirst().orElse(null), o -> o != null);
  }

  @Test
  void createsAnIssueWithBasicAuthAndAnAdfDescriptionTheOfficialSchemaAccepts() throws Exception {
    f.start(
        jira(with(
                Map.of(
                    "priority",
                    "High",
                    "labels",
                    List.of("empathy prediction", "ai-generated"),
                    "assignee",
                    "5b10ac8d82e05b22cc7d4ef5")))
            .build());

    RecordedRequest r = f.deliver(prediction());

    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/rest/api/3/issue");
    String basic =
        Base64.getEncoder()
            .encodeToString("bot@example.com:tok-123".getBytes(StandardCharsets.UTF_8));
    assertThat(r.header("Authorization")).hasValue("Basic " + basic);
    assertThat(r.header("Accept")).hasValue("application/json");
    assertThat(r.header("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(r.header("webhook-signature")).isEmpty();
    JsonNode fields = json(r).path("fields");
    assertThat(fields.path("project").path("key").asText()).isEqualTo("ENG");
    assertThat(fields.path("summary").asText())
        .isEqualTo("🔮 Predicted issue: Auth deployment may conflict with user-service v2.1");
    assertThat(fields.path("issuetype").path("name").asText()).isEqualTo("Task");
    assertThat(fields.path("priority").path("name").asText()).isEqualTo("High");
    assertThat(fields.path("assignee").path("accountId").asText())
        .isEqualTo("5b10ac8d82e05b22cc7d4ef5");
    assertThat(texts(fields.path("labels")))
        .containsExactly("empathy-prediction", "ai-generated", "security", "auth-service");
    JsonNode doc = fields.path("description");
    assertThat(ServiceSchemas.errors(ServiceSchemas.ADF, doc)).isEmpty();
    assertThat(doc.path("type").asText()).isEqualTo("doc");
    assertThat(doc.path("version").asInt()).isEqualTo(1);
    assertThat(doc.path("content"))
        .extracting(n -> n.path("type").asText())
        .containsExactly(
            "heading",
            "paragraph",
            "paragraph",
            "bulletList",
            "paragraph",
            "paragraph",
            "rule",
            "paragraph");
    assertThat(plain(doc.path("content").get(0))).isEqualTo("[WARNING] Level 4 prediction");
    assertThat(plain(doc.path("content").get(1)))
        .isEqualTo("Prediction:\nAuth deployment may conflict with user-service v2.1");
    assertThat(doc.path("content").get(3).path("content"))
        .extracting(JiraFormatTest::plain)
        .containsExactly(
            "Confidence: 95%",
            "User: developer_123", "Severity: warning", "Tags: security, auth service");
    assertThat(plain(doc.path("content").get(4)))
        .isEqualTo("Recommended action:\nReview and address this prediction");
    JsonNode link = doc.path("content").get(5).path("content").get(1);
    assertThat(link.path("marks").get(0).path("attrs").path("href").asText())
        .isEqualTo("https://dashboard.example.com/predictions/42");
  }

  @Test
  void theAdfSchemaRefusesWhatJiraRefuses() throws Exception {
    JsonNode emptyText =
        FormatFixture.JSON.readTree(
            "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"\"}]}]}");
    JsonNode noVersion = FormatFixture.JSON.readTree("{\"type\":\"doc\",\"content\":[]}");

    assertThat(ServiceSchemas.errors(ServiceSchemas.ADF, emptyText)).isNotEmpty();
    assertThat(ServiceSchemas.errors(ServiceSchemas.ADF, noVersion)).isNotEmpty();
  }

  @Test
  void detectedBugsBecomeBugTicketsAsInTheSeedsFormat() throws Exception {
    f.start(jira(OPTIONS).build());
    Event bug =
        Event.builder("bug_detected")
            .tag("ai-detected", "security", "sql-injection")
            .put("title", "[AI Detected] SQL injection in auth.py:45")
            .put("message", "User input concatenated directly into SQL query")
            .put("file", "auth.py:45")
            .put(
                "fix",
                "Use parameterized queries: cursor.execute(\"SELECT * FROM users WHERE id = %s\", (user_id,))")
            .build();

    JsonNode fields = json(f.deliver(bug)).path("fields");

    assertThat(fields.path("summary").asText())
        .isEqualTo("[AI Detected] SQL injection in auth.py:45");
    assertThat(fields.path("issuetype").path("name").asText()).isEqualTo("Bug");
    assertThat(fields.has("priority")).isFalse(); // only when given: not every screen has it
    assertThat(texts(fields.path("labels")))
        .containsExactly("ai-detected", "security", "sql-injection");
    JsonNode doc = fields.path("description");
    assertThat(ServiceSchemas.errors(ServiceSchemas.ADF, doc)).isEmpty();
    assertThat(plain(doc))
        .contains("Message:\nUser input concatenated directly into SQL query")
        .contains("File: auth.py:45")
        .contains("Recommended action:\nUse parameterized queries");
  }

  @Test
  void theCreatedIssueKeyIsTheDeliveryResult() throws Exception {
    f.start(jira(OPTIONS).build());

    f.deliver(prediction());

    DeliveryOutcome o = outcome();
    assertThat(o.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    assertThat(o.result()).hasValue("ENG-24");
  }

  @Test
  void aFieldErrorEndsTheDeliveryDeadNamingTheField() throws Exception {
    f.service.enqueue(
        MockResponse.status(400)
            .withBody(
                "{\"errorMessages\":[],\"errors\":{\"priority\":\"Field 'priority' cannot be set."
                    + " It is not on the appropriate screen, or unknown.\"}}"));
    f.start(jira(with(Map.of("priority", "High"))).build());

    f.deliver(prediction());

    DeliveryOutcome o = outcome();
    assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(o.error())
        .hasValue(
            "HTTP 400: priority: Field 'priority' cannot be set. It is not on the appropriate"
                + " screen, or unknown.");
  }

  @Test
  void generalErrorMessagesAreKeptToo() {
    byte[] body =
        "{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"],\"errors\":{}}"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(JiraFormat.INSTANCE.failureReason(404, body))
        .hasValue("Issue does not exist or you do not have permission to see it.");
    assertThat(JiraFormat.INSTANCE.failureReason(401, "<html>".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
  }

  @Test
  void aTemplateMergesIntoFieldsWithItsShorthandsExpanded() throws Exception {
    f.start(
        jira(with(Map.of("labels", "from-option")))
            .template(
                Template.parse(
                    """
                    {"summary": "Prediction: {prediction} ({confidence:.0%})",
                     "description": "First line {user_id}\\nsecond line\\n\\nSecond paragraph",
                     "labels": "needs triage, ai",
                     "priority": "Highest",
                     "issue_type": "Story",
                     "components": ["backend"],
                     "customfield_10010": "{confidence}"}
                    """))
            .build());

    JsonNode fields = json(f.deliver(prediction())).path("fields");

    assertThat(fields.path("project").path("key").asText()).isEqualTo("ENG");
    assertThat(fields.path("summary").asText())
        .isEqualTo("Prediction: Auth deployment may conflict with user-service v2.1 (95%)");
    assertThat(texts(fields.path("labels"))).containsExactly("needs-triage", "ai");
    assertThat(fields.path("priority").path("name").asText()).isEqualTo("Highest");
    assertThat(fields.path("issuetype").path("name").asText()).isEqualTo("Story");
    assertThat(fields.path("components").get(0).path("name").asText()).isEqualTo("backend");
    assertThat(fields.path("customfield_10010").asDouble()).isEqualTo(0.95);
    JsonNode doc = fields.path("description");
    assertThat(ServiceSchemas.errors(ServiceSchemas.ADF, doc)).isEmpty();
    assertThat(doc.path("content")).hasSize(2);
    assertThat(doc.path("content").get(0).path("content"))
        .extracting(n -> n.path("type").asText())
        .containsExactly("text", "hardBreak", "text");
    assertThat(plain(doc)).isEqualTo("First line developer_123\nsecond line\n\nSecond paragraph");
  }

  @Test
  void aTemplateInJirasRequestShapeKeepsItsOtherKeys() throws Exception {
    f.start(
        jira(OPTIONS)
            .template(
                Template.parse(
                    """
                    {"fields": {"summary": "{prediction}",
                                "description": {"type": "doc", "version": 1, "content": [
                                  {"type": "paragraph", "content": [{"type": "text", "text": "{user_id}"}]}]}},
                     "update": {"comment": [{"add": {"body": "seen"}}]}}
                    """))
            .build());

    JsonNode body = json(f.deliver(prediction()));

    assertThat(body.path("fields").path("summary").asText())
        .isEqualTo("Auth deployment may conflict with user-service v2.1");
    assertThat(plain(body.path("fields").path("description"))).isEqualTo("developer_123");
    assertThat(body.path("update").path("comment").get(0).path("add").path("body").asText())
        .isEqualTo("seen");
    assertThat(body.path("fields").path("issuetype").path("name").asText()).isEqualTo("Task");
  }

  @Test
  void aTextTemplateIsTheDescription() throws Exception {
    f.start(jira(OPTIONS).template(Template.text("Predicted by {user_id}")).build());

    JsonNode fields = json(f.deliver(prediction())).path("fields");

    assertThat(plain(fields.path("description"))).isEqualTo("Predicted by developer_123");
    assertThat(fields.path("summary").asText()).startsWith("🔮 Predicted issue: ");
  }

  @Test
  void longValuesAreTruncatedToJirasLimitsNeverRejected() throws Exception {
    f.start(jira(OPTIONS).build());
    Event huge =
        Event.builder("incident")
            .data(
                IntStream.range(0, 80)
                    .boxed()
                    .collect(Collectors.toMap(i -> "k" + i, i -> "v".repeat(500))))
            .tag("a label with spaces\tand tabs", "x".repeat(300))
            .put("title", "line one\nline two " + "t".repeat(400))
            .put("message", "m".repeat(40_000))
            .put("recommendation", "r".repeat(20_000))
            .build();

    JsonNode fields = json(f.deliver(huge)).path("fields");

    String summary = fields.path("summary").asText();
    assertThat(summary).hasSizeLessThanOrEqualTo(JiraFormat.MAX_SUMMARY).doesNotContain("\n");
    assertThat(summary).startsWith("line one line two ttt").endsWith("…");
    JsonNode doc = fields.path("description");
    assertThat(doc.toString().length()).isLessThanOrEqualTo(JiraFormat.MAX_DESCRIPTION);
    assertThat(ServiceSchemas.errors(ServiceSchemas.ADF, doc)).isEmpty();
    assertThat(doc.path("content").get(3).path("content").size())
        .isLessThanOrEqualTo(Ticket.MAX_DETAILS);
    assertThat(texts(fields.path("labels")))
        .allSatisfy(l -> assertThat(l).doesNotContainAnyWhitespaces().hasSizeLessThanOrEqualTo(255))
        .contains("a-label-with-spaces-and-tabs");
  }

  @Test
  void rateLimited429IsRetriedAfterRetryAfter() throws Exception {
    f.service.enqueue(MockResponse.status(429).withHeader("Retry-After", "1"));
    f.startOnClock(jira(OPTIONS).build());

    f.deliver(prediction());

    f.retriedAt(f.clock.instant().plusSeconds(1));
    assertThat(outcomes(2))
        .extracting(DeliveryOutcome::status)
        .containsExactly(DeliveryStatus.FAILED, DeliveryStatus.SUCCEEDED);
  }

  @Test
  void a429WithoutRetryAfterWaitsForXRateLimitReset() {
    Instant now = Instant.parse("2026-11-23T12:00:00Z");
    Map<String, List<String>> headers =
        Map.of("X-RateLimit-Reset", List.of("2026-11-23T12:00:30Z"));

    assertThat(JiraFormat.INSTANCE.rateLimitWait(429, headers, new byte[0], now))
        .hasValue(Duration.ofSeconds(30));
    assertThat(
            JiraFormat.INSTANCE.rateLimitWait(
                429, Map.of("Retry-After", List.of("5")), new byte[0], now))
        .isEmpty(); // the engine honours Retry-After itself
    assertThat(JiraFormat.INSTANCE.rateLimitWait(400, headers, new byte[0], now)).isEmpty();
  }

  @Test
  void theSiteUrlMayEndInASlashOrBeTheIssueUrlItself() {
    assertThat(JiraFormat.issueUrl(URI.create("https://company.atlassian.net/")))
        .isEqualTo(URI.create("https://company.atlassian.net/rest/api/3/issue"));
    assertThat(JiraFormat.issueUrl(URI.create("https://company.atlassian.net/rest/api/3/issue")))
        .isEqualTo(URI.create("https://company.atlassian.net/rest/api/3/issue"));
  }

  @Test
  void missingCredentialsOrMalformedLabelsAreRefusedAtRegistration() {
    assertThatThrownBy(
            () ->
                Endpoint.builder("jira", URI.create("https://company.atlassian.net"))
                    .events("*")
                    .format(Format.JIRA, Map.of("project", "ENG", "email", "bot@example.com"))
                    .build())
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("jira.api_token");
    Endpoint badLabels =
        Endpoint.builder("jira", URI.create("https://company.atlassian.net"))
            .events("*")
            .format(Format.JIRA, with(Map.of("labels", Map.of("a", "b"))))
            .build();
    assertThatThrownBy(() -> Formats.validate(badLabels))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("jira.labels must be a list of strings");
  }

  List<DeliveryOutcome> outcomes(int n) {
    await().atMost(FormatFixture.WAIT).until(() -> f.outcomes.size() >= n);
    return f.outcomes;
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /**
   * The text of an ADF node: text nodes, hard breaks as newlines, blocks separated by blank lines.
   */
  static String plain(JsonNode node) {
    String type = node.path("type").asText();
    if (type.equals("text")) {
      return node.path("text").asText();
    }
    if (type.equals("hardBreak")) {
      return "\n";
    }
    List<String> parts = new ArrayList<>();
    node.path("content").forEach(c -> parts.add(plain(c)));
    return String.join(type.equals("doc") || type.endsWith("List") ? "\n\n" : "", parts);
  }
}
