package dev.hookline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class SlowReceiversScenarioTest {

  @Test
  void slowSinkAnswersLateFailsOneInNOnceAndCountsInFlight() throws Exception {
    try (SlowSink sink = SlowSink.start(Duration.ofMillis(50), 5);
        HttpClient client = HttpClient.newHttpClient()) {
      ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
      sink.expect(sentAt);
      List<CompletableFuture<HttpResponse<Void>>> first = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        sentAt.put(SlowSink.key("ev" + i, i % 3), System.nanoTime());
        first.add(client.sendAsync(request(sink, i), HttpResponse.BodyHandlers.discarding()));
      }
      List<Integer> retried = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        if (first.get(i).get().statusCode() == 503) {
          retried.add(i);
        }
      }
      for (int i : retried) {
        assertThat(
                client.send(request(sink, i), HttpResponse.BodyHandlers.discarding()).statusCode())
            .isEqualTo(200);
      }

      assertThat(sink.awaitDistinct(100, Duration.ofMinutes(1))).isTrue();
      assertThat(retried).isNotEmpty().hasSizeLessThan(60);
      assertThat(sink.rejected()).isEqualTo(retried.size());
      assertThat(sink.peakInFlight()).isGreaterThan(0);
      assertThat(sink.report().missing()).isZero();
    }
  }

  @Test
  void deliversEveryEventToEveryEndpointOfItsType() throws Exception {
    Options options = Options.defaults().withEvents(200).withWarmup(Duration.ZERO);

    Result result = new SlowReceiversScenario(200).run(null, options);

    assertThat(result.requests()).isEqualTo(400); // 200 events × 2 endpoints each
    assertThat(result.notes()).noneMatch(n -> n.startsWith("NOT ALL") || n.contains("duplicate"));
    assertThat(result.latency()).isPresent();
  }

  private static HttpRequest request(SlowSink sink, int i) {
    return HttpRequest.newBuilder(sink.url(i % 3))
        .header(Sink.ID_HEADER, "ev" + i)
        .POST(HttpRequest.BodyPublishers.ofString("{}"))
        .build();
  }
}
