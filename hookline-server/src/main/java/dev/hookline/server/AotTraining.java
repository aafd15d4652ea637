package dev.hookline.server;

import dev.hookline.routing.Endpoint;
import dev.hookline.server.config.HooklineConfig;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.WebhookSecret;
import dev.hookline.testing.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code hookline aot-training} (hidden): starts {@code serve} on a temporary SQLite store, sends
 * events through its API in single posts and arrays, waits until a local receiver has them all,
 * reads health, metrics and deliveries, and exits. The launcher runs it once per build with {@code
 * -XX:AOTCacheOutput} (JDK 25+), so later starts load the classes, linked, and their profiles from
 * the cache instead of from the jar: start to healthy drops from ~2.5 s to ~1 s.
 */
public final class AotTraining {
  private static final int SINGLE = 300;
  private static final int ARRAYS = 30;
  private static final int ARRAY_SIZE = 100;

  private AotTraining() {}

  /**
   * Runs the training.
   *
   * @return whether every event sent reached the receiver
   */
  public static boolean run() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("hookline-aot-training");
    try {
      HooklineConfig defaults = HooklineConfig.defaults();
      HooklineConfig c =
          defaults
              .withStore("jdbc:sqlite:" + dir.resolve("hookline.db"))
              .withServer(
                  defaults.server().withAddress("127.0.0.1", 0).withAllowPrivateNetworks(true));
      try (HooklineServer server = HooklineServer.start(c);
          WebhookReceiver receiver = WebhookReceiver.builder().recordRequests(false).start()) {
        server
            .endpoints()
            .putTransient(
                Endpoint.builder("aot-training", receiver.url("/hook"))
                    .events("*")
                    .signature(SignatureConfig.standard(WebhookSecret.generate()))
                    .build());
        HttpClient http = HttpClient.newHttpClient();
        URI base = server.url();
        for (int i = 0; i < SINGLE; i++) {
          post(http, base, event(i));
        }
        for (int a = 0; a < ARRAYS; a++) {
          StringJoiner array = new StringJoiner(",", "[", "]");
          for (int i = 0; i < ARRAY_SIZE; i++) {
            array.add(event(SINGLE + a * ARRAY_SIZE + i));
          }
          post(http, base, array.toString());
        }
        long expected = SINGLE + (long) ARRAYS * ARRAY_SIZE;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (receiver.requestCount() < expected && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        for (String path : new String[] {"/health", "/metrics", "/api/deliveries", "/api/events"}) {
          http.send(
              HttpRequest.newBuilder(base.resolve(path)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
        }
        return receiver.requestCount() >= expected;
      }
    } finally {
      delete(dir);
    }
  }

  private static String event(int i) {
    return "{\"id\":\""
        + UUID.randomUUID()
        + "\",\"type\":\"aot.training\",\"source\":\"hookline\",\"data\":{\"n\":"
        + i
        + ",\"text\":\"training\"}}";
  }

  private static void post(HttpClient http, URI base, String body)
      throws IOException, InterruptedException {
    http.send(
        HttpRequest.newBuilder(base.resolve("/api/events"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
