package dev.hookline.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "500ms, 500",
    "5s, 5000",
    "1.5s, 1500",
    "5m, 300000",
    "2h, 7200000",
    "1d, 86400000",
    "30, 30000",
    "0.5, 500",
    "' 10 S ', 10000",
    "PT5S, 5000",
    "0s, 0"
  })
  void parsesTheContractForms(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @CsvSource({
    "500, 500ms",
    "5000, 5s",
    "90000, 90s",
    "300000, 5m",
    "7200000, 2h",
    "86400000, 1d",
    "1500, 1500ms",
    "0, 0s",
    "129600000, 36h"
  })
  void formatsInTheLargestExactUnit(long millis, String text) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
  }

  @Test
  void subMillisecondDurationsAreWrittenInIsoAndReadBack() {
    Duration d = Duration.ofNanos(1_500);

    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }

  @Test
  void garbageIsRefusedWithTheFix() {
    assertThatThrownBy(() -> Durations.parse("5 minutes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'5 minutes' is not a duration; write a number and a unit: 500ms, 5s, 5m, 2h or 1d (a"
                + " bare number means seconds)");
    assertThatThrownBy(() -> Durations.parse("-5s")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Durations.parse("0.0005s"))
        .hasMessageContaining("not a whole number of milliseconds");
  }
}
