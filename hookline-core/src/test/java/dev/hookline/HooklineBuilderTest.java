package dev.hookline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.delivery.CircuitBreakerPolicy;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.InvalidEndpointException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HooklineBuilderTest {
  @Test
  void valuesOutOfRangeAreRejectedWhenSet() {
    Hookline.Builder b = Hookline.builder();

    assertThatThrownBy(() -> b.maxInFlight(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxInFlight");
    assertThatThrownBy(() -> b.pollInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pollInterval");
    assertThatThrownBy(() -> b.lease(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease");
    assertThatThrownBy(() -> b.retention(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retention");
    assertThatThrownBy(
            () ->
                b.circuitBreaker(
                    new CircuitBreakerPolicy(
                        0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofDays(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold");
  }

  @Test
  void aFailedBuildClosesTheDefaultStoreItOpened() throws Exception {
    long writersBefore = storeWriters();
    // A raw endpoint with no signature and no default: refused once the store is open.
    Endpoint unsigned =
        Endpoint.builder("ops", "https://ops.example.com/hooks").events("*").build();
    try {
      assertThatThrownBy(() -> Hookline.builder().endpoint(unsigned).build())
          .isInstanceOf(InvalidEndpointException.class)
          .hasMessageContaining("no signing secret");

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (storeWriters() > writersBefore && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(storeWriters()).isEqualTo(writersBefore);
    } finally {
      for (String suffix : new String[] {"", "-wal", "-shm", ".key"}) {
        Files.deleteIfExists(Path.of(Hookline.DEFAULT_STORE_FILE + suffix));
      }
    }
  }

  private static long storeWriters() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("hookline-store-writer"))
        .count();
  }
}
