package dev.hookline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreScenarioTest {

  @Test
  void completesEveryAcceptedDeliveryAndCountsTheWriterAsTheStore() throws Exception {
    Options options = Options.defaults().withEvents(3_000).withWarmup(Duration.ZERO);

    Result result;
    try (Sink sink = Sink.start()) {
      result = new StoreScenario(false).run(sink, options);
    }

    assertThat(result.requests()).isEqualTo(3_000);
    assertThat(result.cpu())
        .hasValueSatisfying(cpu -> assertThat(cpu.parts()).containsKeys("store", "publish"));
  }

  @Test
  void postgresWithoutAUrlIsUnavailableNotAFailure() throws Exception {
    Result result;
    try (Sink sink = Sink.start()) {
      result = new StoreScenario(true).run(sink, Options.defaults());
    }

    assertThat(result.available()).isFalse();
    assertThat(result.notes()).singleElement().asString().contains("--postgres-url");
  }
}
