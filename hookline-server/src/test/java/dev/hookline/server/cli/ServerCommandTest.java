package dev.hookline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.server.HooklineServer;
import dev.hookline.server.config.HooklineConfig;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.WebhookSecret;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server commands end to end: a real server (port 0, temp SQLite) and a real receiver. */
class ServerCommandTest {
  private static final String API_KEY = "cli-test-key-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final String secret = WebhookSecret.generate();
  private WebhookReceiver receiver;
  private HooklineServer server;

  @BeforeEach
  void start() {
    receiver = WebhookReceiver.start();
    HooklineConfig config =
        HooklineConfig.defaults()
            .withStore("jdbc:sqlite:" + dir.resolve("hookline.db"))
            .withSigningSecret(secret);
    config =
        config.withServer(
            config
                .server()
                .withAddress("127.0.0.1", 0)
                .withApiKeys(List.of(API_KEY))
                .withAllowPrivateNetworks(true));
    server = HooklineServer.start(config);
  }

  @AfterEach
  void stop() {
    server.close();
    receiver.close();
  }

  @Test
  void addSendAndInspectADelivery() throws Exception {
    Cli added =
        run(
            "endpoints",
            "add",
            "--id",
            "ops",
            "--url",
            receiver.url("/hooks").toString(),
            "--events",
            "prediction,alert.*");
    Cli listed = run("endpoints", "list");
    Cli sent = run("send", "prediction", "--id", "evt_cli_1", "--data", "{\"confidence\":0.93}");

    RecordedRequest request = receiver.takeRequest(WAIT);
    assertThat(added.out().strip())
        .as(added.toString())
        .isEqualTo("added ops -> " + receiver.url("/hooks"));
    assertThat(listed.lines().get(1))
        .startsWith("ops")
        .contains(receiver.url("/hooks").toString())
        .contains("prediction,alert.*");
    assertThat(sent.out().strip())
        .as(sent.toString())
        .isEqualTo("accepted evt_cli_1 (1 delivery queued)");
    assertThat(request.header("webhook-id")).contains("evt_cli_1");
    assertThat(request.verify(SignatureConfig.standard(secret)).valid()).isTrue();

    await()
        .atMost(WAIT)
        .until(() -> run("deliveries", "--endpoint", "ops").out().contains("succeeded"));
    JsonNode page = JSON.readTree(run("deliveries", "--endpoint", "ops", "--json").out());
    String deliveryId = page.path("data").get(0).path("id").asText();
    Cli shown = run("deliveries", deliveryId);
    Cli logs = run("logs");
    Cli duplicate = run("send", "prediction", "--id", "evt_cli_1");

    assertThat(shown.out())
        .contains("status            succeeded")
        .containsPattern("(?m)^1 +\\S+Z +200 ");
    assertThat(logs.out())
        .containsPattern("event +prediction +evt_cli_1")
        .containsPattern("delivery +prediction -> ops +succeeded +200 +attempt 1 +" + deliveryId);
    assertThat(duplicate.out()).contains("duplicate evt_cli_1");
  }

