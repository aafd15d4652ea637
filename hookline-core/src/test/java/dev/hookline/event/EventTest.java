package dev.hookline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.internal.Ulid;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @Test
  void builderGeneratesSortableEvtIds() {
    List<String> ids = new ArrayList<>();

    for (int i = 0; i < 1000; i++) {
      ids.add(Event.builder("prediction").build().id());
    }

    assertThat(ids).allMatch(id -> id.matches("evt_[0-9A-HJKMNP-TV-Z]{26}"));
    assertThat(ids).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void idsFromALaterMillisecondSortAfter() {
    String earlier = Ulid.next("evt_", Clock.fixed(NOW, ZoneOffset.UTC));

    String later = Ulid.next("evt_", Clock.fixed(NOW.plusMillis(1), ZoneOffset.UTC));

    assertThat(later).isGreaterThan(earlier);
  }

  @Test
  void jsonRoundTripKeepsEveryField() {
    Event event =
        Event.builder("level_4_prediction")
            .id("evt_1")
            .timestamp(NOW)
            .put("prediction", "Schema change may break mobile app")
            .put("confidence", 0.87)
            .put("count", 3)
            .put("nested", Map.of("ok", true))
            .source("empathy")
            .subject("user-api")
            .severity(Severity.WARNING)
            .tag("security", "api")
            .userId("user_123")
            .platform("web")
            .metadata(Map.of("trace", "abc"))
            .build();

    Event back = Event.fromJson(event.toJson());

    assertThat(back).isEqualTo(event);
    assertThat(back.data().get("count")).isEqualTo(3L);
  }

  @Test
  void jsonUsesTheContractFieldNamesAndOmitsAbsentOptionals() {
    Event event = Event.builder("prediction").id("evt_1").timestamp(NOW).put("a", 1).build();

    String json = event.toJson();

    assertThat(json)
        .isEqualTo(
            "{\"id\":\"evt_1\",\"type\":\"prediction\",\"timestamp\":\"2026-11-23T12:00:00Z\","
                + "\"data\":{\"a\":1}}");
  }

  @Test
  void emojiAreWrittenAsUtf8NotEscapes() {
    Event event = Event.builder("x").id("e").timestamp(NOW).put("t", "\uD83D\uDD2E ok").build();

    assertThat(event.toJson()).contains("\"t\":\"\uD83D\uDD2E ok\"");
  }

  @Test
  void userIdIsWrittenSnakeCase() {
    Event event = Event.builder("x").id("e").timestamp(NOW).userId("u1").build();

    assertThat(event.toJson()).contains("\"user_id\":\"u1\"");
  }

  @Test
  void parsesUnixSecondsTimestampsAndGeneratesMissingIds() {
    Event event = Event.fromJson("{\"type\":\"chat_message_received\",\"timestamp\":1640995200}");

    assertThat(event.timestamp()).isEqualTo(Instant.ofEpochSecond(1640995200));
    assertThat(event.id()).startsWith("evt_");
    assertThat(event.data()).isEmpty();
  }

  @Test
  void missingTypeIsRejectedNamingTheField() {
    assertThatThrownBy(() -> Event.fromJson("{\"data\":{}}"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("'type' is required")
        .extracting(e -> ((InvalidEventException) e).field())
        .isEqualTo("type");
  }

  @Test
  void malformedTypeIsRejected() {
    assertThatThrownBy(() -> Event.fromJson("{\"type\":\"has space\"}"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("event type 'has space' is invalid");
    assertThatThrownBy(() -> Event.fromJson("{\"type\":\"a..b\"}"))
        .hasMessageContaining("event type 'a..b' is invalid");
    assertThatThrownBy(() -> Event.fromJson("{\"type\":42}"))
        .hasMessageContaining("'type' must be a string, got a number");
  }

  @Test
  void dataThatIsNotAnObjectIsRejected() {
    assertThatThrownBy(() -> Event.fromJson("{\"type\":\"x\",\"data\":[1,2]}"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("'data' must be a JSON object, got an array");
  }

  @Test
  void unknownSeverityIsRejectedListingTheValidOnes() {
    assertThatThrownBy(() -> Event.fromJson("{\"type\":\"x\",\"severity\":\"severe\"}"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(
            "unknown severity 'severe' (expected one of debug, info, warning, error, critical, or"
                + " low, medium, moderate, warn, high, err, fatal, crit)");
  }

  @Test
  void commonSeverityWordsMapToSeverities() {
    assertThat(Event.fromJson("{\"type\":\"x\",\"severity\":\"high\"}").severity())
        .hasValue(Severity.ERROR);
    assertThat(Event.fromJson("{\"type\":\"x\",\"severity\":\" Low\"}").severity())
        .hasValue(Severity.INFO);
    assertThat(Event.fromJson("{\"type\":\"x\",\"severity\":\"medium\"}").severity())
        .hasValue(Severity.WARNING);
    assertThat(Event.fromJson("{\"type\":\"x\",\"severity\":\"FATAL\"}").severity())
        .hasValue(Severity.CRITICAL);
  }

  @Test
  void seedSpellingsOfTypeAndIdAndUnixTimesAreAccepted() {
    Event seed001 =
        Event.fromJson("{\"event_type\":\"prediction\",\"event_id\":\"e1\",\"data\":{}}");
    Event seed003 = Event.fromJson("{\"event\":\"bug.detected\",\"timestamp\":1640995200}");
    Event millis = Event.fromJson("{\"type\":\"x\",\"timestamp\":1640995200123}");

    assertThat(seed001.type()).isEqualTo("prediction");
    assertThat(seed001.id()).isEqualTo("e1");
    assertThat(seed003.type()).isEqualTo("bug.detected");
    assertThat(seed003.timestamp()).isEqualTo(java.time.Instant.parse("2022-01-01T00:00:00Z"));
    assertThat(millis.timestamp()).isEqualTo(java.time.Instant.parse("2022-01-01T00:00:00.123Z"));
  }

  @Test
  void typeGivenTwiceUnderTwoSpellingsIsRejected() {
    assertThatThrownBy(() -> Event.fromJson("{\"type\":\"a\",\"event\":\"b\"}"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("'type' and 'event' both give the event's type");
  }

  @Test
  void timestampsOutsideYears1To9999AreRejectedNamingTheField() {
    Instant beyond = Instant.parse("+10000-01-01T00:00:00Z");

    assertThatThrownBy(() -> Event.builder("x").timestamp(beyond).build())
        .isInstanceOfSatisfying(
            InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("timestamp"));
    assertThatThrownBy(
            () -> Event.fromJson("{\"type\":\"x\",\"timestamp\":\"-999999999-01-01T00:00:00Z\"}"))
        .isInstanceOfSatisfying(
            InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("timestamp"));
    assertThatThrownBy(
            () -> Event.fromJson("{\"type\":\"x\",\"timestamp\":99999999999999999999999}"))
        .isInstanceOfSatisfying(
            InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("timestamp"));
    assertThatThrownBy(() -> Event.fromJson("{\"type\":\"x\",\"timestamp\":1e300}"))
        .isInstanceOfSatisfying(
            InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("timestamp"));
  }

  @Test
  void timestampsAtTheEdgesOfTheRangeAreKept() {
    Event first = Event.builder("x").timestamp(Event.MIN_TIMESTAMP).build();
    Event last = Event.fromJson("{\"type\":\"x\",\"timestamp\":\"9999-12-31T23:59:59.999Z\"}");

    assertThat(first.timestamp()).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
    assertThat(last.timestamp()).isEqualTo(Event.MAX_TIMESTAMP);
  }

  @Test
  void idWithADotIsRejected() {
    assertThatThrownBy(() -> Event.builder("x").id("evt.1").build())
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("must not contain '.'");
  }

  @Test
  void unknownFieldIsRejectedWithAHint() {
    assertThatThrownBy(() -> Event.fromJson("{\"eventType\":\"prediction\"}"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("unknown event field 'eventType' (did you mean 'type'?)");
  }

  @Test
  void seedEmpathyLevelIsKeptInMetadataBesideTheGivenMetadata() {
    Event e =
        Event.fromJson(
            "{\"event_type\":\"prediction\",\"empathy_level\":4,"
                + "\"metadata\":{\"model\":\"claude-sonnet-4.5\"}}");

    assertThat(e.metadata()).containsEntry("model", "claude-sonnet-4.5");
    assertThat(e.valueAt("metadata.empathy_level"))
        .hasValueSatisfying(v -> assertThat(((Number) v).intValue()).isEqualTo(4));
    assertThat(Event.fromJson(e.toJson()).metadata()).isEqualTo(e.metadata());
  }

  @Test
  void empathyLevelGivenTwiceNamesTheField() {
    assertThatThrownBy(
            () ->
                Event.fromJson(
                    "{\"type\":\"x\",\"empathy_level\":4,\"metadata\":{\"empathy_level\":3}}"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("'empathy_level' is also in metadata");
  }

  @Test
  void invalidJsonNamesTheLocation() {
    assertThatThrownBy(() -> Event.fromJson("{\"type\": \"x\",}"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("event is not valid JSON")
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> Event.fromJson("[]"))
        .hasMessage("event must be a JSON object, got an array");
    assertThatThrownBy(() -> Event.fromJson("{\"type\":\"x\",\"type\":\"y\"}"))
        .hasMessageContaining("Duplicate field 'type'");
  }

  @Test
  void dataIsDeeplyImmutableAndNormalised() {
    Map<String, Object> inner = new java.util.HashMap<>();
    inner.put("n", 1);
    Event event = Event.of("x", Map.of("inner", inner, "list", List.of(1, 2.5f)));

    inner.put("n", 2);

    assertThat(event.valueAt("inner.n")).contains(1L);
    assertThat(event.valueAt("list.1")).contains(2.5d);
    assertThatThrownBy(() -> event.data().put("k", "v"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void pathsStartAtEventFieldsAndFallBackToData() {
    Event event =
        Event.builder("prediction")
            .id("evt_1")
            .timestamp(NOW)
            .put("prediction", "p")
            .put("user_id", "from-data")
            .put("timestamp", "data-time")
            .put("error", Map.of("message", "database down"))
            .put("tags", List.of("security"))
            .build();

    assertThat(event.valueAt("prediction")).contains("p");
    assertThat(event.valueAt("data.prediction")).contains("p");
    assertThat(event.valueAt("user_id")).contains("from-data");
    assertThat(event.valueAt("timestamp")).contains("2026-11-23T12:00:00Z");
    assertThat(event.valueAt("error.message")).contains("database down");
    assertThat(event.valueAt("tags.0")).contains("security");
    assertThat(event.valueAt("type")).contains("prediction");
    assertThat(event.valueAt("missing.path")).isEmpty();
    assertThat(event.valueAt("error.message.deeper")).isEmpty();
  }

  @Test
  void eventUserIdWinsOverData() {
    Event event = Event.builder("x").userId("from-event").put("user_id", "from-data").build();

    assertThat(event.valueAt("user_id")).contains("from-event");
  }
}
