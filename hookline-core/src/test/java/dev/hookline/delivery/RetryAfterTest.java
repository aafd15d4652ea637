package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @Test
  void secondsAndHttpDatesAreRead() {
    assertThat(RetryAfter.parse(Optional.of(" 30 "), NOW)).hasValue(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse(Optional.of("Mon, 23 Nov 2026 12:01:00 GMT"), NOW))
        .hasValue(Duration.ofMinutes(1));
    assertThat(RetryAfter.parse(Optional.empty(), NOW)).isEmpty();
  }

  @Test
  void everyWaitIsCappedAtADayAndNeverNegative() {
    assertThat(RetryAfter.cap(Duration.ofDays(3))).isEqualTo(Duration.ofDays(1));
    assertThat(RetryAfter.clamp(Duration.ofSeconds(-4))).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.clamp(Duration.ofHours(2))).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void theLongestOfTwoWaitsWins() {
    Optional<Duration> one = Optional.of(Duration.ofSeconds(1));
    Optional<Duration> two = Optional.of(Duration.ofSeconds(2));

    assertThat(RetryAfter.longest(one, two)).isEqualTo(two);
    assertThat(RetryAfter.longest(two, Optional.empty())).isEqualTo(two);
    assertThat(RetryAfter.longest(Optional.empty(), one)).isEqualTo(one);
  }
}
