package dev.hookline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.SignedContent;
import dev.hookline.signature.Signer;
import dev.hookline.signature.WebhookSecret;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ListenCommandTest {
  private static final Pattern LISTENING =
      Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
  private static final String BODY =
      "{\"id\":\"evt_1\",\"type\":\"prediction\",\"data\":{\"confidence\":0.9}}";

  private final HttpClient http = HttpClient.newHttpClient();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final AtomicInteger exit = new AtomicInteger(-1);
  private Thread listener;

  @AfterEach
  void stop() throws InterruptedException {
    if (listener != null) {
      listener.interrupt();
      listener.join(5_000);
    }
    http.close();
  }

  @Test
  void printsEachRequestAndWhetherItsSignatureVerifies() throws Exception {
    String secret = WebhookSecret.generate();
    URI base = listen("--port", "0", "--secret", secret);
    Map<String, String> headers =
        Signer.of(SignatureConfig.standard(secret))
            .sign(SignedContent.of("evt_1", Instant.now(), BODY));

    int signed =
        post(
            base.resolve("/hooks"),
            BODY,
            headers,
            Map.of("X-Hookline-Event", "prediction", "X-Hookline-Attempt", "2"));
    int unsigned = post(base.resolve("/plain"), "{\"type\":\"ping\"}", Map.of(), Map.of());
    int tampered = post(base.resolve("/hooks"), BODY.replace("0.9", "0.1"), headers, Map.of());
    stopListener();

    String printed = out.toString();
    assertThat(exit.get()).as(printed + err).isZero();
    assertThat(signed).isEqualTo(200);
    assertThat(unsigned).isEqualTo(200);
    assertThat(tampered).isEqualTo(200);
    assertThat(printed)
        .contains("verifying standard signatures; answering 200")
        .contains("POST /hooks -> 200")
        .contains("webhook-id: evt_1  event: prediction  attempt: 2")
        .contains("signature: valid")
        .contains("body: " + BODY)
        .contains("POST /plain -> 200")
        .contains("webhook-id: -  event: ping  attempt: -")
        .contains("signature: INVALID (missing header): missing header webhook-id")
        .contains("signature: INVALID (no matching signature)");
  }

  @Test
  void answersWithTheGivenStatusAndSkipsVerificationWithoutASecret() throws Exception {
    URI base = listen("--port", "0", "--status", "503", "--preview", "10");

    int status = post(base.resolve("/x"), BODY, Map.of(), Map.of());
    stopListener();

    assertThat(status).isEqualTo(503);
    assertThat(out.toString())
        .contains("not verifying signatures (no --secret); answering 503")
        .contains("POST /x -> 503")
        .contains("signature: not checked (no --secret)")
        .contains("body: {\"id\":\"evt... (" + BODY.length() + " bytes)");
  }

  @Test
  void runsUntilInterrupted() throws Exception {
    listen("--port", "0");

    stopListener();

    assertThat(listener.isAlive()).isFalse();
    assertThat(exit.get()).isZero();
  }

  @Test
  void stopsAfterMaxRequests() throws Exception {
    URI base = listen("--port", "0", "--max-requests", "1");

    int status = post(base.resolve("/once"), BODY, Map.of(), Map.of());
    listener.join(10_000);

    assertThat(status).isEqualTo(200);
    assertThat(listener.isAlive()).isFalse();
    assertThat(exit.get()).isZero();
    assertThat(out.toString()).contains("POST /once -> 200");
  }

  @Test
  void badStatusIsAUsageError() {
    Cli result = Cli.run("listen", "--port", "0", "--status", "42");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--status");
  }

  @Test
  void portInUseFails() throws Exception {
    URI base = listen("--port", "0");

    Cli second = Cli.run("listen", "--port", String.valueOf(base.getPort()));

    assertThat(second.code()).isEqualTo(1);
    assertThat(second.err())
        .contains("cannot listen on 127.0.0.1:" + base.getPort())
        .contains("--port");
  }

  /** Stops the listener as Ctrl-C would stop the loop, and waits for it to finish printing. */
  private void stopListener() throws InterruptedException {
    listener.interrupt();
    listener.join(10_000);
  }

  /** Starts {@code hookline listen} on a thread and returns the URL it printed. */
  private URI listen(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "listen";
    System.arraycopy(args, 0, all, 1, args.length);
    listener =
        Thread.ofPlatform()
            .name("hookline-listen")
            .start(
                () ->
                    exit.set(
                        HooklineCommand.run(
                            new PrintWriter(out, true), new PrintWriter(err, true), all)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> LISTENING.matcher(out.toString()).find() || exit.get() >= 0);
    Matcher m = LISTENING.matcher(out.toString());
    assertThat(m.find()).as(out + "\n" + err).isTrue();
    return URI.create(m.group(1) + "/");
  }

  private int post(URI uri, String body, Map<String, String> headers, Map<String, String> more)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    more.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
