package dev.hookline.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimeWindowTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private static Instant paris(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(PARIS).toInstant();
  }

  @Test
  void businessHoursIncludeStartAndExcludeEnd() {
    TimeWindow w = TimeWindow.of(9, 17, PARIS);

    boolean beforeNine = w.contains(paris("2026-11-23T08:59:59"));
    boolean atNine = w.contains(paris("2026-11-23T09:00:00"));
    boolean lastMinute = w.contains(paris("2026-11-23T16:59:59"));
    boolean atFive = w.contains(paris("2026-11-23T17:00:00"));

    assertThat(beforeNine).isFalse();
    assertThat(atNine).isTrue();
    assertThat(lastMinute).isTrue();
    assertThat(atFive).isFalse();
  }

  @Test
  void hoursAreReadInTheWindowsZone() {
    TimeWindow paris = TimeWindow.of(9, 17, PARIS);

    boolean eightUtc = paris.contains(Instant.parse("2026-11-23T08:30:00Z"));
    boolean sixteenThirtyUtc = paris.contains(Instant.parse("2026-11-23T16:30:00Z"));

    assertThat(eightUtc).isTrue(); // 09:30 in Paris
    assertThat(sixteenThirtyUtc).isFalse(); // 17:30 in Paris
  }

  @Test
  void windowWrapsMidnight() {
    TimeWindow night = TimeWindow.of(22, 6, PARIS);

    boolean lateEvening = night.contains(paris("2026-11-23T23:30:00"));
    boolean earlyMorning = night.contains(paris("2026-11-24T05:59:00"));
    boolean morning = night.contains(paris("2026-11-24T06:00:00"));
    boolean afternoon = night.contains(paris("2026-11-24T15:00:00"));

    assertThat(night.wrapsMidnight()).isTrue();
    assertThat(lateEvening).isTrue();
    assertThat(earlyMorning).isTrue();
    assertThat(morning).isFalse();
    assertThat(afternoon).isFalse();
  }

  @Test
  void daysRestrictTheWindow() {
    TimeWindow weekdays =
        TimeWindow.of(9, 17, PARIS)
            .onDays(
                DayOfWeek.MONDAY,
                DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY);

    boolean monday = weekdays.contains(paris("2026-11-23T10:00:00"));
    boolean saturday = weekdays.contains(paris("2026-11-28T10:00:00"));

    assertThat(monday).isTrue();
    assertThat(saturday).isFalse();
  }

  @Test
  void wrappingWindowBelongsToTheDayItOpens() {
    TimeWindow fridayNight = TimeWindow.of(22, 6, PARIS).onDays(DayOfWeek.FRIDAY);

    boolean fridayLate = fridayNight.contains(paris("2026-11-27T23:00:00"));
    boolean saturdayEarly = fridayNight.contains(paris("2026-11-28T02:00:00"));
    boolean fridayEarly = fridayNight.contains(paris("2026-11-27T02:00:00"));

    assertThat(fridayLate).isTrue();
    assertThat(saturdayEarly).isTrue();
    assertThat(fridayEarly).isFalse(); // that is Thursday's window
  }

  @Test
  void zeroToTwentyFourIsTheWholeDay() {
    TimeWindow all = TimeWindow.of(0, 24).onDays(DayOfWeek.SUNDAY);

    boolean midnight = all.contains(Instant.parse("2026-11-29T00:00:00Z"));
    boolean lastSecond = all.contains(Instant.parse("2026-11-29T23:59:59Z"));
    boolean monday = all.contains(Instant.parse("2026-11-30T00:00:00Z"));

    assertThat(midnight).isTrue();
    assertThat(lastSecond).isTrue();
    assertThat(monday).isFalse();
  }

  @Test
  void invalidHoursAreRejected() {
    assertThatThrownBy(() -> TimeWindow.of(24, 6))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessage("time_window start_hour must be 0 to 23, got 24");
    assertThatThrownBy(() -> TimeWindow.of(9, 25))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("end_hour must be 0 to 24");
    assertThatThrownBy(() -> TimeWindow.of(9, 9))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("use start_hour: 0, end_hour: 24 for the whole day");
  }
}
