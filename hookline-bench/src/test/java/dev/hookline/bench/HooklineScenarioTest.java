package dev.hookline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HooklineScenarioTest {

  @Test
  void deliversEveryPublishedEventOnceAndSaysWhereTheCpuWent() throws Exception {
    Options options = Options.defaults().withEvents(2_000).withWarmup(Duration.ZERO);

    Result result;
    Sink.Report report;
    try (Sink sink = Sink.start()) {
      result = new HooklineScenario(false, HooklineScenario.Mode.THROUGHPUT).run(sink, options);
      report = sink.report();
    }

    assertThat(result.requests()).isEqualTo(2_000);
    assertThat(result.notes()).isEmpty(); // nothing missing, no duplicates
    assertThat(report.missing()).isZero();
    assertThat(result.latency()).isPresent();
    assertThat(result.cpu())
        .hasValueSatisfying(
            cpu -> assertThat(cpu.parts()).containsKeys("sink", "client", "store", "publish"));
  }

  @Test
  void steadyModePublishesAtMostAThousandPerSecondAndDeliversThemAll() throws Exception {
    Options options =
        Options.defaults().withDuration(Duration.ofSeconds(1)).withWarmup(Duration.ZERO);

    Result result;
    try (Sink sink = Sink.start()) {
      result = new HooklineScenario(false, HooklineScenario.Mode.STEADY).run(sink, options);
    }

    // At most one event per millisecond for one second (fewer if publishing falls behind), and
    // every one published arrived (a shortfall would be noted).
    assertThat(result.requests()).isBetween(1L, 1_001L);
    assertThat(result.notes()).isEmpty();
    assertThat(result.latency()).isPresent();
  }
}
