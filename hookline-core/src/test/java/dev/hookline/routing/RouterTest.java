package dev.hookline.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static final Instant MONDAY_NOON = Instant.parse("2026-11-23T12:00:00Z");
  private final Router router = Router.create(Clock.fixed(MONDAY_NOON, ZoneOffset.UTC));

  private static Endpoint.Builder endpoint(String id, String... patterns) {
    return Endpoint.builder(id, "https://" + id + ".example.com/hook").events(patterns);
  }

  private static List<String> ids(RouteResult result) {
    return result.endpoints().stream().map(Endpoint::id).toList();
  }

  private static List<SkipReason> reasons(RouteResult result) {
    return result.skipped().stream().map(Skip::reason).toList();
  }

  @Test
  void exactPatternMatchesOnlyThatType() {
    router.add(endpoint("exact", "prediction").build());

    RouteResult hit = router.route(Event.builder("prediction").build());
    RouteResult miss = router.route(Event.builder("prediction.made").build());

    assertThat(ids(hit)).containsExactly("exact");
    assertThat(ids(miss)).isEmpty();
  }

  @Test
  void starMatchesEveryType() {
    router.add(endpoint("all", "*").build());

    RouteResult result = router.route(Event.builder("github.pull_request.opened").build());

    assertThat(ids(result)).containsExactly("all");
  }

  @Test
  void trailingWildcardMatchesAnyDepthBelowThePrefix() {
    router.add(endpoint("github", "github.*").build());
    router.add(endpoint("prs", "github.pull_request.*").build());

    RouteResult push = router.route(Event.builder("github.push").build());
    RouteResult opened = router.route(Event.builder("github.pull_request.opened").build());
    RouteResult bare = router.route(Event.builder("github").build());

    assertThat(ids(push)).containsExactly("github");
    assertThat(ids(opened)).containsExactly("github", "prs");
    assertThat(ids(bare)).isEmpty();
  }

  @Test
  void wildcardInsideASegmentStaysInThatSegment() {
    router.add(endpoint("tools", "tool_execution_*").build());
    router.add(endpoint("levels", "level_*_prediction").build());

    RouteResult failed = router.route(Event.builder("tool_execution_failed").build());
    RouteResult level = router.route(Event.builder("level_4_prediction").build());
    RouteResult deeper = router.route(Event.builder("tool_execution_failed.retry").build());

    assertThat(ids(failed)).containsExactly("tools");
    assertThat(ids(level)).containsExactly("levels");
    assertThat(ids(deeper)).isEmpty();
  }

  @Test
  void matchesComeInRegistrationOrderWhateverThePatternKind() {
    router.add(endpoint("a-glob", "pred*").build());
    router.add(endpoint("b-exact", "prediction").build());
    router.add(endpoint("c-all", "*").build());
    router.add(endpoint("d-exact-and-glob", "prediction", "x.*").build());
    router.add(endpoint("e-both-match", "prediction", "predic*").build());

    RouteResult result = router.route(Event.builder("prediction").build());

    assertThat(ids(result))
        .containsExactly("a-glob", "b-exact", "c-all", "d-exact-and-glob", "e-both-match");
    assertThat(result.skipped()).isEmpty();
  }

  @Test
  void everyNonMatchingEndpointHasASkipWithItsReason() {
    Event event =
        Event.builder("error_occurred")
            .severity(Severity.WARNING)
            .platform("web")
            .userId("guest")
            .put("error", Map.of("message", "disk full"))
            .put("confidence", 0.5)
            .build();
    router.add(endpoint("taken", "error_occurred").build());
    router.add(endpoint("disabled", "error_occurred").enabled(false).build());
    router.add(endpoint("other-type", "prediction").build());
    router.add(
        endpoint("platform", "*").filters(Filters.builder().platforms("telegram").build()).build());
    router.add(
        endpoint("user", "*").filters(Filters.builder().users("admin_user").build()).build());
    router.add(
        endpoint("severity", "*")
            .filters(Filters.builder().minSeverity(Severity.ERROR).build())
            .build());
    router.add(
        endpoint("content", "*")
            .filters(
                Filters.builder()
                    .contentFilter(ContentFilter.contains("error.message", "database"))
                    .build())
            .build());
    router.add(
        endpoint("night", "*")
            .filters(Filters.builder().timeWindow(TimeWindow.of(22, 6)).build())
            .build());
    router.add(endpoint("false", "*").when("data.confidence > 0.85").build());
    router.add(endpoint("error", "*").when("data.missing > 1").build());
    router.add(endpoint("predicate", "*").predicate("is-admin", e -> false).build());

    RouteResult result = router.route(event);

    assertThat(ids(result)).containsExactly("taken");
    assertThat(result.skipped())
        .extracting(Skip::endpointId)
        .containsExactly(
            "disabled",
            "other-type",
            "platform",
            "user",
            "severity",
            "content",
            "night",
            "false",
            "error",
            "predicate");
    assertThat(reasons(result))
        .containsExactly(
            SkipReason.DISABLED,
            SkipReason.TYPE_NOT_SUBSCRIBED,
            SkipReason.PLATFORM,
            SkipReason.USER,
            SkipReason.SEVERITY,
            SkipReason.CONTENT_FILTER,
            SkipReason.TIME_WINDOW,
            SkipReason.CONDITION_FALSE,
            SkipReason.CONDITION_ERROR,
            SkipReason.PREDICATE);
  }

  @Test
  void skipDetailsSayWhy() {
    router.add(endpoint("other-type", "prediction", "github.*").build());
    router.add(
        endpoint("severity", "*")
            .filters(Filters.builder().minSeverity(Severity.WARNING).build())
            .build());
    router.add(endpoint("false", "*").when("data.confidence > 0.85").build());
    router.add(endpoint("error", "*").when("data.confidence > 0.85").build());
    router.add(endpoint("predicate", "*").predicate(e -> false).build());
    Event info = Event.builder("alert").severity(Severity.INFO).put("confidence", 0.2).build();
    Event noConfidence = Event.builder("alert").severity(Severity.INFO).build();

    RouteResult first = router.route(info);
    RouteResult second = router.route(noConfidence);

    assertThat(first.skipOf("other-type"))
        .hasValueSatisfying(
            s ->
                assertThat(s.detail())
                    .isEqualTo("type 'alert' matches none of [prediction, github.*]"));
    assertThat(first.skipOf("severity"))
        .hasValueSatisfying(
            s -> assertThat(s.detail()).isEqualTo("severity info is below min_severity warning"));
    assertThat(first.skipOf("false"))
        .hasValueSatisfying(
            s -> assertThat(s.detail()).isEqualTo("when 'data.confidence > 0.85' is false"));
    assertThat(second.skipOf("error"))
        .hasValueSatisfying(
            s ->
                assertThat(s.detail())
                    .isEqualTo(
                        "when 'data.confidence > 0.85' failed: key 'confidence' is not present in"
                            + " map (column 5)"));
    assertThat(first.skipOf("predicate"))
        .hasValueSatisfying(s -> assertThat(s.detail()).isEqualTo("predicate #1 returned false"));
  }

  @Test
  void seedsConditionalWebhooksRouteByCondition() {
    router.add(
        endpoint("slack-high-confidence", "level_4_prediction")
            .when("data.confidence > 0.85")
            .build());
    router.add(
        endpoint("security-team", "level_4_prediction").when("\"security\" in data.tags").build());
    router.add(
        endpoint("business-hours", "level_4_prediction")
            .filters(Filters.builder().timeWindow(TimeWindow.of(9, 17, ZoneId.of("UTC"))).build())
            .build());
    Event event =
        Event.builder("level_4_prediction")
            .put("prediction", "disk will fill")
            .put("confidence", 0.91)
            .put("tags", List.of("infra"))
            .build();

    RouteResult result = router.route(event);

    assertThat(ids(result)).containsExactly("slack-high-confidence", "business-hours");
    assertThat(reasons(result)).containsExactly(SkipReason.CONDITION_FALSE);
  }

  @Test
  void timeWindowUsesTheRoutersClock() {
    Router evening =
        Router.create(Clock.fixed(Instant.parse("2026-11-23T19:00:00Z"), ZoneOffset.UTC));
    Endpoint businessHours =
        endpoint("office", "*")
            .filters(Filters.builder().timeWindow(TimeWindow.of(9, 17)).build())
            .build();
    router.add(businessHours);
    evening.add(businessHours);
    Event event = Event.builder("prediction").build();

    RouteResult atNoon = router.route(event);
    RouteResult atSeven = evening.route(event);

    assertThat(ids(atNoon)).containsExactly("office");
    assertThat(reasons(atSeven)).containsExactly(SkipReason.TIME_WINDOW);
  }

  @Test
  void conditionNowIsTheRoutersClock() {
    router.add(endpoint("lunch", "*").when("now.getHours(\"UTC\") == 12").build());

    RouteResult result = router.route(Event.builder("prediction").build());

    assertThat(ids(result)).containsExactly("lunch");
  }

  @Test
  void predicateThatThrowsSkipsOnlyItsEndpoint() {
    router.add(
        endpoint("broken", "*")
            .predicate(
                "needs-user",
                e -> {
                  throw new IllegalStateException("no user");
                })
            .build());
    router.add(endpoint("fine", "*").predicate(e -> e.type().equals("prediction")).build());

    RouteResult result = router.route(Event.builder("prediction").build());

    assertThat(ids(result)).containsExactly("fine");
    assertThat(result.skipped())
        .containsExactly(
            new Skip(
                "broken",
                SkipReason.PREDICATE,
                "predicate needs-user threw IllegalStateException: no user"));
  }

  @Test
  void predicatesRunAfterFiltersAndCondition() {
    List<String> seen = new ArrayList<>();
    router.add(
        endpoint("guarded", "*")
            .when("severity == \"error\"")
            .predicate(
                e -> {
                  seen.add(e.id());
                  return true;
                })
            .build());

    router.route(Event.builder("prediction").id("evt_info").build());
    router.route(Event.builder("prediction").id("evt_error").severity(Severity.ERROR).build());

    assertThat(seen).containsExactly("evt_error");
  }

  @Test
  void disabledEndpointIsSkippedEvenForItsTypes() {
    router.add(endpoint("off", "prediction", "github.*").enabled(false).build());

    RouteResult result = router.route(Event.builder("github.push").build());

    assertThat(result.isEmpty()).isTrue();
    assertThat(result.skipped())
        .containsExactly(new Skip("off", SkipReason.DISABLED, "endpoint is disabled"));
  }

  @Test
  void putReplacesInPlaceAndAddsNewOnesLast() {
    router.add(endpoint("a", "*").build());
    router.add(endpoint("b", "*").build());

    var replaced = router.put(endpoint("a", "prediction").build());
    var added = router.put(endpoint("c", "*").build());

    assertThat(replaced)
        .hasValueSatisfying(e -> assertThat(e.events().get(0).pattern()).isEqualTo("*"));
    assertThat(added).isEmpty();
    assertThat(router.endpoints()).extracting(Endpoint::id).containsExactly("a", "b", "c");
    assertThat(ids(router.route(Event.builder("other").build()))).containsExactly("b", "c");
  }

  @Test
  void addRefusesADuplicateId() {
    router.add(endpoint("a", "*").build());

    assertThatThrownBy(() -> router.add(endpoint("a", "prediction").build()))
        .isInstanceOf(DuplicateEndpointException.class)
        .hasMessage(
            "endpoint 'a' is already registered; remove it first or use put() to replace it");
  }

  @Test
  void removeUnregistersAndIsIdempotent() {
    router.add(endpoint("a", "prediction").build());
    router.add(endpoint("b", "prediction").build());

    var first = router.remove("a");
    var second = router.remove("a");

    assertThat(first).hasValueSatisfying(e -> assertThat(e.id()).isEqualTo("a"));
    assertThat(second).isEmpty();
    assertThat(router.endpoint("a")).isEmpty();
    assertThat(ids(router.route(Event.builder("prediction").build()))).containsExactly("b");
  }

  @Test
  void resultKeepsTheEndpointsOfItsSnapshot() {
    router.add(endpoint("a", "prediction").build());
    router.add(endpoint("b", "github.*").build());
    RouteResult result = router.route(Event.builder("prediction").build());

    router.remove("b");
    router.add(endpoint("c", "other").build());

    assertThat(result.skipped()).extracting(Skip::endpointId).containsExactly("b");
  }

  @Test
  void routingWhileEndpointsChangeAccountsForEveryEndpointOfItsSnapshot() throws Exception {
    for (int i = 0; i < 50; i++) {
      router.add(endpoint("e" + i, i % 2 == 0 ? "prediction" : "other.*").build());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Set<String>>> readers = new ArrayList<>();
    Future<?> writer;
    try {
      for (int t = 0; t < 3; t++) {
        readers.add(
            pool.submit(
                () -> {
                  start.await();
                  Set<String> accounts = new TreeSet<>();
                  for (int n = 0; n < 2_000; n++) {
                    RouteResult r = router.route(Event.builder("prediction").build());
                    List<String> seen = new ArrayList<>(ids(r));
                    r.skipped().forEach(s -> seen.add(s.endpointId()));
                    accounts.add(
                        seen.size() + " endpoints, " + Set.copyOf(seen).size() + " distinct");
                  }
                  return accounts;
                }));
      }
      writer =
          pool.submit(
              () -> {
                start.await();
                for (int n = 0; n < 500; n++) {
                  router.put(endpoint("e" + (n % 50), n % 3 == 0 ? "*" : "prediction").build());
                  router.remove("tmp");
                  router.put(endpoint("tmp", "prediction").build());
                }
                return null;
              });

      start.countDown();
      writer.get();
      Set<String> accounts = new TreeSet<>();
      for (Future<Set<String>> reader : readers) {
        accounts.addAll(reader.get());
      }

      assertThat(accounts)
          .isSubsetOf("50 endpoints, 50 distinct", "51 endpoints, 51 distinct")
          .isNotEmpty();
    } finally {
      pool.shutdownNow();
    }
  }
}
