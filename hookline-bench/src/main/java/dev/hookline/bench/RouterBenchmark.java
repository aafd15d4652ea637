package dev.hookline.bench;

import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import dev.hookline.routing.ContentFilter;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Filters;
import dev.hookline.routing.RouteResult;
import dev.hookline.routing.Router;
import dev.hookline.routing.SkipReason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of {@link Router#route} with {@value #ENDPOINTS} registered endpoints, one thread, the
 * same {@link Event} instance every call (so nothing is cached between calls: each route builds its
 * own routing context, CEL variables included).
 *
 * <p>{@code endpoints} (the hot path: what delivery needs) runs for each {@code scenario}:
 *
 * <ul>
 *   <li>{@code exact}: endpoint {@code i} subscribes to the exact type {@code bench.type_i}, with
 *       no filters and no condition; the event is {@code bench.type_42}, so the router's exact-type
 *       index yields one candidate and 1 endpoint takes it.
 *   <li>{@code cel}: every endpoint subscribes to {@code *} (even {@code i}) or {@code security.*}
 *       (odd {@code i}), both matching the event {@code security.alert}, and has the condition
 *       {@code data.confidence > T && "security" in tags} with {@code T} = 0.00, 0.01 ... 0.99; the
 *       event has {@code confidence} 0.495 and the tag {@code security}, so all 100 conditions are
 *       evaluated and 50 endpoints take it (50 skip with {@code CONDITION_FALSE}).
 *   <li>{@code filters}: every endpoint subscribes to {@code deploy.failed} (even) or {@code
 *       deploy.*} (odd) and has declarative filters, no condition: {@code min_severity} cycling
 *       info/warning/error/critical, {@code platforms} [web, telegram] (or [telegram, discord] for
 *       every fifth) and a {@code regex} content filter on {@code error.message} ({@code
 *       timeout|refused}, or {@code (?i)disk full} for every third). The event ({@code error},
 *       platform {@code web}, message {@code database timeout on shard 7}) passes all three for 40
 *       endpoints; the 60 others skip with {@code SEVERITY}, {@code PLATFORM} or {@code
 *       CONTENT_FILTER}.
 * </ul>
 *
 * <p>{@code skippedCel} routes the {@code cel} scenario and reads {@link RouteResult#skipped()}
 * (the debug path: the 50 skip records). Setup checks the matched and skipped counts, so a change
 * in routing semantics fails the run rather than silently measuring something else.
 *
 * <p>Run: {@code java -jar hookline-bench/target/hookline-bench.jar RouterBenchmark -f 1 -wi 3 -w
 * 2s -i 5 -r 2s}; add {@code -prof gc} for allocation per route ({@code gc.alloc.rate.norm}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RouterBenchmark {
  static final int ENDPOINTS = 100;

  /** A fixed clock: no time window or {@code now} is involved, but routing reads the clock. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-02T10:00:00Z"), ZoneOffset.UTC);

  /** One router and one event per scenario, for the hot path. */
  @State(Scope.Thread)
  public static class Scenario {
    /** Which endpoints are registered; see the class comment. */
    @Param({"exact", "cel", "filters"})
    public String scenario;

    Router router;
    Event event;

    /** Registers the endpoints of {@link #scenario} and checks the routing outcome. */
    @Setup(Level.Trial)
    public void setUp() {
      router = Router.create(CLOCK);
      switch (scenario) {
        case "exact" -> {
          event = exactEvent();
          addExact(router);
          expect(router, event, 1, SkipReason.TYPE_NOT_SUBSCRIBED);
        }
        case "cel" -> {
          event = celEvent();
          addCel(router);
          expect(router, event, 50, SkipReason.CONDITION_FALSE);
        }
        case "filters" -> {
          event = filtersEvent();
          addFilters(router);
          expect(router, event, 40, null);
        }
        default -> throw new IllegalArgumentException("unknown scenario " + scenario);
      }
    }
  }

  /** The {@code cel} scenario alone, for the debug path. */
  @State(Scope.Thread)
  public static class CelScenario {
    Router router;
    Event event;

    /** Registers the {@code cel} endpoints. */
    @Setup(Level.Trial)
    public void setUp() {
      router = Router.create(CLOCK);
      event = celEvent();
      addCel(router);
      expect(router, event, 50, SkipReason.CONDITION_FALSE);
    }
  }

  /** One route, reading the endpoints that take the event. */
  @Benchmark
  public void endpoints(Scenario s, Blackhole bh) {
    bh.consume(s.router.route(s.event).endpoints());
  }

  /** One route of the {@code cel} scenario, reading why the other 50 endpoints skipped it. */
  @Benchmark
  public void skippedCel(CelScenario s, Blackhole bh) {
    bh.consume(s.router.route(s.event).skipped());
  }

  static Event exactEvent() {
    return Event.builder("bench.type_42").data(Map.of("n", 42)).build();
  }

  static void addExact(Router router) {
    for (int i = 0; i < ENDPOINTS; i++) {
      router.add(endpoint(i).events("bench.type_" + i).build());
    }
  }

  static Event celEvent() {
    return Event.builder("security.alert")
        .data(Map.of("confidence", 0.495, "rule", "ssh-bruteforce"))
        .tags(List.of("prod", "security"))
        .build();
  }

  static void addCel(Router router) {
    for (int i = 0; i < ENDPOINTS; i++) {
      String threshold = String.format(Locale.ROOT, "%.2f", i / 100.0);
      router.add(
          endpoint(i)
              .events(i % 2 == 0 ? "*" : "security.*")
              .when("data.confidence > " + threshold + " && \"security\" in tags")
              .build());
    }
  }

  static Event filtersEvent() {
    return Event.builder("deploy.failed")
        .severity(Severity.ERROR)
        .platform("web")
        .data(Map.of("error", Map.of("message", "database timeout on shard 7")))
        .build();
  }

  static void addFilters(Router router) {
    Severity[] severities = {Severity.INFO, Severity.WARNING, Severity.ERROR, Severity.CRITICAL};
    for (int i = 0; i < ENDPOINTS; i++) {
      Filters filters =
          Filters.builder()
              .minSeverity(severities[i % severities.length])
              .platforms(i % 5 == 4 ? List.of("telegram", "discord") : List.of("web", "telegram"))
              .contentFilter(
                  ContentFilter.regex(
                      "error.message", i % 3 == 2 ? "(?i)disk full" : "timeout|refused"))
              .build();
      router.add(
          endpoint(i).events(i % 2 == 0 ? "deploy.failed" : "deploy.*").filters(filters).build());
    }
  }

  private static Endpoint.Builder endpoint(int i) {
    return Endpoint.builder("ep-" + i, "https://hooks.example.com/" + i);
  }

  /** Fails setup unless {@code matched} endpoints take the event and the rest skip it. */
  static void expect(Router router, Event event, int matched, SkipReason onlyReason) {
    RouteResult r = router.route(event);
    int skipped = r.skipped().size();
    if (r.endpoints().size() != matched || skipped != ENDPOINTS - matched) {
      throw new IllegalStateException(
          "expected "
              + matched
              + " matched, got "
              + r.endpoints().size()
              + "; "
              + skipped
              + " skipped: "
              + r.skipped());
    }
    if (onlyReason != null && r.skipped().stream().anyMatch(skip -> skip.reason() != onlyReason)) {
      throw new IllegalStateException("expected only " + onlyReason + " skips: " + r.skipped());
    }
  }
}
