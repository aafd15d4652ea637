package dev.hookline.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private static final Instant NOON = Instant.parse("2026-11-23T12:00:00Z");

  private static Event.Builder prediction() {
    return Event.builder("prediction")
        .id("evt_01JTEST")
        .timestamp(NOON)
        .userId("user_123")
        .put("prediction", "Schema change may break the mobile app")
        .put("confidence", 0.87)
        .put("count", 42)
        .put("ok", true)
        .put("labels", List.of("api", "mobile"))
        .put("error", error());
  }

  private static Map<String, Object> error() {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", 500L);
    error.put("message", "boom");
    return error;
  }

  @Test
  void wholeStringPlaceholderKeepsTheValuesJsonType() {
    Template template =
        Template.parse(
            """
            {"confidence": "{confidence}", "count": "{count}", "ok": "{ok}",
             "labels": "{labels}", "error": "{error}"}""");

    Object rendered = template.render(prediction().build());

    assertThat(rendered)
        .isEqualTo(
            Map.of(
                "confidence",
                0.87,
                "count",
                42L,
                "ok",
                true,
                "labels",
                List.of("api", "mobile"),
                "error",
                Map.of("code", 500L, "message", "boom")));
    assertThat(template.renderString(prediction().build()))
        .isEqualTo(
            "{\"confidence\":0.87,\"count\":42,\"ok\":true,\"labels\":[\"api\",\"mobile\"],"
                + "\"error\":{\"code\":500,\"message\":\"boom\"}}");
  }

  @Test
  void placeholderWithFormatSpecBecomesAString() {
    Template template = Template.of(Map.of("confidence", "{confidence:.2f}"));

    Object rendered = template.render(prediction().build());

    assertThat(rendered).isEqualTo(Map.of("confidence", "0.87"));
  }

  @Test
  void emptyFormatSpecGivesTheStringForm() {
    Template template = Template.of(Map.of("confidence", "{confidence:}", "count", "{count:}"));

    Object rendered = template.render(prediction().build());

    assertThat(rendered).isEqualTo(Map.of("confidence", "0.87", "count", "42"));
  }

  @Test
  void valuesInTextReadAsPythonStrWouldShowThem() {
    Event event = prediction().put("whole", 2.0).put("tiny", 0.00001).put("big", 1e16).build();
    Template template =
        Template.text(
            "{count} {confidence} {whole} {tiny} {big} {ok} {labels} {error} {prediction}");

    String rendered = template.renderString(event);

    assertThat(rendered)
        .isEqualTo(
            "42 0.87 2.0 1e-05 1e+16 true [\"api\",\"mobile\"] {\"code\":500,\"message\":\"boom\"}"
                + " Schema change may break the mobile app");
  }

  @Test
  void doubledBracesAreLiteralBraces() {
    Template text = Template.text("{{literal}} {count} }}{{");
    Template tree = Template.of(Map.of("a", "{{x}}", "b", "{{{count}}}"));

    String renderedText = text.renderString(prediction().build());
    Object renderedTree = tree.render(prediction().build());

    assertThat(renderedText).isEqualTo("{literal} 42 }{");
    assertThat(renderedTree).isEqualTo(Map.of("a", "{x}", "b", "{42}"));
  }

  @Test
  void objectKeysStayLiteral() {
    Template template = Template.of(Map.of("{count}", "{count}", "{{x}}", "y"));

    Object rendered = template.render(prediction().build());

    assertThat(rendered).isEqualTo(Map.of("{count}", 42L, "{{x}}", "y"));
  }

  @Test
  void pathsReachIntoNestedObjectsAndLists() {
    Event event =
        prediction()
            .put("items", List.of(Map.of("name", "first"), Map.of("name", "second")))
            .metadata(Map.of("region", "eu-west-1"))
            .tags(List.of("security", "api"))
            .build();
    Template template =
        Template.text(
            "{error.message} {data.error.code} {data.items.1.name} {items.0.name}"
                + " {metadata.region} {tags.0} {data.prediction}");

    String rendered = template.renderString(event);

    assertThat(rendered)
        .isEqualTo(
            "boom 500 second first eu-west-1 security Schema change may break the mobile app");
  }

  @Test
  void eventFieldsWinOverDataAndFallBackToData() {
    Event withUser = prediction().put("timestamp", "from-data").put("user_id", "data-user").build();
    Event withoutUser =
        Event.builder("prediction")
            .id("evt_01JTEST")
            .timestamp(NOON)
            .put("user_id", "data-user")
            .build();
    Template template = Template.text("{timestamp} {user_id} {type} {id}");

    String first = template.renderString(withUser);
    String second = template.renderString(withoutUser);

    assertThat(first).isEqualTo("2026-11-23T12:00:00Z user_123 prediction evt_01JTEST");
    assertThat(second).isEqualTo("2026-11-23T12:00:00Z data-user prediction evt_01JTEST");
  }

  @Test
  void missingPathFailsNamingPlaceholderPlaceAndEvent() {
    Template template =
        Template.parse(
            """
            {"blocks": [{"type": "section", "text": {"type": "mrkdwn",
              "text": "*Confidence:* {confidence:.0%}"}}]}""");
    Event event =
        Event.builder("prediction")
            .id("evt_01JTEST")
            .put("prediction", "p")
            .put("user", "u")
            .build();

    assertThatThrownBy(() -> template.render(event))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "template placeholder {confidence:.0%} at blocks.0.text.text: no value at path"
                + " 'confidence' in event prediction (evt_01JTEST); its data has prediction, user; give a default with {confidence|...} or set template_missing: empty");
  }

  @Test
  void missingPathFailsRenderJsonAndRenderStringToo() {
    Template template = Template.of(Map.of("c", "{confidence}"));
    Event event = Event.builder("prediction").id("evt_01JTEST").build();

    assertThatThrownBy(() -> template.renderJson(event))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "template placeholder {confidence} at c: no value at path 'confidence' in event"
                + " prediction (evt_01JTEST); its data is empty; give a default with {confidence|...} or set template_missing: empty");
    assertThatThrownBy(() -> template.renderString(event))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("no value at path 'confidence'");
  }

  @Test
  void jsonNullCountsAsMissing() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("assignee", null);
    Event event = Event.builder("ticket").id("evt_null").data(data).build();
    Template template = Template.text("Assigned to {assignee}");

    assertThatThrownBy(() -> template.render(event))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "template placeholder {assignee}: no value at path 'assignee' in event ticket"
                + " (evt_null); its data has assignee; give a default with {assignee|...} or set template_missing: empty");
  }

  @Test
  void unclosedBraceFailsAtCreationNamingLocationAndCharacter() {
    Map<String, Object> tree =
        Map.of("blocks", List.of(Map.of("text", Map.of("text", "*Prediction:* {prediction"))));

    assertThatThrownBy(() -> Template.of(tree))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "template string at blocks.0.text.text: unclosed '{' at character 15 of"
                + " \"*Prediction:* {prediction\"; close the placeholder with '}' or write '{{'"
                + " for a literal brace");
  }

  @Test
  void singleClosingBraceFailsAtCreation() {
    assertThatThrownBy(() -> Template.text("50} off"))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "template text: single '}' at character 3 of \"50} off\"; write '}}' for a literal"
                + " brace");
  }

  @Test
  void emptyPlaceholderFailsAtCreation() {
    assertThatThrownBy(() -> Template.of(Map.of("text", "a {} b")))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith("template string at text: empty placeholder {} at character 3 of");
  }

  @Test
  void badFormatSpecFailsAtCreationNamingTheSpec() {
    assertThatThrownBy(() -> Template.of(Map.of("text", "{confidence:.x}")))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "template string at text: invalid format spec '.x' in {confidence:.x} at character 1"
                + " of \"{confidence:.x}\"; missing precision after '.' (write '.2' for two"
                + " digits)");
  }

  @Test
  void braceInsidePlaceholderFailsAtCreation() {
    assertThatThrownBy(() -> Template.text("{n:{width}}"))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith("template text: '{' inside a placeholder at character 4");
  }

  @Test
  void jsonTextInsideAStringFailsWithTheEscapeHint() {
    assertThatThrownBy(() -> Template.text("payload: {\"a\": 1}"))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "template text: invalid character '\"' in placeholder {\"a\": 1} at character 10 of"
                + " \"payload: {\\\"a\\\": 1}\"; a path is dot-separated names, such as"
                + " {error.message}; write '{{' for a literal brace");
  }

  @Test
  void bracketIndexAndConversionAreRefusedWithAHint() {
    assertThatThrownBy(() -> Template.text("{items[0]}"))
        .isInstanceOf(TemplateException.class)
        .hasMessageEndingWith("use dots for list indices, as in {items.0.name}");
    assertThatThrownBy(() -> Template.text("{name!r}"))
        .isInstanceOf(TemplateException.class)
        .hasMessageEndingWith(
            "conversions such as !r are not supported; use a format spec after ':'");
    assertThatThrownBy(() -> Template.text("{error..message}"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("empty path segment in placeholder {error..message}");
  }

  @Test
  void errorPositionCountsCharactersNotCodeUnits() {
    assertThatThrownBy(() -> Template.text("🔮 {prediction"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("unclosed '{' at character 3 of");
  }

  @Test
  void textTemplateAlwaysRendersAString() {
    Template template = Template.text("{confidence}");

    Object rendered = template.render(prediction().build());

    assertThat(rendered).isEqualTo("0.87");
  }

  @Test
  void textTemplateRendersAsAJsonStringInRenderJson() {
    Template template = Template.text("Prediction: \"{prediction}\"");

    byte[] json = template.renderJson(prediction().build());

    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo("\"Prediction: \\\"Schema change may break the mobile app\\\"\"");
  }

  @Test
  void rootStringOfATreeTemplateKeepsTheValuesType() {
    Template template = Template.of("{error}");

    Object rendered = template.render(prediction().build());

    assertThat(rendered).isEqualTo(Map.of("code", 500L, "message", "boom"));
  }

  @Test
  void literalValuesPassThroughUnchanged() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("n", 7);
    tree.put("x", 1.5);
    tree.put("flag", false);
    tree.put("nothing", null);
    tree.put("list", List.of("a", 1));
    tree.put("msg", "{prediction}!");

    String json = Template.of(tree).renderString(prediction().build());

    assertThat(json)
        .isEqualTo(
            "{\"n\":7,\"x\":1.5,\"flag\":false,\"nothing\":null,\"list\":[\"a\",1],"
                + "\"msg\":\"Schema change may break the mobile app!\"}");
  }

  @Test
  void renderedTreeIsUnmodifiable() {
    Template template = Template.of(Map.of("a", List.of("{count}"), "b", "{prediction}"));

    @SuppressWarnings("unchecked")
    Map<String, Object> rendered = (Map<String, Object>) template.render(prediction().build());

    assertThatThrownBy(() -> rendered.put("c", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<?>) rendered.get("a")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void subtreesWithoutPlaceholdersAreSharedBetweenRenders() {
    Template template =
        Template.of(Map.of("static", Map.of("type", "section"), "text", "{prediction}"));

    Map<?, ?> first = (Map<?, ?>) template.render(prediction().build());
    Map<?, ?> second = (Map<?, ?>) template.render(prediction().build());

    assertThat(first.get("static")).isSameAs(second.get("static"));
  }

  @Test
  void laterChangesToTheSourceTreeDoNotAffectTheTemplate() {
    List<Object> blocks = new ArrayList<>(List.of("{prediction}"));
    Map<String, Object> tree = new LinkedHashMap<>(Map.of("blocks", blocks));
    Template template = Template.of(tree);

    blocks.add("{missing}");
    tree.put("more", "{missing}");

    assertThat(template.render(prediction().build()))
        .isEqualTo(Map.of("blocks", List.of("Schema change may break the mobile app")));
  }

  @Test
  void nonJsonValueInATreeIsRefusedNamingItsLocation() {
    Map<String, Object> tree = Map.of("blocks", List.of(Map.of("when", NOON)));

    assertThatThrownBy(() -> Template.of(tree))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "template value at blocks.0.when is a java.time.Instant; use JSON-like values"
                + " (String, Number, Boolean, List, Map or null)");
  }

  @Test
  void nonStringKeyIsRefused() {
    assertThatThrownBy(() -> Template.of(Map.of(1, "x")))
        .isInstanceOf(TemplateException.class)
        .hasMessage("template key '1' at the root is not a string; JSON object keys are strings");
  }

  @Test
  void toStringShowsTheTemplateAsWritten() {
    assertThat(Template.text("Hi {user_id}").toString()).isEqualTo("Hi {user_id}");
    assertThat(Template.parse("text: \"Hi {user_id}\"").toString())
        .isEqualTo("{\"text\":\"Hi {user_id}\"}");
  }
}
