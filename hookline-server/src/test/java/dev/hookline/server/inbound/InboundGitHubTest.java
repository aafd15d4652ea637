package dev.hookline.server.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.event.Event;
import dev.hookline.server.config.SourceConfig;
import dev.hookline.server.inbound.InboundLogEntry.Outcome;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.SignedContent;
import dev.hookline.signature.Signer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboundGitHubTest {
  private static final String SECRET = "It's a Secret to Everybody";
  private static final String DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";
  private static final String PR_OPENED =
      """
      {"action":"opened","number":42,"pull_request":{"number":42,"title":"Fix auth"},\
      "repository":{"full_name":"octo/hookline"},"sender":{"login":"octocat"}}""";

  @TempDir Path dir;
  private InboundFixture fixture;

  @BeforeEach
  void start() {
    fixture = new InboundFixture(dir, SourceConfig.of("github", "github", SECRET));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void signedPullRequestBecomesEventWithActionInTypeAndDeliveryInId() {
    InboundResponse response = post("pull_request", DELIVERY, PR_OPENED, sign(PR_OPENED));

    Event event = fixture.event();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo("{\"id\":\"github:" + DELIVERY + "\",\"duplicate\":false}");
    assertThat(event.id()).isEqualTo("github:" + DELIVERY);
    assertThat(event.type()).isEqualTo("github.pull_request.opened");
    assertThat(event.source()).contains("github");
    assertThat(event.subject()).contains("octo/hookline#42");
    assertThat(event.userId()).contains("octocat");
    assertThat(event.data()).containsEntry("number", 42L).containsKey("pull_request");
    assertThat(event.metadata())
        .containsEntry("provider", "github")
        .containsEntry("delivery_id", DELIVERY);
    assertThat(event.metadata().toString())
        .contains("x-github-event=pull_request")
        .doesNotContainIgnoringCase("x-hub-signature")
        .doesNotContain(SECRET);
  }

  @Test
  void pingWithoutActionBecomesGithubPing() {
    String ping =
        "{\"zen\":\"Design for failure.\",\"hook_id\":1,\"repository\":{\"full_name\":\"o/r\"}}";

    InboundResponse response = post("ping", "d-ping", ping, sign(ping));

    assertThat(response.status()).isEqualTo(200);
    assertThat(fixture.event().type()).isEqualTo("github.ping");
    assertThat(fixture.event().subject()).contains("o/r");
  }

  @Test
  void badSignatureIsRejectedWith401AndCreatesNoEvent() {
    InboundResponse response =
        post("pull_request", DELIVERY, PR_OPENED, "sha256=" + "0".repeat(64));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).contains("\"error\":\"invalid_signature\"");
    assertThat(fixture.events()).isEmpty();
    assertThat(fixture.lastLog().outcome()).isEqualTo(Outcome.REJECTED);
  }

  @Test
  void missingSignatureIsRejectedWith401() {
    InboundResponse response =
        fixture.post(
            "github", PR_OPENED, "X-GitHub-Event", "pull_request", "X-GitHub-Delivery", DELIVERY);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).contains("\"error\":\"missing_signature\"");
    assertThat(fixture.events()).isEmpty();
  }

  @Test
  void redeliveryIsAnsweredOkOnceAndCreatesNoSecondEvent() {
    InboundResponse first = post("pull_request", DELIVERY, PR_OPENED, sign(PR_OPENED));

    InboundResponse second = post("pull_request", DELIVERY, PR_OPENED, sign(PR_OPENED));

    assertThat(first.body()).contains("\"duplicate\":false");
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.body()).contains("\"duplicate\":true");
    assertThat(fixture.events()).hasSize(1);
    assertThat(fixture.inbound.recent(2))
        .extracting(InboundLogEntry::outcome)
        .containsExactly(Outcome.DUPLICATE, Outcome.ACCEPTED);
  }

  @Test
  void tamperedBodyReusingKnownDeliveryIdIsRejectedWith401() {
    post("pull_request", DELIVERY, PR_OPENED, sign(PR_OPENED));
    String tampered = PR_OPENED.replace("Fix auth", "Drop tables");

    InboundResponse response = post("pull_request", DELIVERY, tampered, sign(PR_OPENED));

    assertThat(response.status()).isEqualTo(401);
    assertThat(fixture.event().data().toString()).contains("Fix auth");
  }

  @Test
  void malformedJsonWithValidSignatureIsRejectedWith400() {
    String broken = "{\"action\":\"opened\",";

    InboundResponse response = post("pull_request", DELIVERY, broken, sign(broken));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("\"error\":\"malformed_json\"");
    assertThat(fixture.events()).isEmpty();
  }

  @Test
  void formEncodedPayloadIsRead() {
    String form =
        "payload=" + java.net.URLEncoder.encode(PR_OPENED, java.nio.charset.StandardCharsets.UTF_8);

    InboundResponse response =
        fixture.post(
            "github",
            form,
            "Content-Type",
            "application/x-www-form-urlencoded",
            "X-GitHub-Event",
            "pull_request",
            "X-GitHub-Delivery",
            DELIVERY,
            "X-Hub-Signature-256",
            sign(form));

    assertThat(response.status()).isEqualTo(200);
    assertThat(fixture.event().type()).isEqualTo("github.pull_request.opened");
  }

  @Test
  void secretBeingRotatedOutStillVerifies() {
    fixture.close();
    fixture =
        new InboundFixture(
            dir.resolve("rotation"),
            new SourceConfig(
                "github",
                "github",
                List.of("new-secret", SECRET),
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                SourceConfig.DEFAULT_TOLERANCE));

    InboundResponse response = post("pull_request", DELIVERY, PR_OPENED, sign(PR_OPENED));

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void logNeverHoldsTheSecretOrSignature() {
    String signature = sign(PR_OPENED);
    post("pull_request", DELIVERY, PR_OPENED, signature);
    post("pull_request", DELIVERY, PR_OPENED + " ", signature);

    assertThat(fixture.inbound.recent(10).toString())
        .doesNotContain(SECRET)
        .doesNotContain(signature.substring(7))
        .contains(DELIVERY);
  }

  private InboundResponse post(String event, String delivery, String body, String signature) {
    return fixture.post(
        "github",
        body,
        "Content-Type",
        "application/json",
        "X-GitHub-Event",
        event,
        "X-GitHub-Delivery",
        delivery,
        "X-Hub-Signature-256",
        signature);
  }

  static String sign(String body) {
    Map<String, String> headers =
        Signer.of(SignatureConfig.github(SECRET))
            .sign(SignedContent.of("unused", Instant.ofEpochSecond(InboundFixture.NOW), body));
    return headers.get("X-Hub-Signature-256");
  }
}
