package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
  private final CircuitBreaker breaker =
      new CircuitBreaker(3, Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofHours(1));

  @Test
  void opensAfterARunOfConsecutiveFailures() {
    breaker.onFailure(T0);
    breaker.onFailure(T0);
    assertThat(breaker.allow(T0)).isEmpty();

    breaker.onFailure(T0);

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.allow(T0.plusSeconds(10))).contains(T0.plusSeconds(30));
  }

  @Test
  void successResetsTheRun() {
    breaker.onFailure(T0);
    breaker.onFailure(T0);
    breaker.onSuccess();
    breaker.onFailure(T0);

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void letsOneProbeThroughAfterTheCoolDown() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure(T0);
    }

    assertThat(breaker.allow(T0.plusSeconds(30))).isEmpty();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(breaker.allow(T0.plusSeconds(30))).isPresent();
  }

  @Test
  void failedProbeReopensForTwiceAsLongUpToTheCap() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure(T0);
    }
    breaker.allow(T0.plusSeconds(30));

    breaker.onFailure(T0.plusSeconds(30));

    assertThat(breaker.allow(T0.plusSeconds(31))).contains(T0.plusSeconds(90));
    breaker.allow(T0.plusSeconds(90));
    breaker.onFailure(T0.plusSeconds(90));
    assertThat(breaker.allow(T0.plusSeconds(91))).contains(T0.plusSeconds(210));
  }

  @Test
  void successfulProbeCloses() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure(T0);
    }
    breaker.allow(T0.plusSeconds(30));

    breaker.onSuccess();

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.allow(T0.plusSeconds(31))).isEmpty();
  }

  @Test
  void reportsWhenTheEndpointHasFailedForTooLong() {
    assertThat(breaker.onFailure(T0)).isFalse();
    assertThat(breaker.onFailure(T0.plus(Duration.ofMinutes(59)))).isFalse();

    assertThat(breaker.onFailure(T0.plus(Duration.ofHours(1)))).isTrue();
  }
}
