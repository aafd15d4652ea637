package dev.hookline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RawJettyScenarioTest {

  @Test
  void sinkCountsEveryRequestAndEveryIdExactlyOnce() throws Exception {
    Options options = Options.defaults().withEvents(1000).withWarmup(Duration.ZERO);

    Result result;
    Sink.Report report;
    long requests;
    long distinct;
    try (Sink sink = Sink.start()) {
      result = new RawJettyScenario().run(sink, options);
      report = sink.report();
      requests = sink.requests();
      distinct = sink.distinctIds();
    }

    assertThat(result.requests()).isEqualTo(1000);
    assertThat(result.errors()).isZero();
    assertThat(result.notes()).isEmpty();
    assertThat(requests).isEqualTo(1000);
    assertThat(distinct).isEqualTo(1000);
    assertThat(report.distinct()).isEqualTo(1000);
    assertThat(report.duplicates()).isZero();
    assertThat(report.unmatched()).isZero();
    assertThat(report.missing()).isZero();
    assertThat(report.latency()).hasValueSatisfying(l -> assertThat(l.samples()).isEqualTo(1000));
    assertThat(result.latency()).isPresent();
    assertThat(result.cpu())
        .hasValueSatisfying(
            cpu -> {
              assertThat(cpu.parts()).containsKeys("client", "sink");
              assertThat(cpu.total())
                  .isGreaterThanOrEqualTo(cpu.parts().get("client") + cpu.parts().get("sink"));
            });
  }

  @Test
  void warmupRequestsAreNotCounted() throws Exception {
    Options options =
        Options.defaults().withEvents(200).withWarmup(Duration.ofMillis(200)).withConcurrency(8);

    Result result;
    long requests;
    try (Sink sink = Sink.start()) {
      result = new RawJettyScenario().run(sink, options);
      requests = sink.requests();
    }

    assertThat(result.requests()).isEqualTo(200);
    assertThat(requests).isEqualTo(200);
  }
}
