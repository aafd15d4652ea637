package dev.hookline.server;

import static dev.hookline.server.TestServer.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.server.TestServer.Response;
import dev.hookline.server.config.SourceConfig;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workflows over HTTP: registered, triggered by /webhooks/generic and by events, recorded. */
class WorkflowTest {
  static final String SEED_WORKFLOW =
      """
      description: Log a webhook event and format a Slack notification
      inputs:
        event_type: string
        message: string
        slack_channel: {type: string, default: "#general"}
      steps:
        - name: log_event
          log: "Webhook event {inputs.event_type}: {inputs.message}"
        - name: format_notification
          template: "[{inputs.event_type}] {inputs.message} -> {inputs.slack_channel}"
      output: "{steps.format_notification.output}"
      """;

  @TempDir Path dir;
  WebhookReceiver receiver;
  TestServer t;

  @BeforeEach
  void start() {
    receiver = WebhookReceiver.start();
    t = server(Duration.ofSeconds(10));
  }

  TestServer server(Duration wait) {
    return server(wait, java.time.Clock.systemUTC());
  }

  TestServer server(Duration wait, java.time.Clock clock) {
    return new TestServer(
        TestServer.config(
            dir,
            dev.hookline.signature.WebhookSecret.generate(),
            c ->
                c.withSources(
                    Map.of(
                        "generic",
                        new SourceConfig(
                            "generic",
                            "generic",
                            List.of(),
                            Optional.empty(),
                            Optional.empty(),
                            SourceConfig.DEFAULT_TOLERANCE)))),
        b -> b.workflowWait(wait).workflowDir(dir).clock(clock));
  }

  @AfterEach
  void stop() {
    t.close();
    receiver.close();
  }

  Response generic(String body) {
    return t.sendRaw(
        java.net.http.HttpRequest.newBuilder(t.uri("/webhooks/generic"))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
  }

  Response register(String yaml) throws Exception {
    Path file = dir.resolve("workflow-" + System.nanoTime() + ".yaml");
    Files.writeString(file, yaml);
    return t.post(
        "/api/workflows",
        "{\"name\":\"" + nameOf(yaml) + "\",\"config_path\":\"" + file.getFileName() + "\"}");
  }

  static String nameOf(String yaml) {
    return yaml.contains("name: ") && yaml.startsWith("name: ")
        ? yaml.lines().findFirst().orElseThrow().substring(6).trim()
        : "slack_notification";
  }

  @Test
  void seedExampleRunsLogAndFormatStepsAndReturnsTheNotificationText() throws Exception {
    Response registered = register(SEED_WORKFLOW);

    Response run =
        generic(
            """
            {"workflow_name": "slack_notification",
             "inputs": {"event_type": "deployment", "message": "New version deployed to production",
                        "slack_channel": "#alerts"}}""");

    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    assertThat(run.status()).as(run.body()).isEqualTo(200);
    assertThat(run.json().path("status").asText()).isEqualTo("succeeded");
    assertThat(run.json().path("output").asText())
        .isEqualTo("[deployment] New version deployed to production -> #alerts");
    JsonNode recorded = t.get("/api/workflows/slack_notification/runs").json().path("data").get(0);
    assertThat(recorded.path("id").asText()).isEqualTo(run.json().path("run_id").asText());
    assertThat(recorded.path("trigger").asText()).isEqualTo("webhook");
    assertThat(recorded.path("steps"))
        .extracting(s -> s.path("name").asText() + ":" + s.path("status").asText())
        .containsExactly("log_event:succeeded", "format_notification:succeeded");
    assertThat(recorded.path("steps").get(0).path("output").asText())
        .isEqualTo("Webhook event deployment: New version deployed to production");
    assertThat(t.get("/api/workflows").json().path("data").get(0).path("name").asText())
        .isEqualTo("slack_notification");
  }

  @Test
  void aTriggerResentWithItsIdempotencyKeyDoesNotRunTwice() throws Exception {
    register(SEED_WORKFLOW);
    String body =
        "{\"workflow_name\": \"slack_notification\", \"inputs\": {\"event_type\": \"a\", \"message\": \"b\"}}";
    java.util.function.Supplier<Response> send =
        () ->
            t.sendRaw(
                java.net.http.HttpRequest.newBuilder(t.uri("/webhooks/generic"))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "deploy-42")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));

