package dev.hookline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadToolTest {

  @Test
  void readsKeyValueOptions() {
    LoadTool.Invocation invocation =
        LoadTool.parse(
            "--scenarios=raw,wrk",
            "--duration=1500ms",
            "--warmup=0",
            "--concurrency=8",
            "--events=1_000",
            "--runs=3",
            "--postgres-url=jdbc:postgresql://localhost/bench");

    assertThat(invocation.scenarios()).extracting(Scenario::name).containsExactly("raw", "wrk");
    assertThat(invocation.options().duration()).isEqualTo(Duration.ofMillis(1500));
    assertThat(invocation.options().warmup()).isEqualTo(Duration.ZERO);
    assertThat(invocation.options().concurrency()).isEqualTo(8);
    assertThat(invocation.options().events()).hasValue(1000);
    assertThat(invocation.options().postgresUrl()).hasValue("jdbc:postgresql://localhost/bench");
    assertThat(invocation.runs()).isEqualTo(3);
  }

  @Test
  void defaultsToEveryScenarioForTenSeconds() {
    LoadTool.Invocation invocation = LoadTool.parse();

    assertThat(invocation.scenarios()).isEqualTo(LoadTool.SCENARIOS);
    assertThat(invocation.options()).isEqualTo(Options.defaults());
  }

  @Test
  void durationsTakeUnits() {
    assertThat(LoadTool.duration("d", "10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(LoadTool.duration("d", "10")).isEqualTo(Duration.ofSeconds(10));
    assertThat(LoadTool.duration("d", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(LoadTool.duration("d", "PT1S")).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void unknownOptionNamesTheKnownOnes() {
    assertThatThrownBy(() -> LoadTool.parse("--speed=fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--speed")
        .hasMessageContaining("--duration");
  }

  @Test
  void unknownScenarioNamesTheKnownOnes() {
    assertThatThrownBy(() -> LoadTool.parse("--scenarios=raw,curl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("curl")
        .hasMessageContaining("wrk");
  }

  @Test
  void badValuesAreRejected() {
    assertThatThrownBy(() -> LoadTool.parse("--concurrency=0"))
        .hasMessageContaining("--concurrency");
    assertThatThrownBy(() -> LoadTool.parse("--duration=soon")).hasMessageContaining("--duration");
    assertThatThrownBy(() -> LoadTool.parse("duration=10s")).hasMessageContaining("--key=value");
  }

  @Test
  void tableShowsMedianRunAndRatiosToBaselines() {
    Map<String, List<LoadTool.Row>> rows = new LinkedHashMap<>();
    rows.put("wrk", List.of(row("wrk", 80_000), row("wrk", 90_000), row("wrk", 85_000)));
    rows.put("raw", List.of(row("raw", 40_000), row("raw", 42_500), row("raw", 45_000)));
    rows.put(
        "other",
        List.of(new LoadTool.Row(Result.unavailable("other", "other unavailable"), 0, false)));

    String table = LoadTool.table(rows);

    assertThat(table.lines())
        .containsExactly(
            "scenario  requests  errors   req/s  vs wrk  vs raw  p50  p99  CPU/req  peak heap  notes",
            "wrk        850,000       0  85,000    1.00    2.00    -    -        -     10 MiB  median"
                + " of 3: 80,000..90,000",
            "raw        425,000       0  42,500    0.50    1.00    -    -        -     10 MiB  median"
                + " of 3: 40,000..45,000",
            "other            -       -       -       -       -    -    -        -          -  other"
                + " unavailable");
  }

  @Test
  void tableBreaksCpuPerRequestDown() {
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("sink", 15.2);
    parts.put("client", 26.0);
    parts.put("engine", 0.2);
    Result measured =
        Result.measured("raw", 420_000, 0, Duration.ofSeconds(10)).withCpu(new CpuUse(41.4, parts));

    String table =
        LoadTool.table(Map.of("raw", List.of(new LoadTool.Row(measured, 10L << 20, false))));

    assertThat(table.lines())
        .containsExactly(
            "scenario  requests  errors   req/s  vs wrk  vs raw  p50  p99  CPU/req  peak heap  notes",
            "raw        420,000       0  42,000       -    1.00    -    -    41 µs     10 MiB",
            "CPU per request by part, µs (threads by name; see the legend):",
            "  raw  sink 15 · client 26");
  }

  @Test
  void printsHooklinePgOverDbSchedulerOnlyWhenBothRan() {
    String both =
        LoadTool.peerRatio(
            Map.of(
                "hookline-pg", List.of(row("hookline-pg", 9_000)),
                "db-scheduler", List.of(row("db-scheduler", 3_000))));
    String one = LoadTool.peerRatio(Map.of("hookline-pg", List.of(row("hookline-pg", 9_000))));

    assertThat(both).isEqualTo("hookline-pg / db-scheduler: 3.00 ×" + System.lineSeparator());
    assertThat(one).isEmpty();
  }

  @Test
  void payloadIsOneKibibyteOfJson() throws Exception {
    assertThat(Payload.bytes()).hasSize(1024);
    assertThat(new ObjectMapper().readTree(Payload.JSON).path("type").asText())
        .isEqualTo("order.created");
  }

  private static LoadTool.Row row(String scenario, long perSecond) {
    return new LoadTool.Row(
        Result.measured(scenario, perSecond * 10, 0, Duration.ofSeconds(10)), 10L << 20, false);
  }
}
