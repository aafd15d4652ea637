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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitHub's REST API (issues, comments, labels, repository dispatch), checked against GitHub's
 * published OpenAPI description: paths, headers, request bodies validated with each operation's
 * request schema, and the documented example answers served back.
 */
class GitHubFormatTest {
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

  Endpoint.Builder github(Map<String, Object> extra) {
    Map<String, Object> options = new HashMap<>();
    options.put("token", "ghp_test");
    options.put("repo", "octocat/Hello-World");
    options.putAll(extra);
    return Endpoint.builder("github", f.service.url("/"))
        .events("*")
        .format(Format.GITHUB, options)
        .retryPolicy(RetryPolicy.builder().schedule(Duration.ofMillis(10)).build());
  }

  /** Answers with GitHub's documented example for the operation. */
  void answer(String operationId) {
    JsonNode op = ServiceSchemas.githubOperation(operationId);
    MockResponse r = MockResponse.status(op.path("successStatus").asInt());
    if (!op.path("successExample").isNull()) {
      r =
          r.withHeader("Content-Type", "application/json")
              .withBody(op.path("successExample").toString());
    }
    f.service.setDefaultResponse(r);
  }

  static void assertValid(String operationId, RecordedRequest r) {
    assertThat(ServiceSchemas.errors(ServiceSchemas.githubRequest(operationId), json(r))).isEmpty();
    JsonNode op = ServiceSchemas.githubOperation(operationId);
    assertThat(r.method()).isEqualTo(op.path("method").asText());
  }

  static Event prediction() {
    return Event.builder("level_4_prediction")
        .severity(Severity.WARNING)
        .userId("user_123")
        .put("prediction", "Auth deployment may conflict with user-service v2.1")
        .put("confidence", 0.87)
        .build();
  }

  static Event pullRequestOpened() {
    return Event.builder("github.pull_request.opened")
        .put("action", "opened")
        .put("number", 123)
        .put("pull_request", Map.of("number", 123, "title", "Refactor auth"))
        .put("message", "Clean code structure; N+1 query detected on line 78")
        .build();
  }

  DeliveryOutcome outcome() {
    return await()
        .atMost(FormatFixture.WAIT)
        .until(() -> f.outcomes.stream().findFirst().orElse(null), o -> o != null);
  }

