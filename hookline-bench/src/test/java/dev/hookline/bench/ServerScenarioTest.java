package dev.hookline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ServerScenarioTest {
  static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  @Test
  void everyEventPostedToTheServerOnPostgresArrivesAtTheSink() throws Exception {
    if (!"true".equals(System.getenv("CI"))) {
      try (var c = DriverManager.getConnection(POSTGRES)) {
        Assumptions.assumeTrue(c.isValid(5), "PostgreSQL not valid at " + POSTGRES);
      } catch (java.sql.SQLException e) {
        Assumptions.abort("PostgreSQL unreachable at " + POSTGRES + ": " + e.getMessage());
      }
    }
    Options options =
        Options.defaults().withEvents(2_000).withWarmup(Duration.ZERO).withPostgresUrl(POSTGRES);

    Result result;
    try (Sink sink = Sink.start()) {
      result = new ServerScenario(true).run(sink, options);
    }

    assertThat(result.requests()).isEqualTo(2_000);
    assertThat(result.notes()).isEmpty();
    assertThat(result.perSecond().getAsDouble()).isPositive();
  }

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
  void everyEventWrkPostsOneByOneArrivesAtTheSink() throws Exception {
    Assumptions.assumeTrue(WrkScenario.locate().isPresent(), "wrk unavailable");
    Options options =
        Options.defaults().withDuration(Duration.ofSeconds(2)).withWarmup(Duration.ZERO);

    Result result;
    try (Sink sink = Sink.start()) {
      result = new ServerSingleScenario(false).run(sink, options);
    }

    assertThat(result.available()).isTrue();
    assertThat(result.requests()).isPositive();
    assertThat(result.notes()).noneMatch(n -> n.startsWith("NOT ALL DELIVERED"));
    assertThat(result.notes()).anyMatch(n -> n.startsWith("first 10 s: "));
    assertThat(result.perSecond().getAsDouble()).isPositive();
    assertThat(result.cpu())
        .hasValueSatisfying(
            cpu -> assertThat(cpu.parts().keySet()).anyMatch(p -> p.startsWith("server:")));
  }

  @Test
  void everyEventWrkPostsOneByOneToTheServerOnPostgresArrivesAtTheSink() throws Exception {
    assumePostgres();
    Assumptions.assumeTrue(WrkScenario.locate().isPresent(), "wrk unavailable");
    Options options =
        Options.defaults()
            .withDuration(Duration.ofSeconds(2))
            .withWarmup(Duration.ZERO)
            .withPostgresUrl(POSTGRES);

    Result result;
    try (Sink sink = Sink.start()) {
      result = new ServerSingleScenario(true).run(sink, options);
    }

    assertThat(result.available()).isTrue();
    assertThat(result.requests()).isPositive();
    assertThat(result.notes()).noneMatch(n -> n.startsWith("NOT ALL DELIVERED"));
    assertThat(result.perSecond().getAsDouble()).isPositive();
  }

  @Test
  void singleScriptGivesEveryRequestItsOwnIdAndTheApiKey() {
    String script = ServerSingleScenario.luaScript("abcd1234");

    assertThat(script)
        .contains("wrk.headers[\"Authorization\"] = \"Bearer " + ServerProcess.API_KEY + "\"")
        .contains("wrk.headers[\"Content-Type\"] = \"application/json\"")
        .contains("thread:set(\"tid\"")
        .contains("abcd1234-' .. tid .. '-' .. counter")
        .contains(Payload.JSON.substring(1));
  }

  private static void assumePostgres() {
    if (!"true".equals(System.getenv("CI"))) {
      try (var c = DriverManager.getConnection(POSTGRES)) {
        Assumptions.assumeTrue(c.isValid(5), "PostgreSQL not valid at " + POSTGRES);
      } catch (java.sql.SQLException e) {
        Assumptions.abort("PostgreSQL unreachable at " + POSTGRES + ": " + e.getMessage());
      }
    }
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
