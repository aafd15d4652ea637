package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.server.config.HooklineConfig;
import dev.hookline.signature.WebhookSecret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** A real server on a free loopback port, a temp SQLite store, and a JSON HTTP client. */
final class TestServer implements AutoCloseable {
  static final String API_KEY = "test-key-0123456789";
  // Reads whatever the server answers, however long its field names (as the server reads its
  // store).
  static final ObjectMapper JSON =
      com.fasterxml.jackson.databind.json.JsonMapper.builder(
              com.fasterxml.jackson.core.JsonFactory.builder()
                  .streamReadConstraints(dev.hookline.event.EventLimits.readConstraints())
                  .build())
          .build();

  final String secret;
  final HooklineServer server;
  final HttpClient http = HttpClient.newHttpClient();

  /** The parts of an answer a test looks at. */
  record Response(int status, String body, java.net.http.HttpHeaders headers) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  TestServer(Path dir) {
    this(dir, c -> c);
  }

  TestServer(Path dir, UnaryOperator<HooklineConfig> customize) {
    this(config(dir, WebhookSecret.generate(), customize));
  }

  TestServer(HooklineConfig config) {
    this(config, b -> b);
  }

  TestServer(HooklineConfig config, UnaryOperator<HooklineServer.Builder> customize) {
    this.secret = config.signingSecret().orElse("");
    this.server = customize.apply(HooklineServer.builder(config)).start();
  }

  static HooklineConfig config(Path dir, String secret, UnaryOperator<HooklineConfig> customize) {
    HooklineConfig c =
        HooklineConfig.defaults()
            .withStore("jdbc:sqlite:" + dir.resolve("hookline.db"))
            .withSigningSecret(secret);
    c =
        c.withServer(
            c.server()
                .withAddress("127.0.0.1", 0)
                .withApiKeys(List.of(API_KEY))
                .withAllowPrivateNetworks(true));
    return customize.apply(c);
  }

  URI uri(String path) {
    return URI.create(server.url() + path);
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Response post(String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response method(String method, String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  Response send(HttpRequest.Builder request) {
    return sendRaw(request.header("Authorization", "Bearer " + API_KEY));
  }

  Response sendRaw(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static void assertError(Response r, int status, String code) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(r.json().path("error").asText()).isEqualTo(code);
    assertThat(r.json().path("message").asText()).isNotBlank();
  }

  @Override
  public void close() {
    server.close();
  }
}
