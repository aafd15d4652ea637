package dev.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link Store} must have; run against SQLite and PostgreSQL. */
abstract class StoreContract {
  static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
  static final Lease NODE_A = new Lease("node-a", T0.plusSeconds(60));
  static final Lease NODE_B = new Lease("node-b", T0.plusSeconds(600));

  Outbox store;

  abstract Store open() throws Exception;

  /** Runs {@code sql} on the store's database behind its back (to stage what another node did). */
  abstract void execute(String sql) throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    store = Outbox.of(open());
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  static Event event(String id) {
    return Event.builder("prediction").id(id).timestamp(T0).put("confidence", 0.9).build();
  }

  Delivery acceptOne(String eventId, String endpoint) {
    return store
        .accept(
            event(eventId),
            List.of(new NewDelivery(endpoint, false)),
            Map.of(),
            T0,
            Optional.empty())
        .deliveries()
        .get(0);
  }

  static Completion completion(Claimed c, int status, DeliveryStatus next, Instant retryAt) {
    Delivery d = c.delivery();
    Attempt attempt =
        new Attempt(
            d.id(),
            d.endpointId(),
            d.attempts(),
            T0,
            Duration.ofMillis(12),
            OptionalInt.of(status),
            status < 300 ? Optional.empty() : Optional.of("HTTP " + status),
            Optional.of("body"),
            "node-a");
    return new Completion(attempt, next, retryAt, "node-a");
  }

  @Test
  void endpointDefinitionsAreSavedReplacedAndDeleted() {
    store.saveEndpoint(new StoredEndpoint("b", "{\"id\":\"b\"}", StoredEndpoint.ORIGIN_API, T0));
    store.saveEndpoint(new StoredEndpoint("a", "{\"v\":1}", StoredEndpoint.ORIGIN_CONFIG, T0));
    store.saveEndpoint(
        new StoredEndpoint("a", "{\"v\":2}", StoredEndpoint.ORIGIN_API, T0.plusSeconds(5)));

    boolean deleted = store.deleteEndpoint("b");
    boolean deletedAgain = store.deleteEndpoint("b");

    assertThat(deleted).isTrue();
    assertThat(deletedAgain).isFalse();
    assertThat(store.endpoints())
        .containsExactly(
            new StoredEndpoint("a", "{\"v\":2}", StoredEndpoint.ORIGIN_API, T0.plusSeconds(5)));
  }

  @Test
  void acceptIsIdempotentOnEventId() {
    Accepted first =
        store.accept(
            event("evt_1"),
            List.of(new NewDelivery("a", false), new NewDelivery("b", false)),
            Map.of("c", "type not subscribed"),
            T0,
            Optional.empty());

    Accepted second =
        store.accept(
            event("evt_1"), List.of(new NewDelivery("a", false)), Map.of(), T0, Optional.empty());

    assertThat(first.created()).isTrue();
    assertThat(first.deliveries()).extracting(Delivery::endpointId).containsExactly("a", "b");
    assertThat(second.created()).isFalse();
    assertThat(second.deliveries()).isEmpty();
    assertThat(store.deliveries(DeliveryQuery.all()).items()).hasSize(2);
    assertThat(store.event("evt_1").orElseThrow().skips())
        .containsEntry("c", "type not subscribed");
  }

  @Test
  void storedEventReadsBackEqual() {
    Event e = event("evt_1").toBuilder().tag("security").userId("u1").build();

    store.accept(e, List.of(), Map.of(), T0, Optional.empty());

    assertThat(store.event("evt_1").orElseThrow().event()).isEqualTo(e);
    assertThat(store.event("evt_missing")).isEmpty();
  }

