package dev.hookline.server.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.PublishResult;
import dev.hookline.event.Event;
import dev.hookline.server.config.SourceConfig;
import dev.hookline.server.inbound.InboundLogEntry.Outcome;
import dev.hookline.signature.InvalidSecretException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboundWebhooksTest {
  @TempDir Path dir;

  @Test
  void unknownSourceIs404AndCountedWithoutStoringItsName() {
    try (InboundFixture fixture =
        new InboundFixture(dir, SourceConfig.of("github", "github", "s3cret"))) {

      InboundResponse response = fixture.post("gitlab", "{}");

      assertThat(response.status()).isEqualTo(404);
      assertThat(response.body())
          .isEqualTo(
              "{\"error\":\"unknown_source\",\"message\":\"no inbound source named 'gitlab';"
                  + " configured sources: github\"}");
      assertThat(fixture.inbound.recent(10)).isEmpty();
      assertThat(fixture.inbound.unknownSourceRequests()).isEqualTo(1);
    }
  }

  @Test
  void duplicateIsRecognisedByTheStoreAcrossRestarts() {
    String body = "{\"zen\":\"Keep it logically awesome.\"}";
    String[] headers = {
      "X-GitHub-Event", "ping", "X-GitHub-Delivery", "d-1", "X-Hub-Signature-256", null
    };
    try (InboundFixture first =
        new InboundFixture(dir, SourceConfig.of("github", "github", GitHubSecret.VALUE))) {
      headers[5] = GitHubSecret.sign(body);
      first.post("github", body, headers);
    }

    try (InboundFixture restarted =
        new InboundFixture(dir, SourceConfig.of("github", "github", GitHubSecret.VALUE))) {
      InboundResponse response = restarted.post("github", body, headers);

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).contains("\"duplicate\":true");
      assertThat(restarted.events()).hasSize(1);
    }
  }

  @Test
  void storeFailureIs503SoTheSenderRetries() {
    InboundWebhooks inbound =
        InboundWebhooks.builder(
                event -> {
                  throw new IllegalStateException("disk full");
                })
            .source(openSource())
            .build();

    InboundResponse response = inbound.receive("open", request("{}"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body()).contains("\"error\":\"unavailable\"").doesNotContain("disk full");
    assertThat(inbound.recent(1).get(0).outcome()).isEqualTo(Outcome.FAILED);
  }

  @Test
  void eachSourceLogKeepsItsNewestEntriesUpToItsCapacityAndLogsMergeNewestFirst() {
    InboundWebhooks inbound =
        InboundWebhooks.builder(InboundWebhooksTest::newEvent)
            .source(openSource())
            .source(
                new SourceConfig(
                    "other",
                    "generic",
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    SourceConfig.DEFAULT_TOLERANCE))
            .logCapacity(2)
            .build();

    inbound.receive("other", request("{\"n\":0}"));
    inbound.receive("open", request("{\"n\":1}"));
    inbound.receive("open", request("{\"n\":2}"));
    inbound.receive("open", request("{\"n\":3}"));

    assertThat(inbound.recent(10))
        .extracting(InboundLogEntry::source)
        .containsExactly("open", "open", "other");
    assertThat(inbound.recent(1)).extracting(InboundLogEntry::source).containsExactly("open");
  }

  @Test
  void methodOtherThanPostIs405() {
    InboundWebhooks inbound =
        InboundWebhooks.builder(InboundWebhooksTest::newEvent).source(openSource()).build();

    InboundResponse response =
        inbound.receive(
            "open",
            new InboundRequest("GET", URI.create("http://h/webhooks/open"), Map.of(), new byte[0]));

    assertThat(response.status()).isEqualTo(405);
  }

  @Test
  void providerSourceWithoutSecretIsAConfigurationError() {
    SourceConfig github =
        new SourceConfig(
            "github",
            "github",
            List.of(),
            Optional.empty(),
            Optional.empty(),
            SourceConfig.DEFAULT_TOLERANCE);

    assertThatThrownBy(
            () -> InboundWebhooks.builder(InboundWebhooksTest::newEvent).source(github).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a secret");
  }

  @Test
  void unknownTypeAndBadSecretAreConfigurationErrors() {
    assertThatThrownBy(
            () ->
                InboundWebhooks.builder(InboundWebhooksTest::newEvent)
                    .source(SourceConfig.of("gitlab", "gitlab", "s"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("known types: github, stripe");
    assertThatThrownBy(
            () ->
                InboundWebhooks.builder(InboundWebhooksTest::newEvent)
                    .source(SourceConfig.of("partner", "standard", "whsec_!!notbase64"))
                    .build())
        .isInstanceOf(InvalidSecretException.class)
        .hasMessageNotContaining("notbase64");
  }

  @Test
  void requestToStringShowsNoHeaderValues() {
    InboundRequest request =
        InboundRequest.post(
            URI.create("http://h/webhooks/github"),
            Map.of("X-Hub-Signature-256", "sha256=abc123"),
            new byte[3]);

    assertThat(request.toString()).contains("X-Hub-Signature-256").doesNotContain("abc123");
    assertThat(request.header("x-hub-signature-256")).contains("sha256=abc123");
  }

  private static SourceConfig openSource() {
    return new SourceConfig(
        "open",
        "generic",
        List.of(),
        Optional.empty(),
        Optional.empty(),
        SourceConfig.DEFAULT_TOLERANCE);
  }

  private static InboundRequest request(String body) {
    return InboundRequest.post(
        URI.create("http://h/webhooks/open"),
        Map.of("Content-Type", "application/json"),
        body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static PublishResult newEvent(Event event) {
    return new PublishResult(event.id(), true, List.of(), List.of());
  }

  /** The GitHub secret, signed as GitHub documents (checked against its documented example). */
  static final class GitHubSecret {
    static final String VALUE = "It's a Secret to Everybody";

    static String sign(String body) {
      try {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(
            new javax.crypto.spec.SecretKeySpec(
                VALUE.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256="
            + java.util.HexFormat.of()
                .formatHex(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      } catch (java.security.GeneralSecurityException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void githubsDocumentedExampleSignatureVerifies() {
    // docs.github.com "Validating webhook deliveries": this secret and payload give this signature.
    try (InboundFixture fixture =
        new InboundFixture(dir, SourceConfig.of("github", "github", GitHubSecret.VALUE))) {

      InboundResponse response =
          fixture.post(
              "github",
              "Hello, World!",
              "X-GitHub-Event",
              "ping",
              "X-Hub-Signature-256",
              "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");

      // Past verification (not 401); the body is no JSON, so 400.
      assertThat(response.status()).isEqualTo(400);
      assertThat(GitHubSecret.sign("Hello, World!"))
          .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }
  }
}
