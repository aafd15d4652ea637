package dev.hookline.server.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.event.Event;
import dev.hookline.server.config.SourceConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed as the configurable-agents seed's Python sender signs: hex HMAC-SHA256 of the body. */
class InboundGenericTest {
  private static final String SECRET = "9f1c2e0b7a4d4c3e8b6a5f0e1d2c3b4a";
  private static final String WORKFLOW =
      "{\"workflow_name\": \"slack_notification\", \"inputs\": {\"event_type\": \"deployment\","
          + " \"message\": \"New version deployed to production\"}}";
  private static final String DEPLOY =
      "{\"event\": \"user_action\", \"user_id\": \"12345\", \"action\": \"completed_task\"}";

  @TempDir Path dir;
  private InboundFixture fixture;

  @BeforeEach
  void start() {
    fixture = new InboundFixture(dir, SourceConfig.of("generic", "generic", SECRET));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void signedJsonBecomesGenericEvent() {
    InboundResponse response = post(DEPLOY, sign(DEPLOY));

    Event event = fixture.event();
    assertThat(response.status()).isEqualTo(200);
    assertThat(event.type()).isEqualTo("generic");
    assertThat(event.source()).contains("generic");
    assertThat(event.data()).containsEntry("action", "completed_task");
  }

  @Test
  void workflowTriggerForAnUnknownWorkflowIs404AndCreatesNoEvent() {
    InboundResponse response = post(WORKFLOW, sign(WORKFLOW));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.body())
        .isEqualTo(
            "{\"error\":\"unknown_workflow\",\"message\":\"no workflow named"
                + " 'slack_notification'; workflows: []\"}");
    assertThat(fixture.events()).isEmpty();
  }

  @Test
  void workflowTriggerStartsTheNamedWorkflowWithItsInputs() {
    List<Map<String, Object>> started = new CopyOnWriteArrayList<>();
    WorkflowTrigger workflows =
        new WorkflowTrigger() {
          @Override
          public List<String> names() {
            return List.of("slack_notification");
          }

          @Override
          public Optional<Started> start(
              String name, Map<String, Object> inputs, Optional<String> key) {
            started.add(inputs);
            return name.equals("slack_notification")
                ? Optional.of(new Started("run_1", "running", Optional.empty(), Optional.empty()))
                : Optional.empty();
          }
        };
    fixture.close();
    fixture =
        new InboundFixture(
            dir.resolve("workflows"),
            builder -> builder.workflows(workflows),
            SourceConfig.of("generic", "generic", SECRET));

    InboundResponse response = post(WORKFLOW, sign(WORKFLOW));

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.body()).contains("\"run_id\":\"run_1\"");
    assertThat(started)
        .singleElement()
        .satisfies(inputs -> assertThat(inputs).containsEntry("event_type", "deployment"));
  }

  @Test
  void missingSignatureIsRejectedWith401() {
    InboundResponse response = fixture.post("generic", DEPLOY, "Content-Type", "application/json");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).contains("missing_signature");
  }

  @Test
  void badSignatureIsRejectedWith401() {
    InboundResponse response = post(DEPLOY, "0".repeat(64));

    assertThat(response.status()).isEqualTo(401);
    assertThat(fixture.events()).isEmpty();
  }

  @Test
  void idempotencyKeyDeduplicatesAndTamperedBodyWithSameKeyIs401() {
    post(DEPLOY, sign(DEPLOY), "Idempotency-Key", "deploy-77");
    InboundResponse again = post(DEPLOY, sign(DEPLOY), "Idempotency-Key", "deploy-77");

    InboundResponse tampered =
        post(DEPLOY.replace("12345", "99999"), sign(DEPLOY), "Idempotency-Key", "deploy-77");

    assertThat(again.body()).contains("\"duplicate\":true");
    assertThat(tampered.status()).isEqualTo(401);
    assertThat(fixture.event().id()).isEqualTo("generic:deploy-77");
  }

  @Test
  void withoutIdempotencyKeyEveryRequestIsNewEvent() {
    post(DEPLOY, sign(DEPLOY));

    post(DEPLOY, sign(DEPLOY));

    assertThat(fixture.events()).hasSize(2);
  }

  @Test
  void malformedJsonWithValidSignatureIsRejectedWith400() {
    String broken = "{\"workflow_name\": ";

    InboundResponse response = post(broken, sign(broken));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("malformed_json");
  }

  @Test
  void jsonArrayIsRejectedWith400() {
    InboundResponse response = post("[1,2]", sign("[1,2]"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("invalid_payload");
  }

  @Test
  void configuredHeaderAndPrefixAreUsed() {
    fixture.close();
    fixture =
        new InboundFixture(
            dir.resolve("header"),
            new SourceConfig(
                "ci",
                "generic",
                List.of(SECRET),
                Optional.of("X-Signature"),
                Optional.of("sha256="),
                SourceConfig.DEFAULT_TOLERANCE));

    InboundResponse response = fixture.post("ci", DEPLOY, "X-Signature", "sha256=" + sign(DEPLOY));

    assertThat(response.status()).isEqualTo(200);
    assertThat(fixture.event().type()).isEqualTo("generic");
    assertThat(fixture.event().source()).contains("ci");
  }

  @Test
  void sourceWithoutSecretAcceptsUnsignedRequests() {
    fixture.close();
    fixture =
        new InboundFixture(
            dir.resolve("open"),
            new SourceConfig(
                "open",
                "generic",
                List.of(),
                Optional.empty(),
                Optional.empty(),
                SourceConfig.DEFAULT_TOLERANCE));

    InboundResponse response = fixture.post("open", DEPLOY);

    assertThat(response.status()).isEqualTo(200);
  }

  private InboundResponse post(String body, String signature, String... extra) {
    String[] headers = {"Content-Type", "application/json", "X-Webhook-Signature", signature};
    String[] all = java.util.Arrays.copyOf(headers, headers.length + extra.length);
    System.arraycopy(extra, 0, all, headers.length, extra.length);
    return fixture.post("generic", body, all);
  }

  /** What the seed's sender does: hmac.new(secret.encode(), payload, sha256).hexdigest(). */
  private static String sign(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
