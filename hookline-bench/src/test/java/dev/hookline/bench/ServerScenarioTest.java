package dev.hookline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerScenarioTest {

  @Test
  void everyEventPostedToTheServerArrivesAtTheSink() throws Exception {
    Options options = Options.defaults().withEvents(4_000).withWarmup(Duration.ZERO);

    Result result;
    Sink.Report report;
    try (Sink sink = Sink.start()) {
      result = new ServerScenario(false).run(sink, options);
      report = sink.report();
    }

    assertThat(result.requests()).isEqualTo(4_000);
    assertThat(result.notes()).isEmpty(); // a shortfall would be noted
    assertThat(report.missing()).isZero();
    assertThat(result.perSecond().getAsDouble()).isPositive();
    assertThat(result.cpu())
        .hasValueSatisfying(
            cpu -> assertThat(cpu.parts().keySet()).anyMatch(p -> p.startsWith("server:")));
  }

  @Test
  void startTimesTheServerUntilHealthIsOk() throws Exception {
    Result result;
    try (Sink sink = Sink.start()) {
      result = new StartScenario(2).run(sink, Options.defaults());
    }

    assertThat(result.requests()).isEqualTo(2);
    assertThat(result.elapsed()).isPositive();
    assertThat(result.notes()).singleElement().asString().startsWith("median ");
  }
}
