package dev.hookline.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defaults for missing values, the lenient rule, and time specs (#12.1, #12.3). */
class TemplateDefaultsTest {
  /** A seed 000 prediction without user_id and recommendation. */
  static final Event NO_USER =
      Event.builder("level_4_prediction")
          .id("evt_seed")
          .timestamp(Instant.parse("2025-11-25T14:30:07.250Z"))
          .put("prediction", "Schema change may break the mobile app")
          .put("confidence", 0.87)
          .build();

  static String json(Template t, Event e) {
    return new String(t.renderJson(e), StandardCharsets.UTF_8);
  }

  @Test
  void defaultStandsInForAMissingPathAndTheValueWinsWhenPresent() {
    Template t =
        Template.text(
            "User: {user_id|unknown}. {recommendation|Review and address this prediction}");
    Event withUser = Event.builder("x").id("e").userId("user_123").build();

    assertThat(t.renderString(NO_USER))
        .isEqualTo("User: unknown. Review and address this prediction");
    assertThat(t.renderString(withUser))
        .isEqualTo("User: user_123. Review and address this prediction");
  }

  @Test
  void defaultComesAfterASpecAndIsShownAsWritten() {
    Template t = Template.text("{confidence:.0%|n/a} {score:.2f|n/a: none} {x:|^5}");
    Event e = Event.builder("x").id("e").put("x", "ab").build();

    assertThat(t.renderString(NO_USER.toBuilder().put("x", "ab").build()))
        .isEqualTo("87% n/a: none |ab||");
    assertThat(t.renderString(e)).isEqualTo("n/a n/a: none |ab||");
  }

  @Test
  void wholeStringWithDefaultKeepsTheValuesTypeAndIsTheDefaultOtherwise() {
    Template t = Template.of(Map.of("confidence", "{confidence|0}", "user", "{user_id|}"));

    assertThat(t.render(NO_USER)).isEqualTo(Map.of("confidence", 0.87, "user", ""));
  }

  @Test
  void missingPathIsStillAnErrorByDefaultAndSaysHowToGiveADefault() {
    Template t = Template.text("User: {user_id}");

    assertThatThrownBy(() -> t.renderString(NO_USER))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("no value at path 'user_id'")
        .hasMessageContaining("{user_id|...}")
        .hasMessageContaining("template_missing: empty");
  }

  @Test
  void emptyRuleRendersEmptyTextAndNullForWholeStrings() {
    Template t =
        Template.parse(
                "{\"text\": \"User: {user_id}!\", \"user\": \"{user_id}\", \"n\": \"{n|7}\"}")
            .onMissing(Template.Missing.EMPTY);

    assertThat(json(t, NO_USER)).isEqualTo("{\"text\":\"User: !\",\"user\":null,\"n\":\"7\"}");
    assertThat(t.missing()).isEqualTo(Template.Missing.EMPTY);
    assertThat(t.onMissing(Template.Missing.ERROR).missing()).isEqualTo(Template.Missing.ERROR);
    assertThat(t.toString()).isEqualTo(t.onMissing(Template.Missing.ERROR).toString());
  }

  @Test
  void unixTimesAreNumbersAndStrftimePatternsAreText() {
    Template t =
        Template.parse(
            "{\"event\": \"{type}\", \"id\": \"{id}\", \"timestamp\": \"{timestamp:unix}\","
                + " \"ms\": \"{timestamp:unix_ms}\", \"text\": \"Time: {timestamp:%Y-%m-%d %H:%M}\","
                + " \"long\": \"{timestamp:%a %d %b %Y %I:%M:%S %p %Z, day %j, 100%%}\"}");

    assertThat(json(t, NO_USER))
        .isEqualTo(
            "{\"event\":\"level_4_prediction\",\"id\":\"evt_seed\",\"timestamp\":1764081007,"
                + "\"ms\":1764081007250,\"text\":\"Time: 2025-11-25 14:30\","
                + "\"long\":\"Tue 25 Nov 2025 02:30:07 PM UTC, day 329, 100%\"}");
  }

  @Test
  void timeSpecsReadUnixSecondsAndOffsetTimesInData() {
    Template t = Template.text("{at:%Y-%m-%d %H:%M:%S}|{local:unix}|{confidence:.0%}");
    Event e =
        Event.builder("x")
            .id("e")
            .put("at", 1640995200)
            .put("local", "2022-01-01T01:00:00+01:00")
            .put("confidence", 0.5)
            .build();

    assertThat(t.renderString(e)).isEqualTo("2022-01-01 00:00:00|1640995200|50%");
  }

  @Test
  void badTimeDirectiveFailsAtCreationAndANonTimeAtRender() {
    assertThatThrownBy(() -> Template.text("{timestamp:%Q}"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("unknown time directive %Q");
    Template t = Template.text("{prediction:unix}");

    assertThatThrownBy(() -> t.renderString(NO_USER))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("{prediction:unix}")
        .hasMessageContaining("needs an ISO-8601 time");
  }

  @Test
  void numbersFromTenToTheElevenAreMillisecondsAndYearsPast9999AreShown() {
    Template t = Template.text("{ms:%Y-%m-%d}|{ms:unix}|{far:%Y}");
    Event e =
        Event.builder("x")
            .id("e")
            .put("ms", 1640995200123L)
            .put("far", 300_000_000_000_000L)
            .build();

    assertThat(t.renderString(e)).isEqualTo("2022-01-01|1640995200|11476");
  }

  @Test
  void aTimeOutOfRangeIsATemplateErrorNotACrash() {
    Template t = Template.text("{far:%Y}|{far:unix_ms}");
    Event huge = Event.builder("x").id("e").put("far", 1e30).build();
    Event beyondMillis =
        Event.builder("x").id("e").put("far", "+999999999-12-31T23:59:59Z").build();

    assertThatThrownBy(() -> t.renderString(huge))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("{far:%Y}");
    assertThatThrownBy(() -> Template.text("{far:unix_ms}").renderString(beyondMillis))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("cannot be shown");
  }
}