    Response first = send.get();
    Response again = send.get();

    assertThat(again.json().path("run_id").asText())
        .isEqualTo(first.json().path("run_id").asText());
    assertThat(again.json().path("output").asText()).isEqualTo("[a] b -> #general");
    assertThat(t.get("/api/workflows/slack_notification/runs").json().path("data")).hasSize(1);
  }

  @Test
  void unknownWorkflowIs404WithTheNamesAndBadInputsAre400NamingThem() throws Exception {
    register(SEED_WORKFLOW);

    Response unknown = generic("{\"workflow_name\": \"nope\", \"inputs\": {}}");
    Response missing =
        generic("{\"workflow_name\": \"slack_notification\", \"inputs\": {\"message\": 5}}");

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("error").asText()).isEqualTo("unknown_workflow");
    assertThat(unknown.json().path("message").asText()).contains("slack_notification");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().path("message").asText())
        .contains("event_type is missing")
        .contains("message should be string");
    assertThat(t.get("/api/workflows/slack_notification/runs").json().path("data")).isEmpty();
  }

  @Test
  void madeUpWorkflowNamesAreNotKeptInTheInboundLog() throws Exception {
    String name = "made_up_" + "x".repeat(5000);

    Response unknown = generic("{\"workflow_name\": \"" + name + "\", \"inputs\": {}}");
    JsonNode log = t.get("/api/inbound").json().path("data");

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(log).hasSize(1);
    assertThat(log.get(0).path("reason").asText()).startsWith("unknown_workflow");
    assertThat(log.toString()).doesNotContain("made_up_");
  }

  @Test
  void aFailingStepFailsTheRunWithItsErrorAndTheRecordIsWhole() throws Exception {
    receiver.enqueue(MockResponse.status(500).withBody("boom"));
    register(
        "name: caller\nsteps:\n"
            + "  - name: call\n    http: {url: \""
            + receiver.url("/api")
            + "\", body: {text: \"{inputs.message}\"}}\n"
            + "  - name: after\n    log: never\n");

    Response run = t.post("/api/workflows/caller/runs", "{\"inputs\": {\"message\": \"hi\"}}");

    assertThat(run.status()).as(run.body()).isEqualTo(200);
    assertThat(run.json().path("status").asText()).isEqualTo("failed");
    assertThat(run.json().path("error").asText())
        .contains("step call (http) failed: HTTP 500")
        .contains("boom");
    RecordedRequest call = receiver.takeRequest(Duration.ofSeconds(5));
    assertThat(call.bodyAsString()).isEqualTo("{\"text\":\"hi\"}");
    JsonNode recorded = t.get("/api/runs/" + run.json().path("run_id").asText()).json();
    assertThat(recorded.path("status").asText()).isEqualTo("failed");
    assertThat(recorded.path("finished_at").isNull()).isFalse();
    assertThat(recorded.path("steps")).hasSize(1);
  }

  @Test
  void whenFalseSkipsTheRest() throws Exception {
    register(
        "name: gated\ninputs: {env: string}\nsteps:\n"
            + "  - name: only_prod\n    when: 'inputs.env == \"prod\"'\n"
            + "  - name: page\n    log: paging\n");

    Response run = t.post("/api/workflows/gated/runs", "{\"inputs\": {\"env\": \"dev\"}}");

    assertThat(run.json().path("status").asText()).isEqualTo("succeeded");
    JsonNode steps = t.get("/api/runs/" + run.json().path("run_id").asText()).json().path("steps");
    assertThat(steps.get(1).path("status").asText()).isEqualTo("skipped");
  }

  @Test
  void anInboundEventTriggersAWorkflowThatSendsThroughAnEndpointAndEmitsAChain() throws Exception {
    t.post(
        "/api/endpoints",
        "{\"id\":\"review-bot\",\"url\":\""
            + receiver.url("/review")
            + "\",\"events\":[\"never\"]}");
    register(
        "name: on_pr\non: \"pr.opened\"\nsteps:\n"
            + "  - name: comment\n    send: {endpoint: review-bot, type: pr.comment,"
            + " data: {body: \"Thanks for PR #{event.data.number}\"}}\n"
            + "  - name: next\n    emit: {type: pr.commented, data: {number: \"{event.data.number}\"}}\n");
    register(
        "name: after_comment\non: \"pr.commented\"\nsteps:\n  - name: note\n    log: \"commented {event.data.number}\"\n");

    t.post("/api/events", "{\"type\":\"pr.opened\",\"data\":{\"number\":7}}");

    RecordedRequest sent = receiver.takeRequest(Duration.ofSeconds(10));
    assertThat(TestServer.JSON.readTree(sent.body()).path("data").path("body").asText())
        .isEqualTo("Thanks for PR #7");
    JsonNode chained =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> t.get("/api/workflows/after_comment/runs").json().path("data").path(0),
                r -> r.path("status").asText().equals("succeeded"));
    assertThat(chained.path("steps").get(0).path("output").asText()).isEqualTo("commented 7");
  }

  @Test
  void aGitHubPullRequestWebhookTriggersAWorkflowThatCommentsThroughTheGitHubIntegration()
      throws Exception {
    t.close();
    String secret = "gh-hook-secret";
    t =
        new TestServer(
            TestServer.config(
                dir,
                dev.hookline.signature.WebhookSecret.generate(),
                c -> c.withSources(Map.of("github", SourceConfig.of("github", "github", secret)))),
            b -> b.workflowDir(dir));
    receiver.enqueue(
        MockResponse.status(201)
            .withHeader("Content-Type", "application/json")
            .withBody(
                "{\"id\":1,\"html_url\":\"https://github.com/acme/api/pull/7#issuecomment-1\"}"));
    t.post(
        "/api/endpoints",
        "{\"id\":\"github-review\",\"url\":\""
            + receiver.url("/")
            + "\",\"events\":[\"never\"],\"format\":\"github\","
            + "\"github\":{\"token\":\"ghp_test\",\"repo\":\"acme/api\",\"action\":\"comment\"},"
            + "\"template\":{\"issue_number\":\"{number}\",\"body\":\"{body}\"}}");
    register(
        "name: welcome_pr\non: github.pull_request.opened\nsteps:\n"
            + "  - name: comment\n    send: {endpoint: github-review, type: pr.welcome,"
            + " data: {number: \"{event.data.number}\","
            + " body: \"Thanks @{event.data.pull_request.user.login}, a reviewer is on the way\"}}\n");
    String body =
        "{\"action\":\"opened\",\"number\":7,\"pull_request\":{\"title\":\"Fix\","
            + "\"user\":{\"login\":\"octocat\"}},\"repository\":{\"full_name\":\"acme/api\"}}";

    Response hook =
        t.sendRaw(
            java.net.http.HttpRequest.newBuilder(t.uri("/webhooks/github"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "pull_request")
                .header("X-GitHub-Delivery", "6a3f-77")
                .header("X-Hub-Signature-256", InboundHttpTest.sign(secret, body))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));

    assertThat(hook.status()).as(hook.body()).isEqualTo(200);
    RecordedRequest comment = receiver.takeRequest(Duration.ofSeconds(10));
    assertThat(comment.method()).isEqualTo("POST");
    assertThat(comment.path()).isEqualTo("/repos/acme/api/issues/7/comments");
    assertThat(comment.header("Authorization")).hasValue("Bearer ghp_test");
    assertThat(comment.header("X-GitHub-Api-Version")).hasValue("2022-11-28");
    assertThat(TestServer.JSON.readTree(comment.body()).path("body").asText())
        .isEqualTo("Thanks @octocat, a reviewer is on the way");
    JsonNode delivery =
        await()
            .until(
                () -> t.get("/api/deliveries?endpoint=github-review").json().path("data").path(0),
                d -> d.path("status").asText().equals("succeeded"));
    assertThat(delivery.path("result").asText())
        .isEqualTo("https://github.com/acme/api/pull/7#issuecomment-1");
  }

  @Test
  void aRunLongerThanTheWaitAnswers202AndIsRecordedWhenItEnds() throws Exception {
    t.close();
    t = server(Duration.ofMillis(100));
    receiver.enqueue(MockResponse.ok().withDelay(Duration.ofSeconds(1)));
    register(
        "name: slow\nsteps:\n  - name: call\n    http: {url: \""
            + receiver.url("/slow")
            + "\", method: GET}\n");

    Response run = generic("{\"workflow_name\": \"slow\", \"inputs\": {}}");

    assertThat(run.status()).as(run.body()).isEqualTo(202);
    String id = run.json().path("run_id").asText();
    assertThat(t.get("/api/runs/" + id).json().path("status").asText()).isEqualTo("running");
    await()
        .until(() -> t.get("/api/runs/" + id).json().path("status").asText().equals("succeeded"));
  }

  @Test
  void aRunLeftRunningByANodeThatDiedFailsOnceItsDeadlinePassed() throws Exception {
    t.close();
    dev.hookline.MutableClock clock = new dev.hookline.MutableClock(java.time.Instant.now());
    t = server(Duration.ofMillis(100), clock);
    // A run under way on this node for the whole test: its node is alive, it must not be touched.
    receiver.enqueue(MockResponse.ok().withDelay(Duration.ofMinutes(5)));
    register(
        "name: slow\nsteps:\n  - name: call\n    http: {url: \""
            + receiver.url("/slow")
            + "\", method: GET, timeout: 20s}\n");
    String live =
        generic("{\"workflow_name\": \"slow\", \"inputs\": {}}").json().path("run_id").asText();
    // 20 s of timeout + 1 min of slack.
    assertThat(t.get("/api/runs/" + live).json().path("deadline").asText())
        .isEqualTo(clock.instant().plusSeconds(80).toString());
    // The record of a run whose node died, as that node left it.
    java.time.Instant deadline = clock.instant().plusSeconds(80);
    t.server
        .workflows()
        .store()
        .saveRun(
            new dev.hookline.server.workflow.WorkflowRunRecord(
                "run_abandoned",
                "slow",
                "running",
                "{\"id\":\"run_abandoned\",\"workflow\":\"slow\",\"status\":\"running\","
                    + "\"deadline\":\""
                    + deadline
                    + "\"}",
                clock.instant(),
                Optional.empty()));

    clock.advance(Duration.ofSeconds(81));

    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> t.get("/api/runs/run_abandoned").json().path("status").asText().equals("failed"));
    assertThat(t.get("/api/runs/run_abandoned").json().path("error").asText())
        .startsWith("interrupted: not finished by its deadline (" + deadline);
    assertThat(t.get("/api/runs/" + live).json().path("status").asText()).isEqualTo("running");
    // Its own node ends the live run (the receiver goes away): that outcome is the one kept.
    receiver.close();
    await()
        .atMost(Duration.ofSeconds(30)) // at worst its step's 20 s timeout
        .until(() -> t.get("/api/runs/" + live).json().path("status").asText().equals("failed"));
    assertThat(t.get("/api/runs/" + live).json().path("error").asText())
        .contains("step call (http) failed");
  }

  @Test
  void configPathOutsideTheWorkflowFolderIsRefused() throws Exception {
    Path outside = Files.createTempFile("outside", ".yaml");
    Files.writeString(outside, SEED_WORKFLOW);

    Response absolute = t.post("/api/workflows", "{\"config_path\":\"" + outside + "\"}");
    Response escaping = t.post("/api/workflows", "{\"config_path\":\"../../etc/passwd\"}");
    Response missing = t.post("/api/workflows", "{\"config_path\":\"nope.yaml\"}");

    assertError(absolute, 400, "invalid_workflow");
    assertThat(absolute.json().path("message").asText()).contains("must be relative");
    assertError(escaping, 400, "invalid_workflow");
    assertThat(escaping.json().path("message").asText()).contains("leaves the working directory");
    assertError(missing, 400, "invalid_workflow");
    Files.delete(outside);
  }

  @Test
  void forgedChainDepthInEventMetadataIsIgnored() throws Exception {
    register("name: loop\non: loop.tick\nsteps:\n  - name: again\n    emit: {type: loop.tick}\n");

    t.post("/api/events", "{\"type\":\"loop.tick\",\"metadata\":{\"workflow_depth\":-50}}");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> t.get("/api/workflows/loop/runs?limit=50").json().path("data").toString(),
            runs -> runs.contains("chain of 8 workflows"));
    JsonNode runs = t.get("/api/workflows/loop/runs?limit=50").json().path("data");
    JsonNode refused =
        java.util.stream.StreamSupport.stream(runs.spliterator(), false)
            .filter(r -> r.toString().contains("chain of 8 workflows"))
            .findFirst()
            .orElseThrow();
    // The refused run ran no step, so it emitted no tick that could start a tenth run.
    assertThat(refused.path("steps").isArray()).as(refused.toString()).isTrue();
    assertThat(refused.path("steps")).isEmpty();
    assertThat(runs.size()).isEqualTo(9); // 8 links, then the refused one
  }

  @Test
  void aFinishedRunAppearsOnTheLiveStream() throws Exception {
    register(SEED_WORKFLOW);
    java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    var stream =
        t.http.send(
            java.net.http.HttpRequest.newBuilder(t.uri("/api/stream"))
                .header("Authorization", "Bearer " + TestServer.API_KEY)
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofLines());
    Thread reader = Thread.ofVirtual().start(() -> stream.body().forEach(lines::add));

    await().until(() -> !lines.isEmpty());
    t.post(
        "/api/workflows/slack_notification/runs",
        "{\"inputs\":{\"event_type\":\"x\",\"message\":\"y\"}}");

    await().until(() -> lines.contains("event: workflow"));
    reader.interrupt();
  }

  @Test
  void credentialHeadersOfHttpStepsAreMaskedWhenShown() {
    t.post(
        "/api/workflows",
        "{\"name\":\"tokened\",\"steps\":[{\"name\":\"call\",\"http\":{\"url\":\"https://x.example\","
            + "\"headers\":{\"Authorization\":\"Bearer tok_0123456789abcd\",\"Accept\":\"text/plain\"}}}]}");

    JsonNode headers =
        t.get("/api/workflows/tokened")
            .json()
            .path("definition")
            .path("steps")
            .get(0)
            .path("http")
            .path("headers");

    assertThat(headers.path("Authorization").asText()).isEqualTo("****abcd");
    assertThat(headers.path("Accept").asText()).isEqualTo("text/plain");
  }

  @Test
  void anInvalidDefinitionIs400NamingTheKey() {
    Response r =
        t.post(
            "/api/workflows",
            "{\"name\":\"bad\",\"steps\":[{\"name\":\"a\",\"log\":\"x\",\"http\":{\"url\":\"y\"}}]}");

    assertError(r, 400, "invalid_workflow");
    assertThat(r.json().path("message").asText())
        .contains("steps[0]")
        .contains("exactly one action");
  }
}
