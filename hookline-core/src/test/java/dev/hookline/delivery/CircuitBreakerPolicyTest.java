package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerPolicyTest {
  @Test
  void theDefaultOpensAfterTenFailuresAndDisablesAfterFiveDays() {
    CircuitBreakerPolicy p = CircuitBreakerPolicy.DEFAULT;

    assertThat(p.threshold()).isEqualTo(10);
    assertThat(p.open()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.maxOpen()).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.disableAfter()).isEqualTo(Duration.ofDays(5));
  }

  @Test
  void valuesOutOfRangeAreRejectedByName() {
    Duration s = Duration.ofSeconds(1);

    assertThatThrownBy(() -> new CircuitBreakerPolicy(0, s, s, s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold");
    assertThatThrownBy(() -> new CircuitBreakerPolicy(1, Duration.ZERO, s, s))
        .hasMessageContaining("open must be positive");
    assertThatThrownBy(() -> new CircuitBreakerPolicy(1, s, s, Duration.ofSeconds(-1)))
        .hasMessageContaining("disableAfter must be positive");
    assertThatThrownBy(() -> new CircuitBreakerPolicy(1, Duration.ofMinutes(2), s, s))
        .hasMessageContaining("maxOpen");
    assertThatThrownBy(() -> new CircuitBreakerPolicy(1, null, s, s))
        .isInstanceOf(NullPointerException.class);
  }
}
