package dev.hookline.format;

import static dev.hookline.format.FormatFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import dev.hookline.Hookline;
import dev.hookline.delivery.DeliveryOutcome;
import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.routing.RetryPolicy;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.store.Store;
import dev.hookline.template.Template;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discord channel webhooks: bodies checked against the Execute Webhook parameters and Embed limits
 * of Discord's documentation, and Discord's rate-limit answers honoured.
 */
class DiscordFormatTest {
  static final String WEBHOOK_PATH = "/api/webhooks/112233445566778899/aBcD-token_XyZ";

  static final Schema EXECUTE_WEBHOOK =
      Schemas.compile(Schemas.tree("/discord/execute-webhook.schema.json"));

  @TempDir Path dir;
  FormatFixture f;
  Hookline onFixedClock;
  final List<DeliveryOutcome> fixedOutcomes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    f = new FormatFixture(dir);
  }

  @AfterEach
  void close() {
    if (onFixedClock != null) {
      onFixedClock.close();
    }
    f.close();
  }

  static Event prediction() {
    return Event.builder("level_4_prediction")
        .severity(Severity.WARNING)
        .userId("user_123")
        .put("prediction", "SQL injection in auth.py:45 — @everyone look")
        .put("confidence", 0.95)
        .put("notes", "n".repeat(100))
        .put("url", "https://ci.example.com/runs/42")
        .build();
  }

  Endpoint.Builder discord(Map<String, Object> options) {
    return Endpoint.builder("discord", f.service.url(WEBHOOK_PATH))
        .events("*")
        .format(Format.DISCORD, options);
  }

  static Endpoint offline(Map<String, Object> options, Template template) {
    Endpoint.Builder b =
        Endpoint.builder("discord", URI.create("https://discord.com" + WEBHOOK_PATH))
            .events("*")
            .format(Format.DISCORD, options);
    if (template != null) {
      b.template(template);
    }
    return b.build();
  }

  static JsonNode rendered(Endpoint endpoint, Event event) throws Exception {
    return FormatFixture.JSON.readTree(Formats.render(endpoint, List.of(event)).body());
  }

  /** Valid per Discord's documented parameters and limits, the 6,000-character total included. */
  static void assertWithinDiscordsLimits(JsonNode body) {
    Schemas.assertValid(EXECUTE_WEBHOOK, body);
    int total = 0;
    for (JsonNode embed : body.path("embeds")) {
      total += embed.path("title").asText().length() + embed.path("description").asText().length();
      total +=
          embed.at("/footer/text").asText().length() + embed.at("/author/name").asText().length();
      for (JsonNode field : embed.path("fields")) {
        total += field.path("name").asText().length() + field.path("value").asText().length();
      }
    }
    assertThat(total).as("characters in all embeds").isLessThanOrEqualTo(6_000);
  }

  @Test
  void webhookGetsContentAndAnEmbedInDiscordsShape() throws Exception {
    f.service.enqueue(MockResponse.status(204));
    f.start(
        discord(Map.of("username", "Empathy Bot", "avatar_url", "https://example.com/bot.png"))
            .build());
    Event event = prediction();

    RecordedRequest r = f.deliver(event);

    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo(WEBHOOK_PATH);
    assertThat(r.header("Content-Type")).hasValue("application/json");
    assertThat(r.header("webhook-signature")).isEmpty(); // Discord checks no signature
    JsonNode body = json(r);
    assertWithinDiscordsLimits(body);
    assertThat(body.path("content").asText()).isEqualTo("[WARNING] Level 4 prediction");
    assertThat(body.path("username").asText()).isEqualTo("Empathy Bot");
    assertThat(body.path("avatar_url").asText()).isEqualTo("https://example.com/bot.png");
    assertThat(body.at("/allowed_mentions/parse").isArray()).isTrue();
    assertThat(body.at("/allowed_mentions/parse"))
        .isEmpty(); // "@everyone" in the text pings no one
    JsonNode embed = body.at("/embeds/0");
    assertThat(embed.path("title").asText()).isEqualTo("Level 4 prediction");
    assertThat(embed.path("description").asText()).contains("@everyone look");
    assertThat(embed.path("url").asText()).isEqualTo("https://ci.example.com/runs/42");
    assertThat(embed.path("color").isInt()).isTrue();
    assertThat(embed.path("color").asInt()).isEqualTo(0xF0A30A);
    assertThat(Instant.parse(embed.path("timestamp").asText())).isEqualTo(event.timestamp());
    assertThat(embed.path("fields").findValuesAsText("name"))
        .containsExactly("Confidence", "Notes", "User");
    assertThat(embed.at("/fields/0/value").asText()).isEqualTo("0.95");
    assertThat(embed.at("/fields/0/inline").asBoolean()).isTrue();
    assertThat(embed.at("/fields/1/inline").asBoolean()).isFalse(); // too long to sit beside others
    assertThat(embed.at("/footer/text").asText()).isEqualTo("level_4_prediction · " + event.id());
    DeliveryOutcome o =
        await().until(() -> f.outcomes.stream().findFirst().orElse(null), x -> x != null);
    assertThat(o.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    assertThat(o.result()).isEmpty();
  }

  @Test
  void colorFollowsSeverity() throws Exception {
    Endpoint endpoint = offline(Map.of(), null);
    List<Integer> colors = new ArrayList<>();

    for (Severity s : Severity.values()) {
      colors.add(
          rendered(endpoint, Event.builder("disk").severity(s).build())
              .at("/embeds/0/color")
              .asInt());
    }

    assertThat(colors).containsExactly(0x95A5A6, 0x3498DB, 0xF0A30A, 0xE74C3C, 0x992D22);
  }

  @Test
  void emptyFieldValueAndBadLinkAreMadeAcceptable() throws Exception {
    Event e =
        Event.builder("deploy")
            .put("message", "done")
            .put("comment", "")
            .put("link", "wiki")
            .build();

    JsonNode body = rendered(offline(Map.of(), null), e);

    assertWithinDiscordsLimits(body);
    assertThat(body.at("/embeds/0/fields/0/value").asText()).isEqualTo("—");
    assertThat(body.at("/embeds/0").has("url")).isFalse();
  }

  @Test
  void oversizedEventIsTruncatedToDiscordsLimitsNeverRejected() throws Exception {
    Event.Builder b =
        Event.builder("x")
            .severity(Severity.CRITICAL)
            .put("title", "t".repeat(500))
            .put("message", "m".repeat(10_000));
    for (int i = 0; i < 40; i++) {
      b.put("field_" + "k".repeat(300) + i, "v".repeat(3_000));
    }

    JsonNode body = rendered(offline(Map.of(), null), b.build());

    assertWithinDiscordsLimits(body);
    JsonNode embed = body.at("/embeds/0");
    assertThat(embed.path("title").asText()).hasSize(256).endsWith("…");
    assertThat(embed.path("fields")).hasSize(25);
    assertThat(embed.path("description").asText().length())
        .isGreaterThan(1_000); // fields cut first
    assertThat(body.path("content").asText()).hasSizeLessThanOrEqualTo(2_000);
  }

  @Test
  void templateIsTheBodyCutToDiscordsLimits() throws Exception {
    StringBuilder embeds = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      embeds
          .append(i == 0 ? "" : ",")
          .append("{\"title\": \"Embed ")
          .append(i)
          .append("\", \"description\": \"")
          .append("d".repeat(4_500))
          .append("\", \"fields\": [{\"name\": \"Confidence\", \"value\": \"{confidence}\"}]}");
    }
    Template template =
        Template.parse(
            "{\"content\": \"" + "c".repeat(2_500) + "\", \"embeds\": [" + embeds + "]}");

    JsonNode body = rendered(offline(Map.of("username", "Bot"), template), prediction());

    assertWithinDiscordsLimits(body);
    assertThat(body.path("embeds")).hasSize(10);
    assertThat(body.path("content").asText()).hasSize(2_000);
    assertThat(body.at("/embeds/0/fields/0/value").asText())
        .isEqualTo("0.95"); // a number made text
    assertThat(body.path("username").asText()).isEqualTo("Bot");
  }

  @Test
  void textTemplateAndSlackStyleTextBecomeContent() throws Exception {
    JsonNode plain =
        rendered(offline(Map.of(), Template.text("Prediction: {prediction}")), prediction());
    JsonNode slackStyle =
        rendered(
            offline(Map.of(), Template.parse("{\"text\": \"Prediction: {confidence:.0%}\"}")),
            prediction());

    assertThat(plain.path("content").asText()).startsWith("Prediction: SQL injection");
    assertThat(slackStyle.path("content").asText()).isEqualTo("Prediction: 95%");
    assertThat(slackStyle.has("text")).isFalse();
    assertWithinDiscordsLimits(plain);
    assertWithinDiscordsLimits(slackStyle);
  }

  @Test
  void waitTrueAnswerGivesTheMessageIdAsResult() throws Exception {
    f.service.enqueue(
        MockResponse.ok()
            .withHeader("Content-Type", "application/json")
            .withBody("{\"id\": \"1198765432101234567\", \"channel_id\": \"42\", \"type\": 0}"));
    f.start(
        Endpoint.builder("discord", f.service.url(WEBHOOK_PATH + "?wait=true"))
            .events("*")
            .format(Format.DISCORD, Map.of())
            .build());

    RecordedRequest r = f.deliver(prediction());

    assertThat(r.path()).isEqualTo(WEBHOOK_PATH + "?wait=true");
    DeliveryOutcome o =
        await().until(() -> f.outcomes.stream().findFirst().orElse(null), x -> x != null);
    assertThat(o.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    assertThat(o.result()).hasValue("1198765432101234567");
  }

  @Test
  void rateLimitedIsRetriedAfterTheBodysFractionalRetryAfter() throws Exception {
    f.service.enqueue(
        MockResponse.status(429)
            .withHeader("Content-Type", "application/json")
            .withBody(
                "{\"message\": \"You are being rate limited.\", \"retry_after\": 1.2, \"global\": false}"));
    f.service.enqueue(MockResponse.status(204));
    f.startOnClock(discord(Map.of()).retryPolicy(fast()).build());

    f.deliver(prediction());

    f.retriedAt(f.clock.instant().plusMillis(1_200));
    await().until(() -> f.outcomes.size() == 2);
    assertThat(f.outcomes.get(1).status()).isEqualTo(DeliveryStatus.SUCCEEDED);
  }

  @Test
  void bodyRetryAfterIsHonouredWithoutARetryAfterHeader() throws Exception {
    DeliveryOutcome o =
        rateLimitedOnAFixedClock(
            MockResponse.status(429)
                .withBody(
                    "{\"message\": \"You are being rate limited.\", \"retry_after\": 64.57, \"global\": false}"));

    assertThat(o.nextAttemptAt()).hasValue(now().plusMillis(64_570));
  }

  @Test
  void rateLimitResetAfterHeaderIsHonoured() throws Exception {
    DeliveryOutcome o =
        rateLimitedOnAFixedClock(
            MockResponse.status(429)
                .withHeader("X-RateLimit-Reset-After", "12.5")
                .withHeader("X-RateLimit-Remaining", "0"));

    assertThat(o.nextAttemptAt()).hasValue(now().plusMillis(12_500));
  }

  @Test
  void longestOfRetryAfterHeaderAndBodyWins() throws Exception {
    DeliveryOutcome o =
        rateLimitedOnAFixedClock(
            MockResponse.status(429)
                .withHeader("Retry-After", "65")
                .withHeader("X-RateLimit-Reset-After", "64.57")
                .withBody("{\"retry_after\": 64.57, \"global\": true}"));

    assertThat(o.nextAttemptAt()).hasValue(now().plusSeconds(65));
  }

  @Test
  void serverErrorIsRetriedAndBadRequestIsFinal() throws Exception {
    f.service.enqueue(MockResponse.status(502));
    f.service.enqueue(
        MockResponse.status(400).withBody("{\"message\": \"Invalid Form Body\", \"code\": 50035}"));
    f.start(discord(Map.of()).retryPolicy(fast()).build());

    f.deliver(prediction());
    f.service.takeRequest(FormatFixture.WAIT);

    await().until(() -> f.outcomes.size() == 2);
    assertThat(f.outcomes.get(0).status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(f.outcomes.get(1).status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(f.outcomes.get(1).error()).hasValue("HTTP 400");
  }

  @Test
  void webhookNamesDiscordRefusesAreRefusedAtRegistration() {
    Formats.validate(offline(Map.of("username", "Empathy Bot"), null));

    for (String name : List.of("Clyde", "My Discord Bot", "x".repeat(81))) {
      assertThatThrownBy(() -> Formats.validate(offline(Map.of("username", name), null)))
          .isInstanceOf(InvalidEndpointException.class)
          .hasMessageContaining("discord.username");
    }
    assertThatThrownBy(() -> Formats.validate(offline(Map.of("avatar_url", "bot.png"), null)))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("discord.avatar_url");
  }

  @Test
  void anEmptyBucketHoldsTheNextMessageInTheStoreUntilItResets() throws Exception {
    f.service.enqueue(
        MockResponse.status(204)
            .withHeader("X-RateLimit-Limit", "5")
            .withHeader("X-RateLimit-Remaining", "0")
            .withHeader("X-RateLimit-Reset-After", "30.5"));
    dev.hookline.MutableClock clock = new dev.hookline.MutableClock(START);
    onFixedClock =
        Hookline.builder()
            .store(Store.sqlite(dir.resolve("fixed.db")))
            .clock(clock)
            .allowPrivateNetworks(true)
            .pollInterval(Duration.ofMillis(20))
            .endpoint(discord(Map.of()).build())
            .build();
    String first = onFixedClock.publish(prediction()).deliveries().get(0).id();
    f.service.takeRequest(FormatFixture.WAIT);
    await().until(() -> status(first) == DeliveryStatus.SUCCEEDED);

    String second = onFixedClock.publish(prediction()).deliveries().get(0).id();

    // Not sent to be refused: back in the store, due when the bucket resets, no attempt made.
    await()
        .until(
            () ->
                onFixedClock
                    .delivery(second)
                    .filter(d -> d.status() == DeliveryStatus.PENDING)
                    .filter(d -> d.nextAttemptAt().equals(START.plusMillis(30_500)))
                    .isPresent());
    assertThat(onFixedClock.attempts(second)).isEmpty();
    assertThat(f.service.requestCount()).isEqualTo(1);

    clock.advance(Duration.ofMillis(30_500));

    RecordedRequest sent = f.service.takeRequest(FormatFixture.WAIT);
    assertThat(sent.header("X-Hookline-Attempt")).hasValue("1");
    await().until(() -> status(second) == DeliveryStatus.SUCCEEDED);
  }

  DeliveryStatus status(String deliveryId) {
    return onFixedClock.delivery(deliveryId).map(d -> d.status()).orElse(null);
  }

  static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  static Instant now() {
    return START;
  }

  /** Delivers once to a 429 on a clock that stands still, and returns that attempt's outcome. */
  DeliveryOutcome rateLimitedOnAFixedClock(MockResponse answer) throws Exception {
    f.service.enqueue(answer);
    onFixedClock =
        Hookline.builder()
            .store(Store.sqlite(dir.resolve("fixed.db")))
            .clock(Clock.fixed(START, ZoneOffset.UTC))
            .allowPrivateNetworks(true)
            .pollInterval(Duration.ofMillis(20))
            .onAttemptFailed(fixedOutcomes::add)
            .endpoint(discord(Map.of()).retryPolicy(fast()).build())
            .build();

    onFixedClock.publish(prediction());
    f.service.takeRequest(FormatFixture.WAIT);

    DeliveryOutcome o =
        await().until(() -> fixedOutcomes.stream().findFirst().orElse(null), x -> x != null);
    assertThat(o.status()).isEqualTo(DeliveryStatus.FAILED);
    return o;
  }

  static RetryPolicy fast() {
    return RetryPolicy.builder().schedule(Duration.ofMillis(10)).jitter(0).build();
  }
}
