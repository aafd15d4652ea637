package dev.hookline.server;

import static dev.hookline.server.TestServer.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.server.TestServer.Response;
import dev.hookline.server.config.ConfigException;
import dev.hookline.server.config.HooklineConfig;
import dev.hookline.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSRF guard over real HTTP, private networks not allowed: IP literals that resolvers read
 * differently are refused when an endpoint is created, and IPv6 spellings of IPv4 loopback
 * (IPv4-compatible, 6to4) are refused at connect time, for deliveries and workflow http steps.
 */
class NetworkGuardHttpTest {
  /** Spellings of 127.0.0.1 (and one of 8.8.8.8) that are not four plain decimal numbers. */
  static final List<String> AMBIGUOUS =
      List.of(
          "0x7f000001",
          "017700000001",
          "2130706433",
          "127.1",
          "127.0.1",
          "0177.0.0.1",
          "0x7f.0.0.1",
          "127.000.000.001",
          "127.0.0.1.",
          "0x08080808",
          "1.2.3.4.5",
          "256.1.1.1");

  @TempDir Path dir;
  WebhookReceiver receiver;
  TestServer t;

  @BeforeEach
  void start() {
    receiver = WebhookReceiver.start();
    t = new TestServer(dir, c -> c.withServer(c.server().withAllowPrivateNetworks(false)));
  }

  @AfterEach
  void stop() {
    t.close();
    receiver.close();
  }

  @Test
  void ambiguousIpLiteralsAreRefusedWhenAnEndpointIsCreatedNamingUrl() {
    for (String host : AMBIGUOUS) {
      Response r =
          t.post(
              "/api/endpoints",
              "{\"id\":\"e\",\"url\":\"http://" + host + ":8080/hook\",\"events\":[\"*\"]}");

      assertError(r, 400, "invalid_endpoint");
      assertThat(r.json().path("message").asText())
          .as(host)
          .contains("url")
          .contains("'" + host + "'")
          .contains("IP address");
    }
    Response email =
        t.post(
            "/api/endpoints",
            "{\"id\":\"m\",\"format\":\"email\",\"events\":[\"*\"],\"email\":"
                + "{\"smtp_host\":\"0x7f000001\",\"from\":\"a@example.com\","
                + "\"to\":\"b@example.com\"}}");
    assertError(email, 400, "invalid_endpoint");
    assertThat(email.json().path("message").asText()).contains("smtp_host").contains("127.0.0.1");
    assertThat(t.get("/api/endpoints").json().path("data")).isEmpty();
  }

  @Test
  void ambiguousIpLiteralIsRefusedForJavaCallersAndInTheConfigFileNamingTheKey() {
    InvalidEndpointException java =
        catchThrowableOfType(
            InvalidEndpointException.class,
            () -> Endpoint.builder("e").url("http://0x7f000001/").events("*").build());
    ConfigException config =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                HooklineConfig.parse(
                    "endpoints:\n  - id: e\n    url: http://017700000001/\n    events: [\"*\"]\n",
                    Map.of(),
                    dir));

    assertThat(java.field()).isEqualTo("url");
    assertThat(java.getMessage()).contains("url").contains("'0x7f000001'").contains("127.0.0.1");
    assertThat(config.problems())
        .anySatisfy(
            p -> {
              assertThat(p.path()).isEqualTo("endpoints[0].url");
              assertThat(p.message()).contains("'017700000001'").contains("127.0.0.1");
            });
  }

  @Test
  void ipv4CompatibleAnd6to4LoopbackAreRefusedAtDeliveryThroughTheTestRoute() {
    int port = receiver.url("/").getPort();
    for (String host : List.of("[::127.0.0.1]", "[2002:7f00:1::1]", "[::ffff:127.0.0.1]")) {
      String id = "e" + Math.abs(host.hashCode());
      Response created =
          t.post(
              "/api/endpoints",
              "{\"id\":\""
                  + id
                  + "\",\"url\":\"http://"
                  + host
                  + ":"
                  + port
                  + "/hook\",\"events\":[\"*\"]}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);

      Response test = t.post("/api/endpoints/" + id + "/test", "");

      assertThat(test.status()).as(test.body()).isEqualTo(202);
      JsonNode delivery =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () -> t.get("/api/deliveries?endpoint=" + id).json().path("data").path(0),
                  d -> !d.path("last_error").asText("").isEmpty());
      assertThat(delivery.path("status").asText()).as(host).isEqualTo("dead");
      assertThat(delivery.path("last_error").asText())
          .as(host)
          .contains("private or loopback address");
    }
    assertThat(receiver.requestCount()).isZero();
  }

  @Test
  void workflowHttpStepsGetThePrivateAddressRefusalForEverySpelling() {
    int port = receiver.url("/").getPort();
    for (String host :
        List.of("127.0.0.1", "0x7f000001", "017700000001", "[::127.0.0.1]", "[2002:7f00:1::1]")) {
      String name = "w" + Math.abs(host.hashCode());
      Response registered =
          t.post(
              "/api/workflows",
              "{\"name\":\""
                  + name
                  + "\",\"steps\":[{\"name\":\"call\",\"http\":{\"url\":\"http://"
                  + host
                  + ":"
                  + port
                  + "/x\"}}]}");
      assertThat(registered.status()).as(registered.body()).isLessThan(300);

      Response run = t.post("/api/workflows/" + name + "/runs", "{\"inputs\": {}}");

      assertThat(run.json().path("status").asText()).as(run.body()).isEqualTo("failed");
      assertThat(run.json().path("error").asText())
          .as(host)
          .contains("private or loopback address")
          .doesNotContain("Invalid IP address literal");
    }
    assertThat(receiver.requestCount()).isZero();
  }
}
