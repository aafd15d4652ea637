package dev.hookline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WrkScenarioTest {

  @Test
  void readsRateAndCountFromWrkSummary() {
    String output =
        """
        Running 10s test @ http://127.0.0.1:40111/
          2 threads and 64 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency   730.12us  301.55us  12.01ms   88.10%
            Req/Sec    44.02k     2.51k   50.13k    71.00%
          876543 requests in 10.00s, 40.12MB read
        Requests/sec:  87612.34
        Transfer/sec:      4.01MB
        """;

    Result result = WrkScenario.parse(output);

    assertThat(result.requests()).isEqualTo(876543);
    assertThat(result.errors()).isZero();
    assertThat(result.elapsed()).isEqualTo(Duration.ofSeconds(10));
    assertThat(result.perSecond()).hasValue(87612.34);
  }

  @Test
  void countsNon2xxAndSocketErrorsAsErrors() {
    String output =
        """
          1000 requests in 1.00s, 1.00MB read
          Socket errors: connect 0, read 2, write 0, timeout 1
          Non-2xx or 3xx responses: 10
        Requests/sec:   1000.00
        """;

    Result result = WrkScenario.parse(output);

    assertThat(result.requests()).isEqualTo(990);
    assertThat(result.errors()).isEqualTo(13);
    assertThat(result.notes())
        .containsExactly("Socket errors: connect 0, read 2, write 0, timeout 1");
  }

  @Test
  void outputWithoutSummaryIsAnError() {
    assertThatThrownBy(() -> WrkScenario.parse("unable to connect to 127.0.0.1:1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Requests/sec");
  }

  @Test
  void scriptPostsThePayload() {
    String script = WrkScenario.luaScript();

    assertThat(script).contains("wrk.method = \"POST\"").contains(Payload.JSON);
  }
}
