package dev.hookline.format;

import static dev.hookline.format.FormatFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import dev.hookline.delivery.DeliveryOutcome;
import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.routing.RetryPolicy;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.template.Template;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Microsoft Teams Workflows / incoming webhooks: Adaptive Cards checked with Microsoft's published
 * Adaptive Card schema, MessageCards with the fields of Microsoft's MessageCard reference.
 */
class TeamsFormatTest {
  static final String WORKFLOW_PATH =
      "/workflows/4f3c/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sig=abc";

  /** Microsoft's schema as published (see src/test/resources/teams/README.md). */
  static final ObjectNode PUBLISHED = Schemas.tree("/teams/adaptive-card.json");

  static final Schema CARD = Schemas.compile(PUBLISHED);

  /** The same definitions with the element union as root: the published tuple checks only one. */
  static final Schema ELEMENT;

  static final Schema MESSAGE_CARD =
      Schemas.compile(Schemas.tree("/teams/message-card.schema.json"));

  static {
    ObjectNode element = PUBLISHED.deepCopy();
    element.remove(List.of("allOf", "properties", "required", "title", "type"));
    element.set("anyOf", PUBLISHED.at("/definitions/CardElements/items/0/anyOf"));
    ELEMENT = Schemas.compile(element);
  }

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

  static Event prediction() {
    return Event.builder("level_4_prediction")
        .severity(Severity.WARNING)
        .userId("user_123")
        .put("prediction", "SQL injection vulnerability in auth.py:45")
        .put("confidence", 0.95)
        .put("url", "https://ci.example.com/runs/42")
        .build();
  }

  Endpoint.Builder teams(Map<String, Object> options) {
    return Endpoint.builder("teams", f.service.url(WORKFLOW_PATH))
        .events("*")
        .format(Format.TEAMS, options);
  }

  /** The Adaptive Card in a message, after checking the envelope Teams reads it from. */
  static JsonNode cardOf(JsonNode message) {
    assertThat(message.path("type").asText()).isEqualTo("message");
    assertThat(message.path("attachments")).hasSize(1);
    JsonNode attachment = message.path("attachments").get(0);
    assertThat(attachment.path("contentType").asText())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(attachment.has("contentUrl")).isTrue();
    assertThat(attachment.path("contentUrl").isNull()).isTrue();
    return attachment.path("content");
  }

  /** Valid for Microsoft's schema, every element of body included. */
  static void assertValidCard(JsonNode card) {
    Schemas.assertValid(CARD, card);
    for (JsonNode element : card.path("body")) {
      Schemas.assertValid(ELEMENT, element);
    }
    // What the card uses beyond the published 1.0 element set, per the 1.5 schema's docs.
    assertThat(card.path("version").asText()).isEqualTo("1.5");
    for (JsonNode element : card.path("body")) {
      if (element.has("style")) {
        assertThat(element.path("style").asText()).isIn("default", "heading");
      }
    }
  }

  static JsonNode rendered(Endpoint endpoint, Event event) throws Exception {
    NativeRequest r = Formats.render(endpoint, List.of(event));
    return FormatFixture.JSON.readTree(r.body());
  }

