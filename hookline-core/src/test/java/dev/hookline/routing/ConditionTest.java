package dev.hookline.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionTest {
  private static final Instant NOON = Instant.parse("2026-11-23T12:00:00Z");

  private static Event prediction(Map<String, ?> data) {
    return Event.builder("level_4_prediction").timestamp(NOON).data(data).build();
  }

  @Test
  void highConfidenceSeedMatchesAboveThreshold() {
    Condition when = Condition.cel("data.confidence > 0.85");

    Condition.Evaluation high = when.evaluate(prediction(Map.of("confidence", 0.9)), NOON);
    Condition.Evaluation low = when.evaluate(prediction(Map.of("confidence", 0.5)), NOON);

    assertThat(high.matched()).isTrue();
    assertThat(low.matched()).isFalse();
    assertThat(low.failed()).isFalse();
  }

  @Test
  void securityTagSeedReadsEventTags() {
    Condition when = Condition.cel("\"security\" in tags");
    Event tagged = Event.builder("prediction").tag("ops", "security").build();
    Event untagged = Event.builder("prediction").tag("ops").build();

    boolean taggedMatches = when.test(tagged);
    boolean untaggedMatches = when.test(untagged);

    assertThat(taggedMatches).isTrue();
    assertThat(untaggedMatches).isFalse();
  }

  @Test
  void securityTagSeedReadsDataTags() {
    Condition when = Condition.cel("\"security\" in data.tags");

    boolean matches = when.test(prediction(Map.of("tags", List.of("security", "infra"))));
    boolean other = when.test(prediction(Map.of("tags", List.of("infra"))));

    assertThat(matches).isTrue();
    assertThat(other).isFalse();
  }

  @Test
  void tagsFallBackToDataTagsWhenTheEventHasNone() {
    Condition when = Condition.cel("\"security\" in tags");

    boolean matches = when.test(prediction(Map.of("tags", List.of("security"))));

    assertThat(matches).isTrue();
  }

  @Test
  void combinedSeedNeedsBothParts() {
    Condition when = Condition.cel("data.confidence > 0.85 && \"security\" in tags");
    Event both = Event.builder("prediction").put("confidence", 0.95).tag("security").build();
    Event confidentOnly = Event.builder("prediction").put("confidence", 0.95).build();

    boolean bothMatch = when.test(both);
    boolean confidentOnlyMatches = when.test(confidentOnly);

    assertThat(bothMatch).isTrue();
    assertThat(confidentOnlyMatches).isFalse();
  }

  @Test
  void severitySeedComparesWithTheSeverityString() {
    Condition high = Condition.cel("severity == \"high\"");
    Condition error = Condition.cel("severity == \"error\"");

    boolean dataSeverityHigh = high.test(prediction(Map.of("severity", "high")));
    boolean eventSeverityError =
        error.test(Event.builder("prediction").severity(Severity.ERROR).build());
    boolean otherSeverity = high.test(prediction(Map.of("severity", "low")));

    assertThat(dataSeverityHigh).isTrue();
    assertThat(eventSeverityError).isTrue();
    assertThat(otherSeverity).isFalse();
  }

  @Test
  void absentSeverityCountsAsInfo() {
    Condition when = Condition.cel("severity == \"info\"");

    boolean matches = when.test(prediction(Map.of()));

    assertThat(matches).isTrue();
  }

  @Test
  void absentStringFieldsAreEmptyAndSimplyDoNotMatch() {
    Condition when = Condition.cel("platform == \"discord\" || user_id != \"\"");

    Condition.Evaluation result = when.evaluate(prediction(Map.of()), NOON);

    assertThat(result.matched()).isFalse();
    assertThat(result.failed()).isFalse();
  }

  @Test
  void platformFallsBackToData() {
    Condition when = Condition.cel("platform == \"discord\"");

    boolean matches = when.test(prediction(Map.of("platform", "discord")));

    assertThat(matches).isTrue();
  }

  @Test
  void integersCompareWithDecimals() {
    Condition when = Condition.cel("data.count > 5 && data.count > 5.5 && data.ratio > 1");

    boolean matches = when.test(prediction(Map.of("count", 7, "ratio", 1.5)));

    assertThat(matches).isTrue();
  }

  @Test
  void bigNumbersAreComparedAsDoubles() {
    Condition when = Condition.cel("data.price > 10.5 && data.huge > 1e19");

    boolean matches =
        when.test(
            prediction(
                Map.of(
                    "price", new BigDecimal("10.75"),
                    "huge", new BigInteger("18446744073709551616"))));

    assertThat(matches).isTrue();
  }

  @Test
  void jsonNullIsCelNull() {
    Condition when = Condition.cel("data.reason == null");
    Map<String, Object> data = new HashMap<>();
    data.put("reason", null);

    Condition.Evaluation result = when.evaluate(prediction(data), NOON);

    assertThat(result.matched()).isTrue();
  }

  @Test
  void nestedDataAndMetadataAreMaps() {
    Condition when =
        Condition.cel("data.error.message.contains(\"database\") && metadata.region == \"eu\"");
    Event event =
        Event.builder("error_occurred")
            .put("error", Map.of("message", "database down"))
            .metadata(Map.of("region", "eu"))
            .build();

    boolean matches = when.test(event);

    assertThat(matches).isTrue();
  }

  @Test
  void standardMacrosAndStringExtensionsAreAvailable() {
    Condition when =
        Condition.cel(
            "has(data.tool) && data.tool.lowerAscii().startsWith(\"deploy\")"
                + " && tags.exists(t, t.endsWith(\"ity\"))");

    boolean matches =
        when.test(Event.builder("tool").put("tool", "DEPLOY_prod").tag("security").build());

    assertThat(matches).isTrue();
  }

  @Test
  void hasMakesAMissingKeyPlainFalse() {
    Condition when = Condition.cel("has(data.confidence) && data.confidence > 0.85");

    Condition.Evaluation result = when.evaluate(prediction(Map.of()), NOON);

    assertThat(result.failed()).isFalse();
    assertThat(result.matched()).isFalse();
  }

  @Test
  void timestampAndNowAreTimestamps() {
    Condition when =
        Condition.cel(
            "timestamp < now && now.getHours(\"Europe/Paris\") >= 9"
                + " && now.getHours(\"Europe/Paris\") < 17");
    Event event =
        Event.builder("prediction").timestamp(Instant.parse("2026-11-23T08:00:00Z")).build();

    boolean atNoon = when.evaluate(event, NOON).matched();
    boolean atNight = when.evaluate(event, Instant.parse("2026-11-23T20:00:00Z")).matched();

    assertThat(atNoon).isTrue();
    assertThat(atNight).isFalse();
  }

  @Test
  void missingKeyFailsEvaluationWithTheReason() {
    Condition when = Condition.cel("data.confidence > 0.85");

    Condition.Evaluation result = when.evaluate(prediction(Map.of("other", 1)), NOON);

    assertThat(result.matched()).isFalse();
    assertThat(result.error())
        .hasValueSatisfying(
            e ->
                assertThat(e)
                    .contains("'confidence'")
                    .contains("not present")
                    .contains("column 5"));
  }

  @Test
  void typeMismatchFailsEvaluation() {
    Condition when = Condition.cel("data.confidence > 0.85");

    Condition.Evaluation result = when.evaluate(prediction(Map.of("confidence", "high")), NOON);

    assertThat(result.matched()).isFalse();
    assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("overload"));
  }

  @Test
  void dynamicNonBooleanResultFailsEvaluation() {
    Condition when = Condition.cel("data.flag");

    Condition.Evaluation result = when.evaluate(prediction(Map.of("flag", "yes")), NOON);

    assertThat(result.matched()).isFalse();
    assertThat(result.error()).hasValue("returned 'yes' (string), not a bool");
  }

  @Test
  void syntaxErrorGivesExpressionAndPosition() {
    InvalidConditionException e =
        catchThrowableOfType(
            InvalidConditionException.class, () -> Condition.cel("data.confidence >"));

    assertThat(e.expression()).isEqualTo("data.confidence >");
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(18);
    assertThat(e.getMessage())
        .startsWith("invalid CEL condition 'data.confidence >' at line 1, column 18: ")
        .endsWith("\n | data.confidence >\n |                  ^");
  }

  @Test
  void errorOnALaterLineGivesThatLine() {
    InvalidConditionException e =
        catchThrowableOfType(
            InvalidConditionException.class,
            () -> Condition.cel("data.confidence > 0.85 &&\n  \"security\" in tagz"));

    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(17);
    assertThat(e.getMessage()).contains("undeclared reference to 'tagz'");
  }

  @Test
  void undeclaredVariableIsRejectedAtCompileTime() {
    InvalidConditionException e =
        catchThrowableOfType(
            InvalidConditionException.class, () -> Condition.cel("confidence > 1"));

    assertThat(e.getMessage()).contains("at line 1, column 1").contains("'confidence'");
  }

  @Test
  void nonBooleanExpressionIsRejectedAtCompileTime() {
    InvalidConditionException e =
        catchThrowableOfType(
            InvalidConditionException.class, () -> Condition.cel("size(tags) + 1"));

    assertThat(e.getMessage()).contains("expected type 'bool' but found 'int'");
  }

  @Test
  void emptyExpressionIsRejected() {
    InvalidConditionException e =
        catchThrowableOfType(InvalidConditionException.class, () -> Condition.cel("  "));

    assertThat(e.getMessage()).contains("empty");
  }

  @Test
  void conditionsWithTheSameExpressionAreEqual() {
    Condition a = Condition.cel("severity == \"error\"");

    Condition b = Condition.cel("severity == \"error\"");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Condition.cel("severity == \"info\""));
  }
}