  @Test
  void issueActionCreatesAnIssueTheOpenApiSchemaAcceptsWithGitHubsHeaders() throws Exception {
    answer("issues/create");
    f.start(
        github(
                Map.of(
                    "labels", List.of("empathy-prediction", "needs-review"),
                    "assignees", List.of("tech-lead")))
            .build());

    RecordedRequest r = f.deliver(prediction());

    assertThat(r.path()).isEqualTo("/repos/octocat/Hello-World/issues");
    assertValid("issues/create", r);
    assertThat(r.header("Authorization")).hasValue("Bearer ghp_test");
    assertThat(r.header("Accept")).hasValue("application/vnd.github+json");
    assertThat(r.header("X-GitHub-Api-Version")).hasValue("2022-11-28");
    assertThat(r.header("User-Agent"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Hookline/"));
    JsonNode body = json(r);
    assertThat(body.path("title").asText())
        .isEqualTo("🔮 Predicted issue: Auth deployment may conflict with user-service v2.1");
    assertThat(body.path("body").asText())
        .startsWith(
            """
            ## [WARNING] Level 4 prediction

            **Prediction:**
            Auth deployment may conflict with user-service v2.1

            **Context:**
            - **Confidence:** 87%
            - **User:** user_123
            - **Severity:** warning

            **Recommended action:**
            Review and address this prediction

            ---
            *This issue was automatically created by Hookline from event evt_""");
    assertThat(JiraFormatTest.texts(body.path("labels")))
        .containsExactly("empathy-prediction", "needs-review");
    assertThat(JiraFormatTest.texts(body.path("assignees"))).containsExactly("tech-lead");
  }

  @Test
  void theOpenApiSchemasRefuseWhatGitHubRefuses() throws Exception {
    JsonNode untitled =
        FormatFixture.JSON.readTree("{\"body\": \"no title\", \"labels\": \"bug\"}");
    com.fasterxml.jackson.databind.node.ObjectNode wide =
        FormatFixture.JSON.createObjectNode().put("event_type", "e");
    com.fasterxml.jackson.databind.node.ObjectNode payload = wide.putObject("client_payload");
    IntStream.range(0, 11).forEach(i -> payload.put("k" + i, i));

    assertThat(ServiceSchemas.errors(ServiceSchemas.githubRequest("issues/create"), untitled))
        .hasSize(2);
    assertThat(
            ServiceSchemas.errors(
                ServiceSchemas.githubRequest("repos/create-dispatch-event"), wide))
        .isNotEmpty();
  }

  @Test
  void theCreatedIssuesHtmlUrlIsTheResult() throws Exception {
    answer("issues/create");
    f.start(github(Map.of()).build());

    f.deliver(prediction());

    DeliveryOutcome o = outcome();
    assertThat(o.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    assertThat(o.result()).hasValue("https://github.com/octocat/Hello-World/issues/1347");
  }

  @Test
  void commentActionCommentsOnThePullRequestNumberedInTheEvent() throws Exception {
    answer("issues/create-comment");
    f.start(github(Map.of("action", "comment")).build());

    RecordedRequest r = f.deliver(pullRequestOpened());

    assertThat(r.path()).isEqualTo("/repos/octocat/Hello-World/issues/123/comments");
    assertValid("issues/create-comment", r);
    assertThat(json(r).path("body").asText())
        .startsWith("## Github pull request opened\n\n**Message:**\nClean code structure")
        .contains("*This comment was automatically created by Hookline");
    DeliveryOutcome o = outcome();
    assertThat(o.result())
        .hasValue("https://github.com/octocat/Hello-World/issues/1347#issuecomment-1");
  }

  @Test
  void theNumberComesFromTheTemplateTheOptionOrTheEventsPaths() throws Exception {
    answer("issues/create-comment");
    f.start(github(Map.of("action", "comment")).build());
    Event issueComment =
        Event.builder("github.issue_comment.created")
            .put("issue", Map.of("number", 7, "title", "Flaky test"))
            .build();
    Event seed = Event.builder("code_review_complete").put("pr_number", "#45").build();

    assertThat(f.deliver(issueComment).path()).endsWith("/issues/7/comments");
    assertThat(f.deliver(seed).path()).endsWith("/issues/45/comments");
    f.close();

    f = new FormatFixture(Files.createDirectories(dir.resolve("option")));
    answer("issues/create-comment");
    f.start(github(Map.of("action", "comment", "issue", 99)).build());
    assertThat(f.deliver(pullRequestOpened()).path()).endsWith("/issues/99/comments");
    f.close();

    f = new FormatFixture(Files.createDirectories(dir.resolve("template")));
    answer("issues/create-comment");
    f.start(
        github(Map.of("action", "comment", "issue", 99))
            .template(
                Template.parse(
                    "{\"issue_number\": \"{pull_request.number}\", \"body\": \"LGTM {pull_request.title}\"}"))
            .build());
    RecordedRequest r = f.deliver(pullRequestOpened());
    assertThat(r.path()).endsWith("/issues/123/comments");
    assertThat(json(r).toString()).isEqualTo("{\"body\":\"LGTM Refactor auth\"}");
  }

  @Test
  void aCommentWithoutANumberEndsDeadUnsentWithTheReason() throws Exception {
    f.start(github(Map.of("action", "comment")).build()).publish(prediction());

    DeliveryOutcome o = outcome();
    assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(o.statusCode()).isEmpty();
    assertThat(o.error().orElseThrow())
        .startsWith(
            "format: endpoint 'github': github.action comment needs the issue or pull request number")
        .contains("data.number")
        .contains("github.issue");
    assertThat(f.service.requestCount()).isZero();
  }

  @Test
  void labelsActionAddsTheOptionsLabelsElseTheEventsTags() throws Exception {
    answer("issues/add-labels");
    f.start(github(Map.of("action", "labels")).build());
    Event tagged =
        pullRequestOpened().toBuilder()
            .tags(List.of("needs-review", "⚠️ empathy-prediction"))
            .build();

    RecordedRequest r = f.deliver(tagged);

    assertThat(r.path()).isEqualTo("/repos/octocat/Hello-World/issues/123/labels");
    assertValid("issues/add-labels", r);
    assertThat(JiraFormatTest.texts(json(r).path("labels")))
        .containsExactly("needs-review", "⚠️ empathy-prediction");
    assertThat(outcome().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
  }

  @Test
  void labelsActionWithNoLabelsAtAllEndsDead() throws Exception {
    f.start(github(Map.of("action", "labels")).build()).publish(pullRequestOpened());

    assertThat(outcome().error().orElseThrow()).contains("has no labels to add");
  }

  @Test
  void dispatchSendsTheEventTypeAndDataAsClientPayloadAsTheMegaBotSeedReadsIt() throws Exception {
    answer("repos/create-dispatch-event");
    f.start(github(Map.of("action", "dispatch")).build());
    Event error =
        Event.builder("error_occurred")
            .put("error", Map.of("message", "disk full", "code", 507))
            .put("url", "https://megabot.example.com/runs/9")
            .build();

    RecordedRequest r = f.deliver(error);

    assertThat(r.path()).isEqualTo("/repos/octocat/Hello-World/dispatches");
    assertValid("repos/create-dispatch-event", r);
    JsonNode body = json(r);
    assertThat(body.path("event_type").asText()).isEqualTo("error_occurred");
    assertThat(body.path("client_payload").path("error").path("message").asText())
        .isEqualTo("disk full");
    assertThat(body.path("client_payload").path("url").asText())
        .isEqualTo("https://megabot.example.com/runs/9");
    DeliveryOutcome o = outcome();
    assertThat(o.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    assertThat(o.statusCode()).hasValue(204);
    assertThat(o.result()).isEmpty();
  }

  @Test
  void dispatchKeepsTenTopLevelKeysFoldingTheRestUnderMore() throws Exception {
    answer("repos/create-dispatch-event");
    f.start(github(Map.of("action", "dispatch", "event_type", "hookline")).build());
    Map<String, Object> data = new LinkedHashMap<>();
    IntStream.range(0, 14).forEach(i -> data.put("k" + i, i));
    data.put("big", "x".repeat(70_000));

    RecordedRequest r = f.deliver(Event.builder("wide").data(data).build());

    assertValid("repos/create-dispatch-event", r);
    JsonNode payload = json(r).path("client_payload");
    assertThat(json(r).path("event_type").asText()).isEqualTo("hookline");
    assertThat(payload.size()).isEqualTo(10);
    assertThat(payload.path("k8").asInt()).isEqualTo(8);
    assertThat(payload.path("more").path("k9").asInt()).isEqualTo(9);
    assertThat(payload.path("more").path("big").asText()).endsWith("…");
    assertThat(payload.toString().getBytes(StandardCharsets.UTF_8).length).isLessThan(64 * 1024);
  }

  @Test
  void aDispatchTemplateSetsTheEventTypeWithinGitHubsLimit() throws Exception {
    answer("repos/create-dispatch-event");
    f.start(
        github(Map.of("action", "dispatch"))
            .template(
                Template.parse(
                    "{\"event_type\": \"deploy-{prediction}\", \"client_payload\": {\"c\": \"{confidence}\"}}"))
            .build());
    Event e = prediction().toBuilder().put("prediction", "p".repeat(200)).build();

    JsonNode body = json(f.deliver(e));

    assertThat(body.path("event_type").asText()).hasSize(100).startsWith("deploy-ppp");
    assertThat(body.path("client_payload").toString()).isEqualTo("{\"c\":0.87}");
  }

  @Test
  void anIssueTemplateMergesIntoTheBodyAndATextTemplateIsTheBody() throws Exception {
    answer("issues/create");
    f.start(
        github(Map.of("labels", "a, b"))
            .template(
                Template.parse(
                    "{\"title\": \"Prediction: {prediction}\", \"labels\": \"bug, triage\", \"milestone\": 3}"))
            .build());

    RecordedRequest r = f.deliver(prediction());

    assertValid("issues/create", r);
    JsonNode body = json(r);
    assertThat(body.path("title").asText())
        .isEqualTo("Prediction: Auth deployment may conflict with user-service v2.1");
    assertThat(body.path("body").asText()).startsWith("## [WARNING] Level 4 prediction");
    assertThat(JiraFormatTest.texts(body.path("labels"))).containsExactly("bug", "triage");
    assertThat(body.path("milestone").asInt()).isEqualTo(3);
  }

  @Test
  void longValuesAreTruncatedToGitHubsLimitsNeverRejected() throws Exception {
    answer("issues/create");
    List<String> labels =
        IntStream.range(0, 120).mapToObj(i -> "label-" + i + "-" + "l".repeat(60)).toList();
    f.start(
        github(
                Map.of(
                    "labels",
                    labels,
                    "assignees",
                    IntStream.range(0, 12).mapToObj(i -> "u" + i).toList()))
            .build());
    Event huge =
        Event.builder("incident")
            .put("title", "line one\r\nline two " + "t".repeat(400))
            .put("message", "m".repeat(70_000))
            .build();

    RecordedRequest r = f.deliver(huge);

    assertValid("issues/create", r);
    JsonNode body = json(r);
    assertThat(body.path("title").asText())
        .hasSizeLessThanOrEqualTo(256)
        .startsWith("line one line two t");
    assertThat(body.path("body").asText())
        .hasSizeLessThanOrEqualTo(GitHubFormat.MAX_BODY)
        .endsWith(".*\n"); // the text was cut, not the footer
    assertThat(body.path("labels").size()).isEqualTo(100);
    body.path("labels").forEach(l -> assertThat(l.asText()).hasSizeLessThanOrEqualTo(50));
    assertThat(body.path("assignees").size()).isEqualTo(10);
  }

  @Test
  void aValidationErrorNamesTheField() throws Exception {
    f.service.enqueue(
        MockResponse.status(422)
            .withBody(
                "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Issue\","
                    + "\"field\":\"title\",\"code\":\"missing_field\"}],"
                    + "\"documentation_url\":\"https://docs.github.com/rest/issues/issues#create-an-issue\"}"));
    f.start(github(Map.of()).build());

    f.deliver(prediction());

    DeliveryOutcome o = outcome();
    assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(o.error()).hasValue("HTTP 422: Validation Failed; Issue.title: missing_field");
  }

  @Test
  void anExhaustedRateLimitAnswering403IsRetriedAfterTheReset() throws Exception {
    long reset = f.clock.instant().getEpochSecond() + 60;
    f.service.enqueue(
        MockResponse.status(403)
            .withHeader("x-ratelimit-limit", "5000")
            .withHeader("x-ratelimit-remaining", "0")
            .withHeader("x-ratelimit-reset", Long.toString(reset))
            .withBody("{\"message\":\"API rate limit exceeded for user ID 1.\"}"));
    answer("issues/create");
    f.startOnClock(github(Map.of()).build());

    f.deliver(prediction());

    f.retriedAt(Instant.ofEpochSecond(reset + 1)); // a second more for GitHub's clock
    await().atMost(FormatFixture.WAIT).until(() -> f.outcomes.size() >= 2);
    DeliveryOutcome limited = f.outcomes.get(0);
    assertThat(limited.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(limited.error()).hasValue("HTTP 403: API rate limit exceeded for user ID 1.");
    assertThat(f.outcomes.get(1).status()).isEqualTo(DeliveryStatus.SUCCEEDED);
  }

  @Test
  void aSecondaryRateLimitWithRetryAfterIsRetried() throws Exception {
    f.service.enqueue(
        MockResponse.status(403)
            .withHeader("retry-after", "1")
            .withBody("{\"message\":\"You have exceeded a secondary rate limit.\"}"));
    answer("issues/create");
    f.startOnClock(github(Map.of()).build());

    f.deliver(prediction());

    f.retriedAt(f.clock.instant().plusSeconds(1));
  }

  @Test
  void anAnswerTheFormatCannotReadStillEndsTheAttempt() throws Exception {
    f.service.enqueue(
        MockResponse.status(403)
            .withHeader("x-ratelimit-remaining", "0")
            .withHeader("x-ratelimit-reset", "99999999999999999")
            .withBody("{\"message\":\"API rate limit exceeded\"}"));
    f.start(github(Map.of()).build());

    f.deliver(prediction());

    DeliveryOutcome o = outcome(); // recorded, not left in flight
    assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(o.error()).hasValueSatisfying(e -> assertThat(e).startsWith("HTTP 403"));
  }

  @Test
  void a403ThatIsNoRateLimitIsFinal() throws Exception {
    f.service.enqueue(
        MockResponse.status(403)
            .withHeader("x-ratelimit-remaining", "4999")
            .withBody("{\"message\":\"Resource not accessible by integration\"}"));
    f.start(github(Map.of()).build());

    f.deliver(prediction());

    DeliveryOutcome o = outcome();
    assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(o.error()).hasValue("HTTP 403: Resource not accessible by integration");
    assertThat(f.service.pollRequest(Duration.ofMillis(300))).isEmpty();
  }

  @Test
  void rateLimitWaitsFollowGitHubsRules() {
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    byte[] none = new byte[0];
    byte[] secondary =
        "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes.\"}"
            .getBytes(StandardCharsets.UTF_8);
    GitHubFormat g = GitHubFormat.INSTANCE;

    assertThat(g.rateLimitWait(429, Map.of("Retry-After", List.of("30")), none, now))
        .hasValue(Duration.ofSeconds(30));
    assertThat(
            g.rateLimitWait(
                429,
                Map.of(
                    "X-RateLimit-Remaining", List.of("0"),
                    "X-RateLimit-Reset", List.of(Long.toString(now.getEpochSecond() + 600))),
                none,
                now))
        .hasValue(Duration.ofSeconds(601));
    assertThat(g.rateLimitWait(403, Map.of(), secondary, now)).hasValue(Duration.ofMinutes(1));
    assertThat(g.rateLimitWait(403, Map.of(), none, now)).isEmpty();
    assertThat(g.rateLimitWait(500, Map.of("retry-after", List.of("5")), none, now)).isEmpty();
  }

  @Test
  void aSuccessThatSpentTheLastRequestHoldsTheNextUntilTheReset() {
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    GitHubFormat g = GitHubFormat.INSTANCE;
    String reset = Long.toString(now.getEpochSecond() + 120);

    assertThat(
            g.pauseAfter(
                201,
                Map.of("x-ratelimit-remaining", List.of("0"), "x-ratelimit-reset", List.of(reset)),
                now))
        .hasValue(Duration.ofSeconds(121));
    assertThat(
            g.pauseAfter(
                201,
                Map.of("x-ratelimit-remaining", List.of("3"), "x-ratelimit-reset", List.of(reset)),
                now))
        .isEmpty();
    assertThat(
            g.pauseAfter(
                201,
                Map.of(
                    "x-ratelimit-remaining",
                    List.of("0"),
                    "x-ratelimit-reset",
                    List.of(Long.toString(now.getEpochSecond() - 5))),
                now))
        .isEmpty();
  }

  @Test
  void malformedOptionsAreRefusedAtRegistration() {
    assertThatThrownBy(() -> Formats.validate(github(Map.of("repo", "Hello-World")).build()))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("github.repo is 'Hello-World'; give owner/name");
    assertThatThrownBy(() -> Formats.validate(github(Map.of("issue", "abc")).build()))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("github.issue");
    assertThatThrownBy(
            () -> Formats.validate(github(Map.of("event_type", "e".repeat(101))).build()))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("github.event_type");
    assertThatThrownBy(() -> Formats.validate(github(Map.of("action", "release")).build()))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("github.action");
  }
}
