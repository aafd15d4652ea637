package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.signature.WebhookSecret;
import dev.hookline.store.SecretKeys;
import dev.hookline.store.TestPostgres;
import dev.hookline.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two servers on one PostgreSQL database: one set of endpoints, one queue. */
class PostgresNodesTest {
  @TempDir Path dir;
  final String schema = "srv_" + Long.toHexString(System.nanoTime());

  @AfterEach
  void dropSchema() throws Exception {
    TestPostgres.drop(schema);
  }

  /** A server on the shared database, with the key every node of it shares. */
  private TestServer node(String url, String secret) {
    return new TestServer(
        TestServer.config(dir, secret, c -> c.withStore(url)),
        s -> s.environment(Map.of(SecretKeys.ENV_KEY, TestPostgres.KEY)));
  }

  @Test
  void anEndpointCreatedOnOneNodeDeliversEventsPostedToTheOther() throws Exception {
    String url = TestPostgres.url(schema);
    String secret = WebhookSecret.generate();
    try (WebhookReceiver receiver = WebhookReceiver.start();
        TestServer a = node(url, secret);
        TestServer b = node(url, secret)) {
      a.post(
          "/api/endpoints",
          "{\"id\":\"shared\",\"url\":\"" + receiver.url("/shared") + "\",\"events\":[\"*\"]}");

      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> b.get("/api/endpoints/shared").status() == 200);
      b.post("/api/events", "{\"id\":\"evt_pg_1\",\"type\":\"x\"}");

      assertThat(receiver.takeRequest(Duration.ofSeconds(10)).header("webhook-id"))
          .hasValue("evt_pg_1");
      JsonNode seenFromA =
          await()
              .until(
                  () -> a.get("/api/deliveries?event=evt_pg_1").json().path("data").path(0),
                  d -> d.path("status").asText().equals("succeeded"));
      assertThat(seenFromA.path("endpoint_id").asText()).isEqualTo("shared");
      a.method("DELETE", "/api/endpoints/shared", "");
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> b.get("/api/endpoints/shared").status() == 404);
    }
  }
}
