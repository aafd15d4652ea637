package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.delivery.PrivateNetworks;
import dev.hookline.server.TestServer.Response;
import dev.hookline.server.config.ConfigException;
import dev.hookline.server.config.HooklineConfig;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One internal endpoint may reach a private address without opening every endpoint (#12.8). */
class PrivateNetworkPerEndpointTest {
  @TempDir Path dir;
  WebhookReceiver receiver;

  @BeforeEach
  void start() {
    receiver = WebhookReceiver.start(); // on 127.0.0.1: a loopback address, refused by default
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  TestServer server(PrivateNetworks rule) {
    return new TestServer(dir, c -> c.withServer(c.server().withPrivateNetworks(rule)));
  }

  String endpoint(String id, boolean allow) {
    return "{\"id\":\""
        + id
        + "\",\"url\":\""
        + receiver.url("/" + id)
        + "\",\"events\":[\"*\"],\"retry_policy\":{\"max_attempts\":1}"
        + (allow ? ",\"allow_private_network\":true" : "")
        + "}";
  }

  JsonNode awaitDone(TestServer t, String endpoint) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> t.get("/api/deliveries?endpoint=" + endpoint).json().path("data").path(0),
            d -> d.path("status").asText().matches("succeeded|dead"));
  }

  @Test
  void perEndpointLetsOnlyTheEndpointThatAsksReachLoopback() throws Exception {
    try (TestServer t = server(PrivateNetworks.PER_ENDPOINT)) {
      assertThat(t.post("/api/endpoints", endpoint("internal", true)).status()).isEqualTo(201);
      assertThat(t.post("/api/endpoints", endpoint("public", false)).status()).isEqualTo(201);

      t.post("/api/events", "{\"id\":\"evt_1\",\"type\":\"deploy\"}");
      RecordedRequest got = receiver.takeRequest(Duration.ofSeconds(10));
      JsonNode refused = awaitDone(t, "public");

      assertThat(got.path()).isEqualTo("/internal");
      assertThat(awaitDone(t, "internal").path("status").asText()).isEqualTo("succeeded");
      assertThat(refused.path("status").asText()).isEqualTo("dead");
      assertThat(refused.path("last_error").asText()).contains("private or loopback address");
      assertThat(receiver.requestCount()).isEqualTo(1L);
      assertThat(t.get("/api/endpoints/internal").json().path("allow_private_network").asBoolean())
          .isTrue();
    }
  }

  @Test
  void anEndpointAskingOnAServerThatDeniesIsRefusedNamingTheField() {
    try (TestServer t = server(PrivateNetworks.DENY)) {
      Response r = t.post("/api/endpoints", endpoint("internal", true));

      TestServer.assertError(r, 400, "invalid_endpoint");
      assertThat(r.json().path("message").asText())
          .contains("allow_private_network")
          .contains("server.private_networks: per_endpoint");
      assertThat(t.get("/api/endpoints").json().path("data").size()).isZero();
    }
  }

  @Test
  void configNamesTheEndpointKeyAndTheServerKey() throws Exception {
    Path file = dir.resolve("hookline.yaml");
    Files.writeString(
        file,
        """
        endpoints:
          - id: internal
            url: http://internal-api.company.com/hooks
            events: ["*"]
            allow_private_network: true
        """);
    ConfigException denied =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ConfigException.class, () -> HooklineConfig.load(file, Map.of()));
    Files.writeString(
        file,
        """
        server: {private_networks: per_endpoint}
        endpoints:
          - {id: internal, url: "http://internal-api.company.com/hooks", events: ["*"], allow_private_network: true}
        """);
    HooklineConfig allowed = HooklineConfig.load(file, Map.of());
    Files.writeString(file, "server: {private_networks: some}\n");
    ConfigException bad =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ConfigException.class, () -> HooklineConfig.load(file, Map.of()));

    assertThat(denied.problems().get(0).path()).isEqualTo("endpoints[0].allow_private_network");
    assertThat(denied.problems().get(0).line()).hasValue(5);
    assertThat(allowed.server().privateNetworks()).isEqualTo(PrivateNetworks.PER_ENDPOINT);
    assertThat(allowed.endpoints().get(0).allowPrivateNetwork()).isTrue();
    assertThat(bad.problems().get(0).path()).isEqualTo("server.private_networks");
    assertThat(bad.problems().get(0).message()).contains("deny, per_endpoint or allow");
  }
}
