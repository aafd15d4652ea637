package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.testing.WebhookReceiver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamTest {
  @TempDir Path dir;

  @Test
  void streamShowsAnEventAndItsDeliveryLive() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start();
        TestServer t = new TestServer(dir)) {
      t.post(
          "/api/endpoints",
          "{\"id\":\"live\",\"url\":\"" + receiver.url("/live") + "\",\"events\":[\"*\"]}");
      HttpResponse<java.io.InputStream> stream =
          t.http.send(
              HttpRequest.newBuilder(t.uri("/api/stream?types=order.*"))
                  .header("Authorization", "Bearer " + TestServer.API_KEY)
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
      List<String> seen = new ArrayList<>();
      CompletableFuture<Void> reading =
          CompletableFuture.runAsync(
              () -> {
                try {
                  String line;
                  while ((line = lines.readLine()) != null) {
                    synchronized (seen) {
                      seen.add(line);
                    }
                    if (line.startsWith("data:") && line.contains("\"will_retry\"")) {
                      return;
                    }
                  }
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      // The subscriber is registered once the comment line arrives.
      org.awaitility.Awaitility.await().until(() -> !snapshot(seen).isEmpty());

      t.post("/api/events", "{\"id\":\"evt_skip\",\"type\":\"other\"}");
      t.post("/api/events", "{\"id\":\"evt_live\",\"type\":\"order.paid\"}");

      reading.get(20, TimeUnit.SECONDS);
      stream.body().close();
      String all = String.join("\n", snapshot(seen));
      assertThat(stream.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
      assertThat(all).contains("event: event").contains("evt_live").doesNotContain("evt_skip");
      assertThat(all).contains("event: delivery").contains("\"status\":\"succeeded\"");
    }
  }

  private static List<String> snapshot(List<String> seen) {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }
}
