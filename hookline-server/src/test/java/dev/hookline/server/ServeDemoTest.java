package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeDemoTest {
  @TempDir Path dir;

  @Test
  void demoEventsFlowSignedToBothEndpointsAndShowInTheApi() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (TestServer t = new TestServer(dir);
        ServeDemo demo = new ServeDemo(t.server, out, t.secret, Duration.ofMillis(100))) {

      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  printed(bytes).contains("<- /alerts")
                      && printed(bytes).contains("attempt 2") // the 7th event is answered 503
                      && demo.published() >= 8);

      String printed = printed(bytes);
      assertThat(printed).contains("signature valid").doesNotContain("INVALID");
      assertThat(printed)
          .contains("<- /all")
          .contains("attempt 2"); // the 7th event is answered 503
      assertThat(t.get("/api/events").json().path("data").size()).isGreaterThanOrEqualTo(8);
      assertThat(t.get("/api/endpoints/demo-all/stats").json().path("total_sent").asInt())
          .isPositive();
    }
  }

  private static String printed(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