  @Test
  void workflowGetsAnAdaptiveCardThatMicrosoftsSchemaAccepts() throws Exception {
    f.start(teams(Map.of()).build());

    RecordedRequest r = f.deliver(prediction());

    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo(WORKFLOW_PATH);
    assertThat(r.header("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(r.header("webhook-signature")).isEmpty(); // Teams checks no signature
    JsonNode card = cardOf(json(r));
    assertValidCard(card);
    assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.path("$schema").asText())
        .isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
    JsonNode title = card.at("/body/0");
    assertThat(title.path("text").asText()).isEqualTo("[WARNING] Level 4 prediction");
    assertThat(title.path("color").asText()).isEqualTo("warning");
    assertThat(title.path("style").asText()).isEqualTo("heading");
    assertThat(card.at("/body/1/text").asText())
        .isEqualTo("SQL injection vulnerability in auth.py:45");
    JsonNode facts = card.at("/body/2");
    assertThat(facts.path("type").asText()).isEqualTo("FactSet");
    assertThat(facts.path("facts").findValuesAsText("title")).containsExactly("Confidence", "User");
    assertThat(facts.path("facts").findValuesAsText("value")).containsExactly("0.95", "user_123");
    assertThat(card.at("/body/3/text").asText()).startsWith("level_4_prediction · ");
    assertThat(card.at("/body/3/isSubtle").asBoolean()).isTrue();
    JsonNode open = card.at("/actions/0");
    assertThat(open.path("type").asText()).isEqualTo("Action.OpenUrl");
    assertThat(open.path("url").asText()).isEqualTo("https://ci.example.com/runs/42");
  }

  @Test
  void publishedSchemaRejectsWhatTeamsWouldNot() {
    ObjectNode card = TeamsFormat.adaptiveCard(TeamsFormat.Parts.of(prediction()));
    ((ObjectNode) card.at("/body/0")).put("color", "purple");
    ((ObjectNode) card.at("/body/2")).remove("facts");

    assertThat(Schemas.errors(ELEMENT, card.at("/body/0"))).isNotEmpty();
    assertThat(Schemas.errors(ELEMENT, card.at("/body/2"))).isNotEmpty();
  }

  @Test
  void accentFollowsSeverity() throws Exception {
    Endpoint endpoint = teams(Map.of()).url(java.net.URI.create("https://example.com/w")).build();
    Map<Severity, String> colors = new LinkedHashMap<>();

    for (Severity s : Severity.values()) {
      Event e = Event.builder("disk").severity(s).put("message", "disk full").build();
      colors.put(s, cardOf(rendered(endpoint, e)).at("/body/0/color").asText());
    }

    assertThat(colors)
        .containsExactly(
            Map.entry(Severity.DEBUG, "default"),
            Map.entry(Severity.INFO, "accent"),
            Map.entry(Severity.WARNING, "warning"),
            Map.entry(Severity.ERROR, "attention"),
            Map.entry(Severity.CRITICAL, "attention"));
  }

  @Test
  void linkThatIsNotAnHttpUrlGetsNoButton() throws Exception {
    Endpoint endpoint = teams(Map.of()).url(java.net.URI.create("https://example.com/w")).build();
    Event e = Event.builder("deploy").put("message", "done").put("link", "see the wiki").build();

    JsonNode card = cardOf(rendered(endpoint, e));

    assertThat(card.has("actions")).isFalse();
    assertValidCard(card);
  }

  @Test
  void messageCardOptionSendsALegacyConnectorCard() throws Exception {
    f.start(teams(Map.of("card", "messagecard")).build());

    JsonNode card = json(f.deliver(prediction()));

    Schemas.assertValid(MESSAGE_CARD, card);
    assertThat(card.path("@type").asText()).isEqualTo("MessageCard");
    assertThat(card.path("@context").asText()).isEqualTo("https://schema.org/extensions");
    assertThat(card.path("themeColor").asText()).isEqualTo("F0A30A");
    assertThat(card.path("summary").asText()).isEqualTo("[WARNING] Level 4 prediction");
    assertThat(card.path("title").asText()).isEqualTo("[WARNING] Level 4 prediction");
    assertThat(card.path("text").asText()).isEqualTo("SQL injection vulnerability in auth.py:45");
    assertThat(card.at("/sections/0/facts").findValuesAsText("name"))
        .containsExactly("Confidence", "User");
    JsonNode open = card.at("/potentialAction/0");
    assertThat(open.path("@type").asText()).isEqualTo("OpenUri");
    assertThat(open.at("/targets/0/uri").asText()).isEqualTo("https://ci.example.com/runs/42");
  }

  @Test
  void messageCardThemeColorFollowsSeverity() throws Exception {
    Endpoint endpoint =
        teams(Map.of("card", "MessageCard"))
            .url(java.net.URI.create("https://example.com/w"))
            .build();
    List<String> colors = new ArrayList<>();

    for (Severity s : Severity.values()) {
      Event e = Event.builder("disk").severity(s).build();
      JsonNode card = rendered(endpoint, e);
      Schemas.assertValid(MESSAGE_CARD, card);
      colors.add(card.path("themeColor").asText());
    }

    assertThat(colors).containsExactly("95A5A6", "3498DB", "F0A30A", "E74C3C", "992D22");
  }

  @Test
  void templateObjectGivesTitleTextAndFacts() throws Exception {
    f.start(
        teams(Map.of())
            .template(
                Template.parse(
                    "{\"title\": \"Prediction for {user_id}\","
                        + " \"text\": \"{prediction} ({confidence:.0%})\","
                        + " \"Confidence\": \"{confidence:.0%}\"}"))
            .build());

    JsonNode card = cardOf(json(f.deliver(prediction())));

    assertValidCard(card);
    assertThat(card.at("/body/0/text").asText()).isEqualTo("Prediction for user_123");
    assertThat(card.at("/body/1/text").asText())
        .isEqualTo("SQL injection vulnerability in auth.py:45 (95%)");
    assertThat(card.at("/body/2/facts").findValuesAsText("title")).containsExactly("Confidence");
    assertThat(card.at("/body/2/facts").findValuesAsText("value")).containsExactly("95%");
  }

  @Test
  void adaptiveCardTemplateIsWrappedInTheMessage() throws Exception {
    String template =
        "{\"type\": \"AdaptiveCard\", \"version\": \"1.5\","
            + " \"body\": [{\"type\": \"TextBlock\", \"text\": \"{prediction}\", \"wrap\": true}]}";
    f.start(teams(Map.of()).template(Template.parse(template)).build());

    JsonNode card = cardOf(json(f.deliver(prediction())));

    assertValidCard(card);
    assertThat(card.at("/body/0/text").asText())
        .isEqualTo("SQL injection vulnerability in auth.py:45");
    assertThat(card.path("body")).hasSize(1);
  }

  @Test
  void textTemplateBecomesTheCardText() throws Exception {
    f.start(teams(Map.of()).template(Template.text("Prediction: {prediction}")).build());

    JsonNode card = cardOf(json(f.deliver(prediction())));

    assertValidCard(card);
    assertThat(card.at("/body/1/text").asText())
        .isEqualTo("Prediction: SQL injection vulnerability in auth.py:45");
  }

  @Test
  void oversizedEventIsShrunkUnderTeams28KbNeverRejected() throws Exception {
    Endpoint endpoint = teams(Map.of()).url(java.net.URI.create("https://example.com/w")).build();
    Event.Builder b =
        Event.builder("x")
            .severity(Severity.ERROR)
            .put("title", "Disk full on db-1")
            .put("message", "日本語のログ🚨 ".repeat(20_000));
    for (int i = 0; i < 300; i++) {
      b.put("field_" + i, "v€".repeat(2_000));
    }

    NativeRequest r = Formats.render(endpoint, List.of(b.build()));

    assertThat(r.body().length).isLessThanOrEqualTo(TeamsFormat.MAX_BYTES);
    JsonNode card = cardOf(FormatFixture.JSON.readTree(r.body()));
    assertValidCard(card);
    assertThat(card.at("/body/0/text").asText()).isEqualTo("[ERROR] Disk full on db-1");
    assertThat(card.at("/body/1/text").asText()).startsWith("日本語のログ🚨").endsWith("…");
    assertThat(card.at("/body/1/text").asText().length()).isGreaterThan(1_000); // room is used
    assertThat(card.at("/body/2/facts").size()).isPositive();
  }

  @Test
  void manySmallFactsAreDroppedFromTheEndToFit() throws Exception {
    Endpoint endpoint =
        teams(Map.of("card", "messagecard"))
            .url(java.net.URI.create("https://example.com/w"))
            .build();
    Event.Builder b = Event.builder("inventory").put("message", "stock report");
    for (int i = 0; i < 5_000; i++) {
      b.put("sku_" + i, i);
    }

    NativeRequest r = Formats.render(endpoint, List.of(b.build()));

    assertThat(r.body().length).isLessThanOrEqualTo(TeamsFormat.MAX_BYTES);
    JsonNode card = FormatFixture.JSON.readTree(r.body());
    Schemas.assertValid(MESSAGE_CARD, card);
    JsonNode facts = card.at("/sections/0/facts");
    assertThat(facts.size()).isBetween(100, 4_999);
    assertThat(facts.get(0).path("name").asText()).isEqualTo("Sku 0");
    assertThat(card.path("text").asText()).isEqualTo("stock report");
  }

  @Test
  void smallCardIsSentWhole() throws Exception {
    Endpoint endpoint = teams(Map.of()).url(java.net.URI.create("https://example.com/w")).build();
    Event e = Event.builder("x").put("message", "m".repeat(20_000)).build();

    NativeRequest r = Formats.render(endpoint, List.of(e));

    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("m".repeat(20_000));
  }

  @Test
  void connectorErrorHiddenIn200FailsAndItsRateLimitIsRetried() throws Exception {
    f.service.enqueue(
        MockResponse.ok()
            .withBody(
                "Webhook message delivery failed with error: Microsoft Teams endpoint returned"
                    + " HTTP error 429 with ContextId tcid=0,server=msgapi,cv=x.0.."));
    f.service.enqueue(MockResponse.ok().withBody("1"));
    f.start(teams(Map.of("card", "messagecard")).retryPolicy(fast()).build());

    f.deliver(prediction());
    f.service.takeRequest(FormatFixture.WAIT);

    await().until(() -> f.outcomes.size() == 2);
    DeliveryOutcome first = f.outcomes.get(0);
    assertThat(first.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(first.error())
        .hasValueSatisfying(m -> assertThat(m).contains("Teams answered 200").contains("429"));
    assertThat(f.outcomes.get(1).status()).isEqualTo(DeliveryStatus.SUCCEEDED);
  }

  @Test
  void connectorBadRequestHiddenIn200IsFinal() throws Exception {
    f.service.enqueue(
        MockResponse.ok()
            .withBody(
                "Webhook message delivery failed with error: Microsoft Teams endpoint returned"
                    + " HTTP error 413 with ContextId tcid=0"));
    f.start(teams(Map.of()).retryPolicy(fast()).build());

    f.deliver(prediction());

    DeliveryOutcome o =
        await().until(() -> f.outcomes.stream().findFirst().orElse(null), x -> x != null);
    assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(o.error()).hasValueSatisfying(m -> assertThat(m).contains("HTTP error 413"));
    assertThat(f.service.requestCount()).isEqualTo(1);
  }

  @Test
  void workflowAcceptedIsASuccess() throws Exception {
    f.service.enqueue(MockResponse.status(202));
    f.start(teams(Map.of()).build());

    f.deliver(prediction());

    DeliveryOutcome o =
        await().until(() -> f.outcomes.stream().findFirst().orElse(null), x -> x != null);
    assertThat(o.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
  }

  @Test
  void rateLimited429IsRetriedAfterRetryAfter() throws Exception {
    f.service.enqueue(MockResponse.status(429).withHeader("Retry-After", "1"));
    f.startOnClock(teams(Map.of()).retryPolicy(fast()).build());

    f.deliver(prediction());

    f.retriedAt(f.clock.instant().plusSeconds(1));
  }

  @Test
  void serverErrorIsRetried() throws Exception {
    f.service.enqueue(MockResponse.status(502));
    f.start(teams(Map.of()).retryPolicy(fast()).build());

    f.deliver(prediction());
    RecordedRequest second = f.service.takeRequest(FormatFixture.WAIT);

    assertThat(second.header("X-Hookline-Attempt")).hasValue("2");
  }

  static RetryPolicy fast() {
    return RetryPolicy.builder().schedule(Duration.ofMillis(10)).jitter(0).build();
  }
}
