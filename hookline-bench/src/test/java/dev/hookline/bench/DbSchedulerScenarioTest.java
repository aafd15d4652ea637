package dev.hookline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DbSchedulerScenarioTest {
  private static final String URL =
      System.getenv()
          .getOrDefault(
              "HOOKLINE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  @Test
  void deliversEveryScheduledEventToTheSink() throws Exception {
    assumePostgres();
    Options options =
        Options.defaults().withEvents(1_000).withWarmup(Duration.ZERO).withPostgresUrl(URL);

    Result result;
    Sink.Report report;
    try (Sink sink = Sink.start()) {
      result = new DbSchedulerScenario().run(sink, options);
      report = sink.report();
    }

    assertThat(result.requests()).isEqualTo(1_000);
    assertThat(result.notes()).noneMatch(n -> n.startsWith("NOT ALL DELIVERED"));
    assertThat(report.missing()).isZero();
    assertThat(result.latency()).isPresent();
  }

  @Test
  void isUnavailableWithoutPostgres() throws Exception {
    Result result;
    try (Sink sink = Sink.start()) {
      result = new DbSchedulerScenario().run(sink, Options.defaults());
    }

    assertThat(result.available()).isFalse();
    assertThat(result.notes()).anyMatch(n -> n.contains("--postgres-url"));
  }

  /** Skips when PostgreSQL is unreachable, except under CI=true, where the test fails. */
  private static void assumePostgres() {
    boolean reachable;
    try (Connection c = DriverManager.getConnection(URL)) {
      reachable = c.isValid(5);
    } catch (SQLException e) {
      reachable = false;
    }
    if (!reachable && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true but PostgreSQL is unreachable at " + URL);
    }
    assumeTrue(reachable, "PostgreSQL unreachable at " + URL + "; set CI=true to fail");
  }
}
