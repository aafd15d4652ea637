package dev.hookline.server.inbound;

import static dev.hookline.server.inbound.InboundFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature;
import dev.hookline.event.Event;
import dev.hookline.server.config.SourceConfig;
import dev.hookline.server.inbound.InboundLogEntry.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests signed with Slack's own library, slack-app-backend. */
class InboundSlackTest {
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final String APP_MENTION =
      """
      {"token":"x","team_id":"T0001","api_app_id":"A0001","type":"event_callback",\
      "event_id":"Ev08MFMKH6","event_time":1700000000,\
      "event":{"type":"app_mention","user":"U0001","text":"<@U0LAN0Z89> is it everything?",\
      "channel":"C0001","ts":"1700000000.000100"}}""";
  private static final String SLASH_COMMAND =
      "token=x&team_id=T0001&channel_id=C2147483705&user_id=U2147483697&command=%2Fempathy"
          + "&text=review+PR+42&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1234"
          + "&trigger_id=13345224609.738474920.8088930838d88f008e0";

  private final SlackSignature.Generator slack = new SlackSignature.Generator(SECRET);

  @TempDir Path dir;
  private InboundFixture fixture;

  @BeforeEach
  void start() {
    fixture = new InboundFixture(dir, SourceConfig.of("slack", "slack", SECRET));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void urlVerificationIsAnsweredWithTheChallengeAndCreatesNoEvent() {
    String body =
        "{\"token\":\"x\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\","
            + "\"type\":\"url_verification\"}";

    InboundResponse response = postJson(body, NOW);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/json");
    assertThat(response.body())
        .isEqualTo("{\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\"}");
    assertThat(fixture.events()).isEmpty();
    assertThat(fixture.lastLog().outcome()).isEqualTo(Outcome.ANSWERED);
  }

  @Test
  void eventCallbackBecomesSlackEventTypeWithEventIdAsId() {
    InboundResponse response = postJson(APP_MENTION, NOW);

    Event event = fixture.event();
    assertThat(response.status()).isEqualTo(200);
    assertThat(event.id()).isEqualTo("slack:Ev08MFMKH6");
    assertThat(event.type()).isEqualTo("slack.app_mention");
    assertThat(event.userId()).contains("U0001");
    assertThat(event.subject()).contains("C0001");
    assertThat(event.metadata()).containsEntry("team_id", "T0001");
    assertThat(event.data()).doesNotContainKey("token").containsKey("event");
  }

  @Test
  void slashCommandBecomesSlackCommandWithFormFieldsAndAnEmptyAnswer() {
    InboundResponse response = postForm(SLASH_COMMAND, NOW);

    Event event = fixture.event();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(event.type()).isEqualTo("slack.command");
    assertThat(event.data())
        .containsEntry("command", "/empathy")
        .containsEntry("text", "review PR 42")
        .containsEntry("trigger_id", "13345224609.738474920.8088930838d88f008e0")
        .doesNotContainKey("token");
    assertThat(event.id()).startsWith("slack:h-");
    assertThat(event.metadata())
        .containsEntry("delivery_id", "13345224609.738474920.8088930838d88f008e0");
  }

  @Test
  void repeatedSlashCommandWithSameTriggerIdIsStoredOnce() {
    postForm(SLASH_COMMAND, NOW);

    InboundResponse again = postForm(SLASH_COMMAND, NOW + 1);

    assertThat(again.status()).isEqualTo(200);
    assertThat(fixture.events()).hasSize(1);
    assertThat(fixture.lastLog().outcome()).isEqualTo(Outcome.DUPLICATE);
  }

  @Test
  void interactivityPayloadBecomesSlackInteractionType() {
    String payload =
        "{\"type\":\"block_actions\",\"trigger_id\":\"12466734323.1395872398\","
            + "\"user\":{\"id\":\"U0001\"},\"team\":{\"id\":\"T0001\"},\"actions\":[]}";
    String form =
        "payload=" + java.net.URLEncoder.encode(payload, java.nio.charset.StandardCharsets.UTF_8);

    InboundResponse response = postForm(form, NOW);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(fixture.event().type()).isEqualTo("slack.interaction.block_actions");
    assertThat(fixture.event().userId()).contains("U0001");
  }

  @Test
  void retriedEventCallbackIsAnsweredOkAndStoredOnce() {
    postJson(APP_MENTION, NOW);

    InboundResponse retry = postJson(APP_MENTION, NOW + 60, "X-Slack-Retry-Num", "1");

    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.body()).contains("\"duplicate\":true");
    assertThat(fixture.events()).hasSize(1);
  }

  @Test
  void badSignatureIsRejectedWith401() {
    InboundResponse response =
        fixture.post(
            "slack",
            APP_MENTION,
            "Content-Type",
            "application/json",
            "X-Slack-Request-Timestamp",
            Long.toString(NOW),
            "X-Slack-Signature",
            new SlackSignature.Generator("another-secret")
                .generate(Long.toString(NOW), APP_MENTION));

    assertThat(response.status()).isEqualTo(401);
    assertThat(fixture.events()).isEmpty();
  }

  @Test
  void staleTimestampIsRejectedWith401() {
    InboundResponse response = postJson(APP_MENTION, NOW - 6 * 60);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).contains("stale_timestamp");
    assertThat(fixture.events()).isEmpty();
  }

  @Test
  void tamperedBodyReusingKnownEventIdIsRejectedWith401() {
    postJson(APP_MENTION, NOW);
    String tampered = APP_MENTION.replace("is it everything?", "delete everything");
    String signature = slack.generate(Long.toString(NOW), APP_MENTION);

    InboundResponse response =
        fixture.post(
            "slack",
            tampered,
            "Content-Type",
            "application/json",
            "X-Slack-Request-Timestamp",
            Long.toString(NOW),
            "X-Slack-Signature",
            signature);

    assertThat(response.status()).isEqualTo(401);
    assertThat(fixture.events()).hasSize(1);
  }

  @Test
  void malformedJsonWithValidSignatureIsRejectedWith400() {
    InboundResponse response = postJson("{\"type\":\"event_callback\"", NOW);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("malformed_json");
  }

  private InboundResponse postJson(String body, long timestamp, String... extra) {
    return post(body, timestamp, "application/json", extra);
  }

  private InboundResponse postForm(String body, long timestamp) {
    return post(body, timestamp, "application/x-www-form-urlencoded");
  }

  private InboundResponse post(String body, long timestamp, String contentType, String... extra) {
    String[] headers = {
      "Content-Type",
      contentType,
      "X-Slack-Request-Timestamp",
      Long.toString(timestamp),
      "X-Slack-Signature",
      slack.generate(Long.toString(timestamp), body)
    };
    String[] all = java.util.Arrays.copyOf(headers, headers.length + extra.length);
    System.arraycopy(extra, 0, all, headers.length, extra.length);
    return fixture.post("slack", body, all);
  }
}