  @Test
  void acceptWithLeaseCreatesInFlightDeliveriesExceptFifo() {
    Accepted accepted =
        store.accept(
            event("evt_1"),
            List.of(new NewDelivery("fast", false), new NewDelivery("ordered", true)),
            Map.of(),
            T0,
            Optional.of(NODE_A));

    assertThat(accepted.deliveries())
        .extracting(Delivery::status, Delivery::attempts)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(DeliveryStatus.IN_FLIGHT, 1),
            org.assertj.core.groups.Tuple.tuple(DeliveryStatus.PENDING, 0));
    assertThat(store.claim(NODE_B, 10, T0))
        .extracting(c -> c.delivery().endpointId())
        .containsExactly("ordered");
  }

  @Test
  void claimTakesDueDeliveriesWithTheirEventsAndNumbersTheAttempt() {
    acceptOne("evt_1", "a");

    List<Claimed> claimed = store.claim(NODE_A, 10, T0);
    List<Claimed> again = store.claim(NODE_B, 10, T0);

    assertThat(claimed).hasSize(1);
    assertThat(claimed.get(0).event()).isEqualTo(event("evt_1"));
    assertThat(claimed.get(0).delivery().status()).isEqualTo(DeliveryStatus.IN_FLIGHT);
    assertThat(claimed.get(0).delivery().attempts()).isEqualTo(1);
    assertThat(again).isEmpty();
  }

  @Test
  void aDeliveryWhoseEventIsGoneIsHandedOverAsMissingWithoutFailingTheClaim() throws Exception {
    Delivery orphan = acceptOne("evt_gone", "a");
    acceptOne("evt_kept", "a");
    execute("DELETE FROM events WHERE id = 'evt_gone'");

    List<Claimed> claimed = store.claim(NODE_A, 10, T0);

    assertThat(claimed)
        .extracting(c -> c.delivery().eventId(), Claimed::eventMissing)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("evt_gone", true),
            org.assertj.core.groups.Tuple.tuple("evt_kept", false));
    Claimed missing = claimed.stream().filter(Claimed::eventMissing).findFirst().orElseThrow();
    assertThatThrownBy(missing::eventJson).hasMessageContaining("evt_gone");
    // The dispatcher ends it dead, like any other final failure; dead is final.
    Attempt attempt =
        new Attempt(
            orphan.id(),
            "a",
            missing.delivery().attempts(),
            T0,
            Duration.ZERO,
            OptionalInt.empty(),
            Optional.of("its event evt_gone is missing from the store; nothing to send"),
            Optional.empty(),
            "node-a");
    store.complete(
        List.of(new Completion(attempt, DeliveryStatus.DEAD, T0, "node-a")), T0.plusSeconds(1));
    Delivery dead = store.delivery(orphan.id()).orElseThrow();
    assertThat(dead.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(dead.lastError()).hasValueSatisfying(e -> assertThat(e).contains("evt_gone"));
    assertThat(store.claim(NODE_B, 10, NODE_A.until().plusSeconds(1)))
        .extracting(c -> c.delivery().eventId())
        .containsExactly("evt_kept");
  }

  @Test
  void claimRespectsTheLimit() {
    for (int i = 0; i < 5; i++) {
      acceptOne("evt_" + i, "a");
    }

    assertThat(store.claim(NODE_A, 3, T0)).hasSize(3);
    assertThat(store.claim(NODE_A, 3, T0)).hasSize(2);
  }

  @Test
  void successIsRecordedWithItsAttempt() {
    acceptOne("evt_1", "a");
    Claimed c = store.claim(NODE_A, 1, T0).get(0);

    store.complete(List.of(completion(c, 200, DeliveryStatus.SUCCEEDED, T0)), T0.plusSeconds(1));

    Delivery d = store.delivery(c.delivery().id()).orElseThrow();
    assertThat(d.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    assertThat(d.completedAt()).contains(T0.plusSeconds(1));
    assertThat(d.lastStatusCode()).hasValue(200);
    List<Attempt> attempts = store.attempts(d.id());
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).number()).isEqualTo(1);
    assertThat(attempts.get(0).duration()).isEqualTo(Duration.ofMillis(12));
    assertThat(attempts.get(0).responseSnippet()).contains("body");
  }

  @Test
  void aCompletionSentAgainAfterItsCommitWentThroughIsStillAppliedNotStale() {
    acceptOne("evt_1", "a");
    Claimed c = store.claim(NODE_A, 1, T0).get(0);
    List<Completion> dead = List.of(completion(c, 400, DeliveryStatus.DEAD, T0));

    java.util.Set<String> first = store.complete(dead, T0);
    // As the recorder does when it cannot tell whether the commit went through.
    java.util.Set<String> again = store.complete(dead, T0);

    assertThat(first).isEmpty();
    assertThat(again).as("its own outcome, found stored").isEmpty();
    assertThat(store.delivery(c.delivery().id()).orElseThrow().status())
        .isEqualTo(DeliveryStatus.DEAD);
    assertThat(store.attempts(c.delivery().id())).hasSize(1);
  }

  @Test
  void failedDeliveryIsClaimedAgainOnlyWhenItsRetryIsDue() {
    acceptOne("evt_1", "a");
    Claimed c = store.claim(NODE_A, 1, T0).get(0);
    Instant retryAt = T0.plusSeconds(5);

    store.complete(List.of(completion(c, 503, DeliveryStatus.FAILED, retryAt)), T0);

    assertThat(store.delivery(c.delivery().id()).orElseThrow().lastError()).contains("HTTP 503");
    assertThat(store.claim(NODE_A, 10, T0.plusSeconds(4))).isEmpty();
    List<Claimed> retried = store.claim(NODE_A, 10, retryAt);
    assertThat(retried).hasSize(1);
    assertThat(retried.get(0).delivery().attempts()).isEqualTo(2);
  }

  @Test
  void lapsedLeaseIsTakenOverAndTheOldNodesResultOnlyAddsItsAttempt() {
    acceptOne("evt_1", "a");
    Claimed byA = store.claim(NODE_A, 1, T0).get(0);

    List<Claimed> beforeLapse = store.claim(NODE_B, 10, NODE_A.until().minusSeconds(1));
    List<Claimed> afterLapse = store.claim(NODE_B, 10, NODE_A.until().plusSeconds(1));
    java.util.Set<String> stale =
        store.complete(List.of(completion(byA, 200, DeliveryStatus.SUCCEEDED, T0)), T0);

    assertThat(stale).containsExactly(byA.delivery().id()); // not a's outcome to report
    assertThat(beforeLapse).isEmpty();
    assertThat(afterLapse).hasSize(1);
    assertThat(afterLapse.get(0).delivery().attempts()).isEqualTo(2);
    Delivery d = store.delivery(byA.delivery().id()).orElseThrow();
    assertThat(d.status()).isEqualTo(DeliveryStatus.IN_FLIGHT);
    // Node b recorded a's attempt as interrupted when it took over; a's late result does not
    // overwrite it.
    assertThat(store.attempts(d.id()))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.number()).isEqualTo(1);
              assertThat(a.node()).isEqualTo("node-a");
              assertThat(a.error())
                  .hasValueSatisfying(e -> assertThat(e).contains("lease of node 'node-a' lapsed"));
            });
  }

  @Test
  void recoverGivesBackWhatARestartedNodeHeldAndRecordsTheInterruptedAttempt() {
    acceptOne("evt_1", "a");
    acceptOne("evt_2", "a");
    String held = store.claim(NODE_A, 1, T0).get(0).delivery().id();

    int recovered = store.recover("node-a", T0.plusSeconds(1));

    assertThat(recovered).isEqualTo(1);
    List<Claimed> again = store.claim(NODE_B, 10, T0.plusSeconds(1));
    assertThat(again)
        .extracting(c -> c.delivery().id().equals(held) ? c.delivery().attempts() : -1)
        .containsExactlyInAnyOrder(2, -1);
    assertThat(store.attempts(held))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.number()).isEqualTo(1);
              assertThat(a.statusCode()).isEmpty();
              assertThat(a.node()).isEqualTo("node-a");
              assertThat(a.error())
                  .hasValueSatisfying(e -> assertThat(e).startsWith("outcome unknown"));
            });
  }

  @Test
  void permitsHoldTheRateLimitAndFreeUpLater() {
    List<RateWindow> twoPerMinute = List.of(new RateWindow(2, Duration.ofMinutes(1)));

    assertThat(store.acquirePermit("ops", twoPerMinute, T0)).isEmpty();
    assertThat(store.acquirePermit("ops", twoPerMinute, T0.plusSeconds(1))).isEmpty();
    Optional<Instant> denied = store.acquirePermit("ops", twoPerMinute, T0.plusSeconds(30));

    assertThat(denied).hasValueSatisfying(t -> assertThat(t).isAfter(T0.plusSeconds(30)));
    assertThat(store.acquirePermit("other", twoPerMinute, T0.plusSeconds(30))).isEmpty();
    assertThat(store.acquirePermit("ops", twoPerMinute, T0.plusSeconds(120))).isEmpty();
  }

  @Test
  void aPermitIsTakenUnderEveryWindowOrNone() {
    List<RateWindow> limits =
        List.of(new RateWindow(3, Duration.ofMinutes(1)), new RateWindow(2, Duration.ofHours(1)));
    List<RateWindow> minuteOnly = List.of(new RateWindow(3, Duration.ofMinutes(1)));
    store.acquirePermit("ops", limits, T0);
    store.acquirePermit("ops", limits, T0);

    Optional<Instant> deniedByHour = store.acquirePermit("ops", limits, T0);

    assertThat(deniedByHour).isPresent();
    // The minute window was not charged for the denied permit: 2 taken, so one more fits in 3.
    assertThat(store.acquirePermit("ops", minuteOnly, T0)).isEmpty();
  }

  @Test
  void renewedLeasesAreNotTakenOver() {
    acceptOne("evt_1", "a");
    store.claim(NODE_A, 1, T0);

    String held = store.deliveries(DeliveryQuery.all()).items().get(0).id();
    int renewed = store.renewLeases(new Lease("node-a", T0.plusSeconds(3600)), List.of(held), T0);

    assertThat(renewed).isEqualTo(1);
    assertThat(store.claim(NODE_B, 10, NODE_A.until().plusSeconds(1))).isEmpty();
  }

  @Test
  void fifoEndpointClaimsOnlyItsOldestUnfinishedDelivery() {
    for (int i = 0; i < 3; i++) {
      store.accept(
          event("evt_" + i), List.of(new NewDelivery("f", true)), Map.of(), T0, Optional.empty());
    }

    List<Claimed> first = store.claim(NODE_A, 10, T0);
    List<Claimed> whileFirstInFlight = store.claim(NODE_A, 10, T0);
    store.complete(List.of(completion(first.get(0), 200, DeliveryStatus.SUCCEEDED, T0)), T0);
    List<Claimed> second = store.claim(NODE_A, 10, T0);

    assertThat(first).extracting(c -> c.event().id()).containsExactly("evt_0");
    assertThat(whileFirstInFlight).isEmpty();
    assertThat(second).extracting(c -> c.event().id()).containsExactly("evt_1");
  }

  @Test
  void fifoIdsKeepAcceptanceOrderAfterAnIdFromAClockAhead() throws Exception {
    String first =
        store
            .accept(
                event("evt_0"), List.of(new NewDelivery("f", true)), Map.of(), T0, Optional.empty())
            .deliveries()
            .get(0)
            .id();
    // As if another node, its clock far ahead, had accepted evt_0: the latest time a ULID holds.
    String ahead = "dlv_7ZZZZZZZZZ0000000000000000";
    execute("UPDATE deliveries SET id = '" + ahead + "' WHERE id = '" + first + "'");

    Delivery second =
        store
            .accept(
                event("evt_1"), List.of(new NewDelivery("f", true)), Map.of(), T0, Optional.empty())
            .deliveries()
            .get(0);
    Delivery unordered = acceptOne("evt_2", "f-parallel");

    assertThat(second.id()).isEqualTo("dlv_7ZZZZZZZZZ0000000000000001");
    assertThat(unordered.id()).isLessThan(ahead);
    List<Claimed> head = store.claim(NODE_A, 10, T0);
    assertThat(head).extracting(c -> c.event().id()).containsExactlyInAnyOrder("evt_0", "evt_2");
    store.complete(
        head.stream().map(c -> completion(c, 200, DeliveryStatus.SUCCEEDED, T0)).toList(), T0);
    assertThat(store.claim(NODE_A, 10, T0))
        .extracting(c -> c.event().id())
        .containsExactly("evt_1");
  }

  @Test
  void releaseGivesTheAttemptNumberBack() {
    acceptOne("evt_1", "a");
    Claimed c = store.claim(NODE_A, 1, T0).get(0);

    store.release(List.of(new Release(c.delivery().id(), 1, T0.plusSeconds(30), "node-a")), T0);

    Delivery d = store.delivery(c.delivery().id()).orElseThrow();
    assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(d.attempts()).isZero();
    assertThat(store.claim(NODE_A, 1, T0.plusSeconds(29))).isEmpty();
    assertThat(store.claim(NODE_A, 1, T0.plusSeconds(30)).get(0).delivery().attempts())
        .isEqualTo(1);
  }

  @Test
  void retryRequeuesADeadDeliveryAndAttemptNumbersKeepCounting() {
    acceptOne("evt_1", "a");
    Claimed c = store.claim(NODE_A, 1, T0).get(0);
    store.complete(List.of(completion(c, 400, DeliveryStatus.DEAD, T0)), T0);

    Optional<Delivery> retried = store.retry(c.delivery().id(), T0.plusSeconds(10));
    Claimed again = store.claim(NODE_A, 1, T0.plusSeconds(10)).get(0);
    store.complete(List.of(completion(again, 200, DeliveryStatus.SUCCEEDED, T0)), T0);

    assertThat(retried.orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(again.delivery().attempts()).isEqualTo(2);
    assertThat(store.attempts(c.delivery().id()))
        .extracting(Attempt::number, a -> a.statusCode().getAsInt())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 400),
            org.assertj.core.groups.Tuple.tuple(2, 200));
    assertThat(store.retry("dlv_missing", T0)).isEmpty();
  }

  @Test
  void replayRequeuesAnEndpointsDeadDeliveriesInTheRange() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      store.accept(
          event("evt_" + i),
          List.of(new NewDelivery("a", false), new NewDelivery("b", false)),
          Map.of(),
          T0.plusSeconds(i * 60L),
          Optional.empty());
    }
    for (Claimed c : store.claim(NODE_A, 10, T0.plusSeconds(600))) {
      ids.add(c.delivery().id());
      store.complete(List.of(completion(c, 410, DeliveryStatus.DEAD, T0)), T0);
    }

    int replayed =
        store.replay(
            "a",
            DeliveryStatus.DEAD,
            Optional.of(T0.plusSeconds(60)),
            Optional.empty(),
            T0.plusSeconds(700));

    assertThat(ids).hasSize(6);
    assertThat(replayed).isEqualTo(2);
    assertThat(store.claim(NODE_A, 10, T0.plusSeconds(700)))
        .extracting(c -> c.delivery().endpointId() + "/" + c.event().id())
        .containsExactlyInAnyOrder("a/evt_1", "a/evt_2");
  }

  @Test
  void deliveriesAreListedNewestFirstWithFiltersAndCursor() {
    for (int i = 0; i < 5; i++) {
      store.accept(
          event("evt_" + i),
          List.of(new NewDelivery(i % 2 == 0 ? "even" : "odd", false)),
          Map.of(),
          T0,
          Optional.empty());
    }

    Page<Delivery> first = store.deliveries(DeliveryQuery.all().endpoint("even").limit(2));
    Page<Delivery> second =
        store.deliveries(
            DeliveryQuery.all().endpoint("even").limit(2).after(first.nextCursor().get()));

    assertThat(first.items()).extracting(Delivery::eventId).containsExactly("evt_4", "evt_2");
    assertThat(second.items()).extracting(Delivery::eventId).containsExactly("evt_0");
    assertThat(second.nextCursor()).isEmpty();
    assertThat(store.deliveries(DeliveryQuery.all().status(DeliveryStatus.PENDING)).items())
        .hasSize(5);
    assertThat(store.deliveries(DeliveryQuery.all().status(DeliveryStatus.DEAD)).items()).isEmpty();
    assertThat(store.deliveries(DeliveryQuery.all().event("evt_3")).items()).hasSize(1);
  }

  @Test
  void eventsAreListedNewestAcceptedFirstWithCursor() {
    for (int i = 0; i < 3; i++) {
      store.accept(event("evt_" + i), List.of(), Map.of(), T0.plusSeconds(i), Optional.empty());
    }

    Page<StoredEvent> first = store.events(EventQuery.all().limit(2));
    Page<StoredEvent> second =
        store.events(EventQuery.all().limit(2).after(first.nextCursor().get()));

    assertThat(first.items()).extracting(e -> e.event().id()).containsExactly("evt_2", "evt_1");
    assertThat(second.items()).extracting(e -> e.event().id()).containsExactly("evt_0");
    assertThat(store.events(EventQuery.all().type("other")).items()).isEmpty();
  }

  @Test
  void statsSummariseAttempts() {
    for (int i = 0; i < 4; i++) {
      acceptOne("evt_" + i, "a");
    }
    List<Claimed> claimed = store.claim(NODE_A, 10, T0);
    store.complete(List.of(completion(claimed.get(0), 500, DeliveryStatus.FAILED, T0)), T0);
    for (Claimed c : claimed.subList(1, 4)) {
      store.complete(List.of(completion(c, 200, DeliveryStatus.SUCCEEDED, T0)), T0);
    }
    Claimed retry = store.claim(NODE_A, 10, T0).get(0);
    store.complete(List.of(completion(retry, 200, DeliveryStatus.SUCCEEDED, T0)), T0);

    EndpointStats stats = store.stats("a", T0.minusSeconds(1));

    assertThat(stats.totalSent()).isEqualTo(5);
    assertThat(stats.successCount()).isEqualTo(4);
    assertThat(stats.failedCount()).isEqualTo(1);
    assertThat(stats.successRate()).isEqualTo(0.8);
    assertThat(stats.avgResponseTimeMs()).isEqualTo(12.0);
    assertThat(stats.p95ResponseTimeMs()).isEqualTo(12.0);
    assertThat(stats.retriesTotal()).isEqualTo(1);
    assertThat(stats.pending()).isZero();
    assertThat(store.stats("nobody", T0).successRate()).isEqualTo(1.0);
  }

  @Test
  void attemptStatsCountEveryEndpointsAttemptsPerBucket() {
    // Attempts at T0+5s (a: 200), T0+65s (a: 500 then b: 200), T0+130s (b: 200); buckets of 1m.
    Instant[] at = {T0.plusSeconds(5), T0.plusSeconds(65), T0.plusSeconds(65), T0.plusSeconds(130)};
    String[] endpoints = {"a", "a", "b", "b"};
    int[] codes = {200, 500, 200, 200};
    long[] millis = {10, 40, 20, 30};
    for (int i = 0; i < at.length; i++) {
      store.accept(
          event("evt_" + i),
          List.of(new NewDelivery(endpoints[i], false)),
          Map.of(),
          at[i],
          Optional.empty());
    }
    List<Claimed> claimed = store.claim(NODE_A, 10, T0.plusSeconds(200));
    for (Claimed c : claimed) {
      int i = Integer.parseInt(c.delivery().eventId().substring(4));
      Attempt a =
          new Attempt(
              c.delivery().id(),
              endpoints[i],
              c.delivery().attempts(),
              at[i],
              Duration.ofMillis(millis[i]),
              OptionalInt.of(codes[i]),
              codes[i] < 300 ? Optional.empty() : Optional.of("HTTP " + codes[i]),
              Optional.empty(),
              "node-a");
      store.complete(
          List.of(
              new Completion(
                  a,
                  codes[i] < 300 ? DeliveryStatus.SUCCEEDED : DeliveryStatus.DEAD,
                  at[i],
                  "node-a")),
          at[i]);
    }

    AttemptStats stats = store.attemptStats(T0, T0.plusSeconds(240), Duration.ofMinutes(1));
    AttemptStats firstTwo = store.attemptStats(T0, T0.plusSeconds(120), Duration.ofMinutes(1));
    AttemptStats none = store.attemptStats(T0.minusSeconds(60), T0, Duration.ofSeconds(30));

    assertThat(claimed).hasSize(4);
    assertThat(stats.buckets())
        .containsExactly(
            new AttemptStats.Bucket(T0, 1, 0, 10.0),
            new AttemptStats.Bucket(T0.plusSeconds(60), 1, 1, 30.0),
            new AttemptStats.Bucket(T0.plusSeconds(120), 1, 0, 30.0),
            new AttemptStats.Bucket(T0.plusSeconds(180), 0, 0, 0.0));
    assertThat(stats.succeeded()).isEqualTo(3);
    assertThat(stats.failed()).isEqualTo(1);
    assertThat(stats.successRate()).isEqualTo(0.75);
    assertThat(stats.avgResponseTimeMs()).isEqualTo(25.0);
    assertThat(stats.p95ResponseTimeMs()).isEqualTo(40.0);
    assertThat(firstTwo.total()).isEqualTo(3);
    assertThat(firstTwo.p95ResponseTimeMs()).isEqualTo(40.0);
    assertThat(none.buckets()).hasSize(2).allMatch(b -> b.total() == 0);
    assertThat(none.successRate()).isEqualTo(1.0);
    assertThat(none.p95ResponseTimeMs()).isZero();
    assertThatThrownBy(() -> store.attemptStats(T0, T0.plusSeconds(90), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.attemptStats(T0, T0.plusSeconds(2000), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void queueDepthCountsOpenDeliveries() {
    acceptOne("evt_1", "a");
    store.accept(
        event("evt_2"),
        List.of(new NewDelivery("a", false)),
        Map.of(),
        T0.plusSeconds(5),
        Optional.empty());

    QueueDepth depth = store.queueDepth();

    assertThat(depth.open()).isEqualTo(2);
    assertThat(depth.oldestCreatedAt()).contains(T0);
  }

  @Test
  void purgeDeletesOldSucceededDeliveriesAndKeepsDeadOnes() {
    acceptOne("evt_ok", "a");
    acceptOne("evt_dead", "a");
    for (Claimed c : store.claim(NODE_A, 10, T0)) {
      boolean ok = c.event().id().equals("evt_ok");
      store.complete(
          List.of(
              completion(
                  c, ok ? 200 : 400, ok ? DeliveryStatus.SUCCEEDED : DeliveryStatus.DEAD, T0)),
          T0);
    }

    int purged = store.purge(T0.plusSeconds(1));

    assertThat(purged).isEqualTo(1);
    assertThat(store.event("evt_ok")).isEmpty();
    assertThat(store.event("evt_dead")).isPresent();
    assertThat(store.deliveries(DeliveryQuery.all()).items())
        .extracting(Delivery::eventId)
        .containsExactly("evt_dead");
  }

  @Test
  void concurrentAcceptsAreAllCommitted() throws Exception {
    int threads = 8;
    int perThread = 100;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Integer>> results = new ArrayList<>();

    for (int t = 0; t < threads; t++) {
      int base = t * perThread;
      results.add(
          pool.submit(
              () -> {
                int created = 0;
                for (int i = 0; i < perThread; i++) {
                  if (store
                      .accept(
                          event("evt_" + (base + i)),
                          List.of(new NewDelivery("a", false)),
                          Map.of(),
                          T0,
                          Optional.empty())
                      .created()) {
                    created++;
                  }
                }
                return created;
              }));
    }
    int total = 0;
    for (Future<Integer> f : results) {
      total += f.get();
    }
    pool.shutdown();

    assertThat(total).isEqualTo(threads * perThread);
    assertThat(store.queueDepth().open()).isEqualTo(threads * perThread);
  }
}
