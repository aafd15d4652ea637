package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.server.TestServer.Response;
import dev.hookline.server.config.HooklineConfig;
import dev.hookline.signature.WebhookSecret;
import dev.hookline.testing.WebhookReceiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every secret the server stores (endpoint signing secrets and credential headers from the config
 * and the API, the credential options of the native formats, workflow {@code http} step headers) is
 * absent from the bytes of the SQLite files, which are owner-only; the API shows them where it
 * documents it; a restart reads them back.
 */
class SecretsAtRestTest {
  @TempDir Path dir;
  WebhookReceiver receiver;

  /** Secret name to value; each value is unique to this run, so a match is never a coincidence. */
  final Map<String, String> secrets = new LinkedHashMap<>();

  @BeforeEach
  void start() {
    receiver = WebhookReceiver.start();
    for (String name :
        List.of(
            "config-signing",
            "config-header",
            "jira-api-token",
            "github-token",
            "slack-bot-token",
            "datadog-api-key",
            "pagerduty-routing-key",
            "smtp-password",
            "config-workflow-header",
            "api-signing",
            "api-header",
            "api-workflow-header")) {
      byte[] random = new byte[12];
      ThreadLocalRandom.current().nextBytes(random);
      secrets.put(name, name + "-" + HexFormat.of().formatHex(random));
    }
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  HooklineConfig config() {
    String yaml =
        """
        endpoints:
          - id: config-signed
            url: "https://hooks.example.com/ops"
            events: ["*"]
            signature: {scheme: standard, secret: "%s"}
            headers: {Authorization: "Bearer %s"}
          - id: jira
            url: "https://company.atlassian.net"
            events: ["bug"]
            format: jira
            jira: {project: ENG, issue_type: Bug, email: bot@example.com, api_token: "%s"}
          - id: github
            events: ["bug"]
            format: github
            github: {token: "%s", repo: acme/app, action: issue}
          - id: slack
            url: "https://hooks.slack.com/services/T0/B0/x"
            events: ["bug"]
            format: slack
            slack: {channel: "#alerts", bot_token: "%s"}
          - id: datadog
            events: ["bug"]
            format: datadog
            datadog: {api_key: "%s"}
          - id: pagerduty
            events: ["bug"]
            format: pagerduty
            pagerduty: {routing_key: "%s"}
          - id: email
            events: ["bug"]
            format: email
            email:
              smtp_host: smtp.example.com
              username: hookline
              password: "%s"
              from: hookline@example.com
              to: [ops@example.com]
        workflows:
          - name: call_api
            steps:
              - name: call
                http:
                  url: "%s"
                  headers: {Authorization: "Bearer %s"}
                  body: {hello: world}
        """
            .formatted(
                secrets.get("config-signing"),
                secrets.get("config-header"),
                secrets.get("jira-api-token"),
                secrets.get("github-token"),
                secrets.get("slack-bot-token"),
                secrets.get("datadog-api-key"),
                secrets.get("pagerduty-routing-key"),
                secrets.get("smtp-password"),
                receiver.url("/workflow"),
                secrets.get("config-workflow-header"));
    HooklineConfig c =
        HooklineConfig.parse(yaml, Map.of(), dir)
            .withStore("jdbc:sqlite:" + file("hookline.db"))
            .withSigningSecret(WebhookSecret.generate());
    return c.withServer(
        c.server()
            .withAddress("127.0.0.1", 0)
            .withApiKeys(List.of(TestServer.API_KEY))
            .withAllowPrivateNetworks(true));
  }

  /** Creates the API's endpoint and workflow, and runs both workflows once. */
  void createOverTheApi(TestServer t) {
    Response created =
        t.post(
            "/api/endpoints",
            """
            {"id": "api-signed", "url": "%s", "events": ["*"],
             "signature": {"scheme": "standard", "secret": "%s"},
             "headers": {"X-Api-Key": "%s"}}
            """
                .formatted(
                    receiver.url("/api"), secrets.get("api-signing"), secrets.get("api-header")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).contains(secrets.get("api-signing"));
    Response workflow =
        t.post(
            "/api/workflows",
            """
            {"name": "api_call", "steps": [{"name": "call", "http": {"url": "%s",
             "headers": {"Authorization": "Bearer %s"}, "body": {"hello": "api"}}}]}
            """
                .formatted(receiver.url("/api-workflow"), secrets.get("api-workflow-header")));
    assertThat(workflow.status()).as(workflow.body()).isBetween(200, 201);
    for (String name : List.of("call_api", "api_call")) {
      Response run = t.post("/api/workflows/" + name + "/runs", "{\"inputs\": {}}");
      assertThat(run.json().path("status").asText()).as(run.body()).isEqualTo("succeeded");
    }
  }

  @Test
  void noSecretReachesTheStoreFilesInPlainText() throws Exception {
    try (TestServer t = new TestServer(config())) {
      createOverTheApi(t);
      assertThat(t.post("/api/events", "{\"id\":\"evt_1\",\"type\":\"deploy\"}").status())
          .isEqualTo(202);
      assertThat(receiver.takeRequest(Duration.ofSeconds(10)).path()).isEqualTo("/workflow");

      assertThat(Files.exists(file("hookline.db-wal"))).isTrue();
      assertNoSecretIn("hookline.db", "hookline.db-wal");
    }

    assertNoSecretIn("hookline.db", "hookline.db-wal");
  }

  @Test
  void storeFilesAndTheGeneratedKeyAreOwnerOnly() throws Exception {
    try (TestServer t = new TestServer(config())) {
      createOverTheApi(t);

      for (String name : List.of("hookline.db", "hookline.db-wal", "hookline.db-shm")) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file(name))))
            .as(name)
            .isEqualTo("rw-------");
      }
    }
    Path key = file("hookline.db.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(key).strip()).hasSize(44); // base64 of 32 bytes
  }

  @Test
  void theApiShowsSecretsOnlyWhereItSaysAndARestartReadsThemBack() throws Exception {
    try (TestServer t = new TestServer(config())) {
      createOverTheApi(t);

      assertShownOnlyWhereDocumented(t);
    }

    try (TestServer t = new TestServer(config())) {
      assertShownOnlyWhereDocumented(t);
      assertThat(t.get("/api/workflows").body()).contains("call_api", "api_call");
      assertThat(t.post("/api/workflows/api_call/runs", "{\"inputs\": {}}").body())
          .contains("succeeded");
    }
    assertThat(receiver.takeRequest(Duration.ofSeconds(5)).header("Authorization"))
        .contains("Bearer " + secrets.get("config-workflow-header"));
  }

  void assertShownOnlyWhereDocumented(TestServer t) {
    String everything =
        t.get("/api/endpoints").body()
            + t.get("/api/endpoints/api-signed").body()
            + t.get("/api/endpoints/jira").body()
            + t.get("/api/workflows").body();
    for (String secret : secrets.values()) {
      assertThat(everything).doesNotContain(secret);
    }
    assertThat(t.get("/api/endpoints/api-signed/secret").json().path("secret").asText())
        .isEqualTo(secrets.get("api-signing"));
    assertThat(t.get("/api/endpoints/config-signed/secret").json().path("secret").asText())
        .isEqualTo(secrets.get("config-signing"));
  }

  Path file(String name) {
    return dir.resolve(name);
  }

  void assertNoSecretIn(String... names) throws IOException {
    for (String name : names) {
      Path f = file(name);
      if (!Files.exists(f)) {
        continue;
      }
      String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      for (Map.Entry<String, String> s : secrets.entrySet()) {
        assertThat(bytes).as(s.getKey() + " in " + name).doesNotContain(s.getValue());
      }
    }
  }
}