  @Test
  void endpointFromAYamlFileTestAndRemove() throws Exception {
    Path file = dir.resolve("endpoint.yaml");
    Files.writeString(
        file,
        "id: from-file\nurl: "
            + receiver.url("/file")
            + "\nevents: [\"nothing.matches\"]\n"
            + "retry_policy: {max_attempts: 2, initial_delay: 1s}\n");

    Cli added = run("endpoints", "add", "--file", file.toString());
    Cli tested = run("endpoints", "test", "from-file");
    RecordedRequest test = receiver.takeRequest(WAIT);
    Cli removed = run("endpoints", "rm", "from-file");
    Cli again = run("endpoints", "rm", "from-file");

    assertThat(added.code()).as(added.toString()).isZero();
    assertThat(tested.out())
        .as(tested.toString())
        .startsWith("sent test event evt_")
        .contains(" to from-file");
    assertThat(test.header("X-Hookline-Event")).contains("hookline.test");
    assertThat(removed.out().strip()).isEqualTo("removed from-file");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).startsWith("hookline: ").contains("from-file");
  }

  @Test
  void deadDeliveriesAreReplayedWithAProgressBarAndRetried() throws Exception {
    receiver.setDefaultResponse(MockResponse.status(500));
    run(
        "endpoints",
        "add",
        "--id",
        "flaky",
        "--url",
        receiver.url("/flaky").toString(),
        "--events",
        "*");
    setMaxAttempts("flaky", 1);
    for (int i = 1; i <= 3; i++) {
      run("send", "job.failed", "--id", "evt_dead_" + i);
    }
    await()
        .atMost(WAIT)
        .until(() -> deliveries("--status", "dead", "--endpoint", "flaky").size() == 3);
    receiver.setDefaultResponse(MockResponse.ok());
    String oneId = deliveries("--status", "dead", "--endpoint", "flaky").get(0).path("id").asText();

    Cli retried = run("retry", oneId);
    await()
        .atMost(WAIT)
        .until(() -> deliveries("--status", "dead", "--endpoint", "flaky").size() == 2);
    Cli replayed = run("replay", "--endpoint", "flaky", "--since", "1h");
    Cli nothing = run("replay", "--endpoint", "flaky");

    assertThat(retried.out().strip())
        .as(retried.toString())
        .isEqualTo("queued " + oneId + " for attempt 2 (status pending)");
    assertThat(replayed.code()).as(replayed.toString()).isZero();
    assertThat(replayed.lines())
        .containsExactly("replaying 2 dead deliveries of flaky", "done: 2 replayed, none pending");
    assertThat(replayed.err()).contains("replay flaky").contains("100%").contains("2/2");
    assertThat(deliveries("--status", "succeeded", "--endpoint", "flaky")).hasSize(3);
    assertThat(nothing.out().strip()).isEqualTo("nothing to replay: no dead deliveries of flaky");
  }

  @Test
  void logsFollowPrintsEventsAndOutcomesLive() throws Exception {
    run(
        "endpoints",
        "add",
        "--id",
        "live",
        "--url",
        receiver.url("/live").toString(),
        "--events",
        "*");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread follower =
        Thread.ofPlatform()
            .start(
                () ->
                    exit.set(
                        HooklineCommand.run(
                            new PrintWriter(out, true),
                            new PrintWriter(err, true),
                            withServer("logs", "--follow", "--limit", "0"))));
    try {
      await().atMost(WAIT).until(() -> err.toString().contains("following "));

      run("send", "deploy.finished", "--id", "evt_live_1", "--tag", "prod");

      await().atMost(WAIT).until(() -> out.toString().contains("delivery "));
    } finally {
      follower.interrupt();
      follower.join(10_000);
    }
    assertThat(follower.isAlive()).isFalse();
    assertThat(exit.get()).as(err.toString()).isZero();
    assertThat(out.toString())
        .containsPattern("event +deploy.finished +evt_live_1 +tags=prod")
        .containsPattern("delivery +deploy.finished -> live +succeeded +200 +\\d+ ms +attempt 1");
  }

  @Test
  void aWrongApiKeyIsRefused() {
    Cli result =
        Cli.run("endpoints", "list", "--server", server.url().toString(), "--api-key", "wrong");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err().strip()).isEqualTo("hookline: the API key is not valid");
  }

  @Test
  void unknownDeliveryIsAFailure() {
    Cli result = run("retry", "dlv_nope");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).startsWith("hookline: ").contains("dlv_nope");
  }

  private void setMaxAttempts(String endpoint, int attempts) throws Exception {
    // No CLI verb edits one field: PATCH through the API, as a user with curl would.
    var http = java.net.http.HttpClient.newHttpClient();
    var response =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.url() + "/api/endpoints/" + endpoint))
                .header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", "application/json")
                .method(
                    "PATCH",
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"retry_policy\":{\"max_attempts\":" + attempts + "}}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private List<JsonNode> deliveries(String... filters) throws Exception {
    List<String> args = new ArrayList<>(List.of("deliveries", "--json", "--limit", "100"));
    args.addAll(Arrays.asList(filters));
    Cli result = run(args.toArray(String[]::new));
    assertThat(result.code()).as(result.toString()).isZero();
    List<JsonNode> items = new ArrayList<>();
    JSON.readTree(result.out()).path("data").forEach(items::add);
    return items;
  }

  private String[] withServer(String... args) {
    String[] all = Arrays.copyOf(args, args.length + 4);
    all[args.length] = "--server";
    all[args.length + 1] = server.url().toString();
    all[args.length + 2] = "--api-key";
    all[args.length + 3] = API_KEY;
    return all;
  }

  private Cli run(String... args) {
    return Cli.run(withServer(args));
  }
}
