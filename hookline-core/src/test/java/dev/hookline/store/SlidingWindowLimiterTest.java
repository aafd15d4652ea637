package dev.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlidingWindowLimiterTest {
  private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

  @Test
  void grantsUpToTheLimitThenSaysWhenTheNextPermitFrees() {
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(3, Duration.ofMinutes(1));

    assertThat(limiter.tryAcquire(T0)).isEmpty();
    assertThat(limiter.tryAcquire(T0.plusSeconds(10))).isEmpty();
    assertThat(limiter.tryAcquire(T0.plusSeconds(20))).isEmpty();
    assertThat(limiter.tryAcquire(T0.plusSeconds(30))).contains(T0.plusSeconds(60));
    assertThat(limiter.tryAcquire(T0.plusSeconds(60))).isEmpty();
    assertThat(limiter.tryAcquire(T0.plusSeconds(61))).contains(T0.plusSeconds(70));
  }

  @Test
  void windowSlidesRatherThanResettingOnTheMinute() {
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(2, Duration.ofMinutes(1));
    limiter.tryAcquire(T0.plusSeconds(50));
    limiter.tryAcquire(T0.plusSeconds(59));

    assertThat(limiter.tryAcquire(T0.plusSeconds(61))).contains(T0.plusSeconds(110));
  }

  @Test
  void undoGivesThePermitBack() {
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(1, Duration.ofMinutes(1));
    limiter.tryAcquire(T0);

    limiter.undo();

    assertThat(limiter.tryAcquire(T0.plusSeconds(1))).isEmpty();
    assertThat(limiter.tryAcquire(T0.plusSeconds(2))).isPresent();
  }
}
