package dev.hookline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SinkTest {
  private final Sink sink = Sink.start();
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    client.close();
    sink.close();
  }

  @Test
  void answers200WithEmptyBody() throws Exception {
    HttpResponse<String> response = post("a");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(sink.requests()).isEqualTo(1);
    assertThat(sink.accepted()).isEqualTo(1);
  }

  @Test
  void reportsDuplicatesUnmatchedAndMissingIds() throws Exception {
    ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
    sink.expect(sentAt);
    sentAt.put("a", System.nanoTime());
    sentAt.put("never-sent", System.nanoTime());

    post("a");
    post("a");
    post("stranger");
    Sink.Report report = sink.report();

    assertThat(report.distinct()).isEqualTo(2);
    assertThat(report.duplicates()).isEqualTo(1);
    assertThat(report.unmatched()).isEqualTo(1);
    assertThat(report.missing()).isEqualTo(1);
    assertThat(report.latency()).hasValueSatisfying(l -> assertThat(l.samples()).isEqualTo(1));
  }

  @Test
  void matchesAnArrivalWhoseSendTimeWasPutAfterIt() throws Exception {
    ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
    sink.expect(sentAt);

    post("early");
    sentAt.put("early", System.nanoTime());
    Sink.Report report = sink.report();

    assertThat(report.unmatched()).isZero();
    assertThat(report.missing()).isZero();
    assertThat(report.latency())
        .hasValueSatisfying(l -> assertThat(l.p50()).isEqualTo(Duration.ZERO));
    assertThat(sentAt).isEmpty();
  }

  @Test
  void answers503WhileFailingAndDoesNotCountThoseAsDelivered() throws Exception {
    sink.expect(new ConcurrentHashMap<>());
    sink.answer503For(Duration.ofMinutes(5));

    HttpResponse<String> failed = post("a");
    sink.reset();
    HttpResponse<String> recovered = post("b");

    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(recovered.statusCode()).isEqualTo(200);
    assertThat(sink.requests()).isEqualTo(1);
    assertThat(sink.rejected()).isZero();
  }

  @Test
  void countsRejectedRequests() throws Exception {
    sink.answer503For(Duration.ofMinutes(5));

    post("a");
    post("b");

    assertThat(sink.rejected()).isEqualTo(2);
    assertThat(sink.accepted()).isZero();
  }

  @Test
  void refusesConnectionsThenComesBackOnTheSamePort() throws Exception {
    int port = sink.port();
    post("before");

    sink.refuseConnections();
    assertThatThrownBy(() -> post("while-down")).isInstanceOf(IOException.class);
    sink.acceptConnections();
    HttpResponse<String> after = post("after");

    assertThat(sink.port()).isEqualTo(port);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(sink.requests()).isEqualTo(2);
  }

  private HttpResponse<String> post(String id) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(sink.url())
            .header(Sink.ID_HEADER, id)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Payload.JSON))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
