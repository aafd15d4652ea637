package dev.hookline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client commands' side of the HTTP API contract (DESIGN §6): what they send and how they print
 * answers and errors, against a scripted HTTP server (the project's WebhookReceiver). End-to-end
 * runs against the real server are in {@code ServerCommandTest}.
 */
class ClientCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final WebhookReceiver api = WebhookReceiver.start();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void sendPostsTheEventWithTheApiKey() throws Exception {
    answer(202, "{\"ids\":[\"evt_1\"],\"deliveries\":2}");

    Cli result =
        run(
            "send",
            "prediction",
            "--data",
            "{\"confidence\":0.9}",
            "--id",
            "evt_1",
            "--severity",
            "warning",
            "--tag",
            "ml",
            "--tag",
            "security",
            "--api-key",
            "k3y");

    RecordedRequest request = api.takeRequest(Duration.ofSeconds(5));
    assertThat(result.code()).as(result.toString()).isZero();
    assertThat(result.out().strip()).isEqualTo("accepted evt_1 (2 deliveries queued)");
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/events");
    assertThat(request.header("Authorization")).contains("Bearer k3y");
    assertThat(JSON.readTree(request.bodyAsString()))
        .isEqualTo(
            JSON.readTree(
                "{\"id\":\"evt_1\",\"type\":\"prediction\",\"data\":{\"confidence\":0.9},"
                    + "\"severity\":\"warning\",\"tags\":[\"ml\",\"security\"]}"));
  }

  @Test
  void sendReadsDataFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data.json");
    Files.writeString(file, "{\"pr\": 42}");
    answer(202, "{\"ids\":[\"evt_2\"],\"deliveries\":1}");

    Cli result = run("send", "github.pr", "--data", "@" + file);

    assertThat(result.out().strip()).isEqualTo("accepted evt_2 (1 delivery queued)");
    assertThat(JSON.readTree(api.takeRequest(Duration.ofSeconds(5)).bodyAsString()).path("data"))
        .isEqualTo(JSON.readTree("{\"pr\": 42}"));
  }

  @Test
  void sendReportsADuplicate() {
    answer(200, "{\"ids\":[\"evt_1\"],\"deliveries\":0}");

    Cli result = run("send", "prediction", "--id", "evt_1");

    assertThat(result.out()).contains("duplicate evt_1: already accepted, nothing new queued");
  }

  @Test
  void serverErrorsPrintTheirMessageAndExit1() {
    answer(400, "{\"error\":\"invalid_event\",\"message\":\"type must not be empty\"}");

    Cli result = run("send", "x");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err().strip()).isEqualTo("hookline: type must not be empty");
  }

  @Test
  void unauthorizedWithoutAKeySaysHowToGiveOne() {
    answer(401, "{\"error\":\"unauthorized\",\"message\":\"this route needs an API key\"}");

    Cli result = run("endpoints", "list");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("this route needs an API key").contains("HOOKLINE_API_KEY");
  }

  @Test
  void connectionRefusedSaysHowToStartTheServer() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    Cli result = Cli.run("deliveries", "--server", "http://127.0.0.1:" + port);

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("hookline: cannot reach the Hookline server at http://127.0.0.1:" + port)
        .contains("connection refused")
        .contains("hookline serve");
  }

  @Test
  void endpointsAddReadsAYamlFileAndOptionsOverrideIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("endpoint.yaml");
    Files.writeString(
        file,
        """
        id: ops
        url: https://ops.example.com/hooks
        events: ["*"]
        when: data.confidence > 0.85
        retry_policy: {max_attempts: 5, initial_delay: 1s}
        """);
    answer(201, "{\"id\":\"ops\",\"url\":\"https://ops.example.com/v2\",\"events\":[\"*\"]}");

    Cli result =
        run(
            "endpoints",
            "add",
            "--file",
            file.toString(),
            "--url",
            "https://ops.example.com/v2",
            "--secret",
            "whsec_abc");

    JsonNode sent = JSON.readTree(api.takeRequest(Duration.ofSeconds(5)).bodyAsString());
    assertThat(result.code()).as(result.toString()).isZero();
    assertThat(result.out().strip()).isEqualTo("added ops -> https://ops.example.com/v2");
    assertThat(sent)
        .isEqualTo(
            JSON.readTree(
                "{\"id\":\"ops\",\"url\":\"https://ops.example.com/v2\",\"events\":[\"*\"],"
                    + "\"when\":\"data.confidence > 0.85\","
                    + "\"retry_policy\":{\"max_attempts\":5,\"initial_delay\":\"1s\"},"
                    + "\"signature\":{\"scheme\":\"standard\",\"secret\":\"whsec_abc\"}}"));
  }

  @Test
  void endpointsAddWithoutAUrlIsAUsageError() {
    Cli result = run("endpoints", "add", "--id", "ops", "--events", "*");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("an endpoint needs --url");
    assertThat(api.requestCount()).isZero();
  }

  @Test
  void deliveriesPrintsATableAndTheNextCursor() throws Exception {
    answer(
        200,
        """
        {"data":[{"id":"dlv_2","event_id":"evt_2","event_type":"prediction","endpoint_id":"ops",
          "status":"dead","attempts":5,"next_attempt_at":"2026-11-23T12:00:00Z",
          "created_at":"2026-11-23T11:00:00Z","updated_at":"2026-11-23T12:00:00.123Z",
          "completed_at":"2026-11-23T12:00:00Z","last_status_code":503,"last_error":"HTTP 503"}],
         "next_cursor":"c2"}""");

    Cli result = run("deliveries", "--status", "dead", "--endpoint", "ops", "--limit", "1");

    assertThat(api.takeRequest(Duration.ofSeconds(5)).path())
        .isEqualTo("/api/deliveries?status=dead&endpoint=ops&limit=1");
    assertThat(result.lines().get(0)).startsWith("ID     EVENT TYPE  ENDPOINT  STATUS");
    assertThat(result.lines().get(1))
        .matches("dlv_2 +prediction +ops +dead +5 +503 +2026-11-23T12:00:00Z +HTTP 503");
    assertThat(result.out()).contains("more: add --cursor c2");
  }

  @Test
  void logsParseServerSentEvents() {
    answer(
        200,
        """
        : connected

        event: event
        id: evt_1
        data: {"id":"evt_1","type":"prediction","severity":"warning","tags":["ml"]}

        event: delivery
        data: {"delivery_id":"dlv_1","event_id":"evt_1","event_type":"prediction",
        data: "endpoint_id":"ops","status":"failed","attempt":1,"status_code":503,
        data: "duration_ms":12.4,"error":"HTTP 503","will_retry":true}

        """);

    Cli result = run("logs", "--follow", "--limit", "0");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("hookline: the server closed the stream");
    assertThat(result.lines()).hasSize(2);
    assertThat(result.lines().get(0))
        .matches("\\S+Z  event      prediction  evt_1  severity=warning  tags=ml");
    assertThat(result.lines().get(1))
        .matches(
            "\\S+Z  delivery   prediction -> ops  failed \\(will retry\\)  503  12 ms  attempt 1"
                + "  dlv_1  error: HTTP 503");
  }

  @Test
  void badServerUrlIsAUsageError() {
    Cli result = Cli.run("endpoints", "list", "--server", "ftp://x");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--server 'ftp://x' must be an http:// or https:// URL");
  }

  @Test
  void sendWithDataThatIsNotAnObjectIsAUsageError() {
    Cli result = run("send", "x", "--data", "{nope");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--data is not valid JSON");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "send", "endpoints", "endpoints list", "endpoints add", "endpoints rm", "endpoints test",
        "endpoints stats", "endpoints get", "deliveries", "retry", "replay", "logs"
      })
  void helpSucceeds(String command) {
    List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
    args.add("--help");

    Cli result = Cli.run(args);

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("Usage: hookline " + command);
  }

  private void answer(int status, String body) {
    api.enqueue(
        MockResponse.status(status)
            .withHeader(
                "Content-Type", body.startsWith(":") ? "text/event-stream" : "application/json")
            .withBody(body));
  }

  private Cli run(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--server";
    all[args.length + 1] = api.url().toString();
    return Cli.run(all);
  }
}
