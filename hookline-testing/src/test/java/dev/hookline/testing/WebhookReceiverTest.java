package dev.hookline.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.SignedContent;
import dev.hookline.signature.Signer;
import dev.hookline.signature.Verification;
import dev.hookline.signature.WebhookSecret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private final WebhookReceiver receiver = WebhookReceiver.start();

  @AfterEach
  void stop() {
    receiver.close();
    client.close();
  }

  private HttpResponse<String> post(URI uri, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .header("webhook-id", "msg_1")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void recordsMethodPathHeadersAndBody() throws Exception {
    post(receiver.url("/hooks?x=1"), "{\"a\":1}");

    RecordedRequest request = receiver.takeRequest(Duration.ofSeconds(5));

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/hooks?x=1");
    assertThat(request.header("WEBHOOK-ID")).contains("msg_1");
    assertThat(request.header("content-type")).contains("application/json");
    assertThat(request.bodyAsString()).isEqualTo("{\"a\":1}");
    assertThat(request.sequence()).isZero();
  }

  @Test
  void answersFromTheQueueInOrderThenTheDefault() throws Exception {
    receiver.enqueue(MockResponse.status(503).withHeader("Retry-After", "7"));
    receiver.enqueue(MockResponse.status(201).withBody("created"));

    HttpResponse<String> first = post(receiver.url(), "1");
    HttpResponse<String> second = post(receiver.url(), "2");
    HttpResponse<String> third = post(receiver.url(), "3");

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.headers().firstValue("Retry-After")).contains("7");
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(second.body()).isEqualTo("created");
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(receiver.requestCount()).isEqualTo(3);
  }

  @Test
  void defaultResponseCanBeChanged() throws Exception {
    receiver.setDefaultResponse(MockResponse.status(500));

    HttpResponse<String> response = post(receiver.url(), "x");

    assertThat(response.statusCode()).isEqualTo(500);
  }

  @Test
  void disconnectDropsTheConnectionWithoutAnAnswer() throws Exception {
    receiver.enqueue(MockResponse.disconnect());

    assertThatThrownBy(() -> post(receiver.url(), "x")).isInstanceOf(IOException.class);

    assertThat(receiver.takeRequest(Duration.ofSeconds(5)).bodyAsString()).isEqualTo("x");
  }

  @Test
  void delayedResponseMakesTheSenderTimeOut() throws Exception {
    receiver.enqueue(MockResponse.ok().withDelay(Duration.ofSeconds(3)));
    HttpRequest request =
        HttpRequest.newBuilder(receiver.url())
            .timeout(Duration.ofMillis(200))
            .POST(HttpRequest.BodyPublishers.ofString("x"))
            .build();

    assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.discarding()))
        .isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void verifiesStandardWebhooksSignatures() throws Exception {
    String secret = WebhookSecret.generate();
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers =
        Signer.of(SignatureConfig.standard(secret))
            .sign(SignedContent.of("msg_1", Instant.now(), body));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(receiver.url()).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    client.send(request.build(), HttpResponse.BodyHandlers.discarding());

    RecordedRequest recorded = receiver.takeRequest(Duration.ofSeconds(5));

    assertThat(recorded.verify(SignatureConfig.standard(secret)).valid()).isTrue();
    assertThat(recorded.verify(SignatureConfig.standard(WebhookSecret.generate())).reason())
        .isEqualTo(Verification.Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void takeRequestFailsWhenNothingArrives() {
    assertThatThrownBy(() -> receiver.takeRequest(Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no request arrived");
  }

  @Test
  void nonRecordingReceiverOnlyCounts() throws Exception {
    try (WebhookReceiver sink = WebhookReceiver.builder().recordRequests(false).start()) {
      post(sink.url(), "a");
      post(sink.url(), "b");

      assertThat(sink.requestCount()).isEqualTo(2);
      assertThatThrownBy(() -> sink.pollRequest(Duration.ZERO))
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
