package dev.hookline.format;

import static dev.hookline.format.FormatFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.util.json.GsonFactory;
import com.slack.api.webhook.Payload;
import dev.hookline.delivery.DeliveryOutcome;
import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.template.Template;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slack incoming webhooks and chat.postMessage, checked with Slack's own Java SDK models. */
class SlackFormatTest {
  @TempDir Path dir;
  FormatFixture f;

  @BeforeEach
  void open() {
    f = new FormatFixture(dir);
  }

  @AfterEach
  void close() {
    f.close();
  }

  Event prediction() {
    return Event.builder("level_4_prediction")
        .severity(Severity.WARNING)
        .userId("user_123")
        .put("prediction", "SQL injection vulnerability in auth.py:45 <script>")
        .put("confidence", 0.95)
        .build();
  }

  @Test
  void incomingWebhookGetsTextFallbackAndBlockKitBlocksSlackCanRead() throws Exception {
    f.start(
        Endpoint.builder("slack", f.service.url("/services/T000/B000/XXXX"))
            .events("*")
            .format(
                Format.SLACK,
                Map.of("channel", "#ai-alerts", "username", "Empathy Bot", "icon_emoji", ":robot:"))
            .build());

    RecordedRequest r = f.deliver(prediction());

    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/services/T000/B000/XXXX");
    assertThat(r.header("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(r.header("webhook-signature")).isEmpty(); // Slack checks no signature
    Payload payload = GsonFactory.createSnakeCase().fromJson(r.bodyAsString(), Payload.class);
    JsonNode body = json(r); // channel, username, icon: legacy webhook overrides, as the seeds use
    assertThat(body.path("channel").asText()).isEqualTo("#ai-alerts");
    assertThat(body.path("username").asText()).isEqualTo("Empathy Bot");
    assertThat(body.path("icon_emoji").asText()).isEqualTo(":robot:");
    assertThat(payload.getText()).startsWith("[WARNING] Level 4 prediction: SQL injection");
    assertThat(payload.getBlocks())
        .extracting(b -> b.getClass().getSimpleName())
        .containsExactly("HeaderBlock", "SectionBlock", "SectionBlock", "ContextBlock");
    LayoutBlock header = payload.getBlocks().get(0);
    assertThat(((HeaderBlock) header).getText().getText())
        .isEqualTo("[WARNING] Level 4 prediction");
    SectionBlock text = (SectionBlock) payload.getBlocks().get(1);
    assertThat(text.getText().getText()).contains("&lt;script&gt;"); // mrkdwn escaped
    SectionBlock fields = (SectionBlock) payload.getBlocks().get(2);
    assertThat(fields.getFields())
        .extracting(t -> t.getText())
        .contains("*Confidence*\n0.95", "*User*\nuser_123");
  }

  @Test
  void templateIsTheBodyAndOptionsFillWhatItLacks() throws Exception {
    f.start(
        Endpoint.builder("slack", f.service.url("/hook"))
            .events("*")
            .format(Format.SLACK, Map.of("channel", "#ai-alerts"))
            .template(Template.parse("{\"text\": \"Prediction: {prediction} ({confidence:.0%})\"}"))
            .build());

    JsonNode body = json(f.deliver(prediction()));

    assertThat(body.path("text").asText())
        .isEqualTo("Prediction: SQL injection vulnerability in auth.py:45 <script> (95%)");
    assertThat(body.path("channel").asText()).isEqualTo("#ai-alerts");
  }

  @Test
  void longValuesAreTruncatedToSlacksLimitsNeverRejected() throws Exception {
    f.start(
        Endpoint.builder("slack", f.service.url("/hook"))
            .events("*")
            .format(Format.SLACK, Map.of())
            .build());
    Event huge =
        Event.builder("x")
            .put("title", "t".repeat(500))
            .put("message", "m".repeat(50_000))
            .data(
                java.util.stream.IntStream.range(0, 30)
                    .boxed()
                    .collect(
                        java.util.stream.Collectors.toMap(i -> "k" + i, i -> "v".repeat(3000))))
            .build();

    JsonNode body = json(f.deliver(huge));

    assertThat(body.path("text").asText().length()).isLessThanOrEqualTo(SlackFormat.MAX_TEXT);
    JsonNode blocks = body.path("blocks");
    assertThat(blocks.get(0).path("text").path("text").asText()).hasSizeLessThanOrEqualTo(150);
    for (JsonNode b : blocks) {
      if (b.has("fields")) {
        assertThat(b.path("fields").size()).isLessThanOrEqualTo(10);
        b.path("fields")
            .forEach(x -> assertThat(x.path("text").asText()).hasSizeLessThanOrEqualTo(2000));
      } else if (b.path("type").asText().equals("section")) {
        assertThat(b.path("text").path("text").asText()).hasSizeLessThanOrEqualTo(3000);
      }
    }
  }

  @Test
  void botTokenPostsToChatPostMessageWithBearerAndOkFalseIsAFailure() throws Exception {
    f.service.enqueue(MockResponse.ok().withBody("{\"ok\":false,\"error\":\"channel_not_found\"}"));
    f.start(
        Endpoint.builder("slack", f.service.url("/api/chat.postMessage"))
            .events("*")
            .format(Format.SLACK, Map.of("bot_token", "xoxb-test-token", "channel", "C123"))
            .build());

    RecordedRequest r = f.deliver(prediction());

    assertThat(r.path()).isEqualTo("/api/chat.postMessage");
    assertThat(r.header("Authorization")).hasValue("Bearer xoxb-test-token");
    assertThat(json(r).path("channel").asText()).isEqualTo("C123");
    DeliveryOutcome o =
        await().until(() -> f.outcomes.stream().findFirst().orElse(null), x -> x != null);
    assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(o.error()).hasValue("Slack answered ok=false: channel_not_found");
  }

  @Test
  void postedMessageTsIsTheResult() throws Exception {
    f.service.enqueue(
        MockResponse.ok()
            .withBody("{\"ok\":true,\"channel\":\"C123\",\"ts\":\"1503435956.000247\"}"));
    f.start(
        Endpoint.builder("slack", f.service.url("/api/chat.postMessage"))
            .events("*")
            .format(Format.SLACK, Map.of("bot_token", "xoxb-t", "channel", "C123"))
            .build());

    f.deliver(prediction());

    DeliveryOutcome o =
        await().until(() -> f.outcomes.stream().findFirst().orElse(null), x -> x != null);
    assertThat(o.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    assertThat(o.result()).hasValue("C123:1503435956.000247");
  }

  @Test
  void rateLimited429IsRetriedAfterRetryAfter() throws Exception {
    f.service.enqueue(MockResponse.status(429).withHeader("Retry-After", "1"));
    f.startOnClock(
        Endpoint.builder("slack", f.service.url("/hook"))
            .events("*")
            .format(Format.SLACK, Map.of())
            .retryPolicy(
                dev.hookline.routing.RetryPolicy.builder()
                    .schedule(java.time.Duration.ofMillis(10))
                    .build())
            .build());

    RecordedRequest first = f.deliver(prediction());

    assertThat(first.header("X-Hookline-Attempt")).hasValue("1");
    f.retriedAt(f.clock.instant().plusSeconds(1));
  }

  @Test
  void botTokenWithoutChannelIsRefusedAtRegistration() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                Endpoint.builder("slack")
                    .format(Format.SLACK, Map.of("bot_token", "xoxb-t"))
                    .events("*")
                    .build())
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("slack.channel");
  }
}
