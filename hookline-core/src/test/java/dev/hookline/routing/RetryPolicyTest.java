package dev.hookline.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static List<Duration> delays(RetryPolicy p) {
    return IntStream.rangeClosed(1, p.maxAttempts())
        .mapToObj(p::delayAfter)
        .flatMap(Optional::stream)
        .toList();
  }

  @Test
  void defaultIsTheDesignSchedule() {
    RetryPolicy p = RetryPolicy.DEFAULT;

    List<Duration> delays = delays(p);

    assertThat(p.maxAttempts()).isEqualTo(8);
    assertThat(delays)
        .containsExactly(
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(10));
    assertThat(p.jitter()).isEqualTo(0.2);
  }

  @Test
  void defaultRetriesOn408And429And5xxOnly() {
    RetryPolicy p = RetryPolicy.DEFAULT;

    assertThat(p.retriesStatus(408)).isTrue();
    assertThat(p.retriesStatus(429)).isTrue();
    assertThat(p.retriesStatus(500)).isTrue();
    assertThat(p.retriesStatus(599)).isTrue();
    assertThat(p.retriesStatus(404)).isFalse();
    assertThat(p.retriesStatus(301)).isFalse();
  }

  @Test
  void seedsExponentialForm() {
    RetryPolicy p =
        RetryPolicy.builder()
            .maxAttempts(5)
            .initialDelay(Duration.ofSeconds(1))
            .backoffMultiplier(2)
            .build();

    List<Duration> delays = delays(p);

    assertThat(delays)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8));
    assertThat(p.delayAfter(5)).isEmpty();
  }

  @Test
  void exponentialDelaysAreCappedAtMaxDelay() {
    RetryPolicy p =
        RetryPolicy.builder()
            .maxAttempts(6)
            .initialDelay(Duration.ofSeconds(10))
            .backoffMultiplier(3)
            .maxDelay(Duration.ofMinutes(1))
            .build();

    List<Duration> delays = delays(p);

    assertThat(delays)
        .containsExactly(
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(1),
            Duration.ofMinutes(1));
  }

  @Test
  void explicitScheduleSetsTheAttempts() {
    RetryPolicy p =
        RetryPolicy.builder().schedule(Duration.ofSeconds(1), Duration.ofMinutes(1)).build();

    List<Duration> delays = delays(p);

    assertThat(p.maxAttempts()).isEqualTo(3);
    assertThat(delays).containsExactly(Duration.ofSeconds(1), Duration.ofMinutes(1));
  }

  @Test
  void maxAttemptsAloneTruncatesOrExtendsTheDefaultSchedule() {
    RetryPolicy three = RetryPolicy.builder().maxAttempts(3).build();
    RetryPolicy ten = RetryPolicy.builder().maxAttempts(10).build();

    List<Duration> threeAttempts = delays(three);
    List<Duration> tenAttempts = delays(ten);

    assertThat(threeAttempts).containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(5));
    assertThat(tenAttempts).hasSize(9).endsWith(Duration.ofHours(10), Duration.ofHours(10));
  }

  @Test
  void oneAttemptMeansNoRetries() {
    RetryPolicy p = RetryPolicy.builder().maxAttempts(1).build();

    assertThat(p.delayAfter(1)).isEmpty();
  }

  @Test
  void retryOnStatusReplacesTheDefault() {
    RetryPolicy p = RetryPolicy.builder().retryOnStatus(500, 502, 503, 504).build();

    assertThat(p.retriesStatus(503)).isTrue();
    assertThat(p.retriesStatus(501)).isFalse();
    assertThat(p.retriesStatus(429)).isFalse();
  }

  @Test
  void scheduleAndExponentialSettingsAreExclusive() {
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .schedule(Duration.ofSeconds(1))
                    .initialDelay(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("give one form or the other");
  }

  @Test
  void invalidSettingsAreRejectedWithTheirKey() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("max_attempts must be 1 to 100");
    assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ZERO))
        .hasMessageContaining("initial_delay must be positive");
    assertThatThrownBy(() -> RetryPolicy.builder().backoffMultiplier(0.5))
        .hasMessageContaining("backoff_multiplier must be a finite number >= 1");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.0)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> RetryPolicy.builder().retryOnStatus(200))
        .hasMessageContaining("retry_on_status holds 200");
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .initialDelay(Duration.ofMinutes(5))
                    .maxDelay(Duration.ofMinutes(1))
                    .build())
        .hasMessageContaining("max_delay (PT1M) is shorter than initial_delay (PT5M)");
  }

  @Test
  void attemptNumbersStartAtOne() {
    assertThatThrownBy(() -> RetryPolicy.DEFAULT.delayAfter(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rateLimitNeedsAPositiveLimit() {
    RateLimit perMinute = RateLimit.perMinute(60);

    assertThat(perMinute.maxRequestsPerMinute()).hasValue(60);
    assertThat(perMinute.maxRequestsPerHour()).isEmpty();
    assertThatThrownBy(() -> RateLimit.perHour(0))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessage("rate_limit max_requests_per_hour must be at least 1, got 0");
    assertThatThrownBy(() -> new RateLimit(OptionalInt.empty(), OptionalInt.empty()))
        .hasMessageContaining("needs max_requests_per_minute, max_requests_per_hour or both");
  }

  @Test
  void batchNeedsASizeAndAWait() {
    assertThatThrownBy(() -> BatchConfig.of(0, Duration.ofSeconds(5)))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessage("batch max_size must be 1 to 1000, got 0");
    assertThatThrownBy(() -> BatchConfig.of(10, Duration.ZERO))
        .hasMessageContaining("batch max_wait must be positive");
  }
}
