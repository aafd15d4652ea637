package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookline.Hookline;
import dev.hookline.PublishResult;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Ordering;
import dev.hookline.store.Attempt;
import dev.hookline.store.Delivery;
import dev.hookline.store.Store;
import dev.hookline.store.TestPostgres;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several nodes on one PostgreSQL schema (DESIGN §8): they split the work without sending anything
 * twice, a node that dies mid-delivery is taken over once its leases lapse, and a FIFO endpoint
 * gets one request at a time in acceptance order whichever node accepted each event.
 */
class MultiNodeTest {
  @TempDir Path dir;
  final WebhookReceiver receiver = WebhookReceiver.start();
  final List<AutoCloseable> closeables = new ArrayList<>();
  String schema;
  String url;

  @BeforeEach
  void createSchema() {
    schema = "hookline_nodes_" + Long.toHexString(System.nanoTime());
    url = TestPostgres.url(schema);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeables.reversed()) {
      c.close();
    }
    receiver.close();
    if (url != null) {
      TestPostgres.drop(schema);
    }
  }

  Hookline node(String id, Endpoint endpoint, UnaryOperator<Hookline.Builder> more) {
    Hookline node =
        more.apply(
                Hookline.builder()
                    .store(Store.postgres(url, TestPostgres.KEYS))
                    .nodeId(id)
                    .signingSecret(CrashChild.SECRET)
                    .allowPrivateNetworks(true)
                    .pollInterval(Duration.ofMillis(20))
                    .endpoint(endpoint))
            .build();
    closeables.add(node);
    return node;
  }

  static Event event(int i) {
    return CrashChild.event(i);
  }

  @Test
  void twoNodesDeliverEveryEventOnceAndBothTakePart() {
    // Little room per node and slow answers: many deliveries are not sent by the node that
    // accepted them but wait in the store, where both nodes claim.
    receiver.setDefaultResponse(MockResponse.ok().withDelay(Duration.ofMillis(10)));
    Endpoint ops = CrashChild.endpoint(receiver.url("/hooks/ops"));
    Hookline a = node("a", ops, n -> n.maxInFlight(4));
    Hookline b = node("b", ops, n -> n.maxInFlight(4));
    int events = 200;

    List<String> deliveryIds = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      PublishResult r = (i % 2 == 0 ? a : b).publish(event(i));
      deliveryIds.add(r.deliveries().getFirst().id());
    }
    CrashDrill.awaitAllSucceeded(a.store());

    List<String> received = CrashDrill.webhookIds(receiver.drainRequests());
    assertThat(received).hasSize(events).doesNotHaveDuplicates();
    assertThat(Set.copyOf(received))
        .isEqualTo(
            IntStream.range(0, events).mapToObj(i -> "evt_" + i).collect(Collectors.toSet()));
    Map<String, Integer> byNode = new HashMap<>();
    for (String id : deliveryIds) {
      List<Attempt> attempts = b.attempts(id);
      assertThat(attempts).singleElement().satisfies(at -> assertThat(at.succeeded()).isTrue());
      byNode.merge(attempts.getFirst().node(), 1, Integer::sum);
    }
    assertThat(byNode.keySet()).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void nodeKilledMidDeliveryIsTakenOverWhenItsLeasesLapse() throws Exception {
    // Node b runs throughout, on a receiver of its own so that the drill's receiver sees the
    // child alone. While a lives, b claims the work a left pending but not a's leases, which a
    // renews (every lease/3); once a is killed they lapse and b sends them again.
    WebhookReceiver other = WebhookReceiver.start();
    closeables.add(other);
    Hookline b = node("b", CrashChild.endpoint(other.url("/hooks/ops")), n -> n);
    List<RecordedRequest> atOther = new ArrayList<>();

    CrashDrill.AtKill atKill =
        CrashDrill.killMidDelivery(
            dir,
            receiver,
            url,
            "a",
            Duration.ofSeconds(3),
            () -> atOther.addAll(other.drainRequests()));
    List<String> takenWhileAlive = CrashDrill.webhookIds(atOther);
    CrashDrill.awaitAllSucceeded(b.store());

    atOther.addAll(other.drainRequests());
    List<String> receivedAfter = new ArrayList<>(CrashDrill.webhookIds(receiver.drainRequests()));
    receivedAfter.addAll(CrashDrill.webhookIds(atOther));
    CrashDrill.assertNothingLost(atKill, receivedAfter, b.store());
    assertThat(takenWhileAlive)
        .as("sent by b while a lived")
        .doesNotContainAnyElementsOf(atKill.inFlight());
    assertThat(receiver.requestCount())
        .as("requests at a's receiver, none after the kill")
        .isEqualTo(CrashDrill.FAST_ANSWERS + CrashDrill.MAX_IN_FLIGHT);
    Map<String, String> attemptHeader = new HashMap<>();
    for (RecordedRequest r : atOther) {
      attemptHeader.put(
          r.header("webhook-id").orElseThrow(), r.header("X-Hookline-Attempt").orElseThrow());
    }
    for (Delivery d : CrashDrill.deliveries(b.store())) {
      List<Attempt> attempts = b.attempts(d.id());
      if (atKill.delivered().contains(d.eventId())) {
        assertThat(attempts)
            .singleElement()
            .satisfies(
                at -> {
                  assertThat(at.node()).isEqualTo("a");
                  assertThat(at.number()).isEqualTo(1);
                });
      } else if (atKill.inFlight().contains(d.eventId())) {
        // a's attempt 1 died with it and is recorded with an unknown outcome; b's takeover is
        // attempt 2.
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).node()).isEqualTo("a");
        assertThat(attempts.get(0).error())
            .hasValueSatisfying(e -> assertThat(e).contains("lease of node 'a' lapsed"));
        assertThat(attempts.get(1).node()).isEqualTo("b");
        assertThat(attempts.get(1).number()).isEqualTo(2);
        assertThat(attempts.get(1).succeeded()).isTrue();
        assertThat(attemptHeader).containsEntry(d.eventId(), "2");
      } else {
        assertThat(attempts)
            .singleElement()
            .satisfies(
                at -> {
                  assertThat(at.node()).isEqualTo("b");
                  assertThat(at.number()).isEqualTo(1);
                });
      }
    }
  }

  @Test
  void fifoHoldsAcrossNodes() {
    receiver.setDefaultResponse(MockResponse.ok().withDelay(Duration.ofMillis(5)));
    AtomicInteger sending = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    Interceptor gauge = concurrencyGauge(sending, mostAtOnce);
    Endpoint ops =
        CrashChild.endpoint(receiver.url("/hooks/ops")).toBuilder().ordering(Ordering.FIFO).build();
    Hookline a = node("a", ops, n -> n.interceptor(gauge));
    Hookline b = node("b", ops, n -> n.interceptor(gauge));
    int events = 40;

    List<String> published = new ArrayList<>();
    List<String> deliveryIds = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      PublishResult r = (i % 2 == 0 ? a : b).publish(event(i));
      published.add(r.eventId());
      deliveryIds.add(r.deliveries().getFirst().id());
    }
    CrashDrill.awaitAllSucceeded(a.store());

    assertThat(deliveryIds).isSorted();
    assertThat(CrashDrill.webhookIds(receiver.drainRequests()))
        .containsExactlyElementsOf(published);
    assertThat(mostAtOnce).hasValue(1);
  }

  @Test
  void fifoStaysOneAtATimeInIdOrderWhenNodesAcceptAtTheSameMoment() throws Exception {
    AtomicInteger sending = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    Interceptor gauge = concurrencyGauge(sending, mostAtOnce);
    Endpoint ops =
        CrashChild.endpoint(receiver.url("/hooks/ops")).toBuilder().ordering(Ordering.FIFO).build();
    List<Hookline> nodes =
        List.of(
            node("a", ops, n -> n.interceptor(gauge)), node("b", ops, n -> n.interceptor(gauge)));
    // Each round both nodes accept an event at once while the queue is empty, so whichever
    // commits first is claimable at once: the race where acceptance order matters most.
    int rounds = 150;

    Map<String, String> deliveryOf = new HashMap<>();
    try (ExecutorService publishers = Executors.newFixedThreadPool(nodes.size())) {
      for (int r = 0; r < rounds; r++) {
        CyclicBarrier together = new CyclicBarrier(nodes.size());
        List<Future<PublishResult>> round = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
          Hookline node = nodes.get(n);
          Event e = event(r * nodes.size() + n);
          round.add(
              publishers.submit(
                  () -> {
                    together.await(10, TimeUnit.SECONDS);
                    return node.publish(e);
                  }));
        }
        for (Future<PublishResult> f : round) {
          PublishResult published = f.get(10, TimeUnit.SECONDS);
          deliveryOf.put(published.eventId(), published.deliveries().getFirst().id());
        }
        long sent = deliveryOf.size();
        await()
            .atMost(CrashDrill.WAIT)
            .pollInterval(Duration.ofMillis(1))
            .until(() -> receiver.requestCount() >= sent);
      }
    }
    CrashDrill.awaitAllSucceeded(nodes.getFirst().store());

    List<String> inIdOrder =
        deliveryOf.entrySet().stream()
            .sorted(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .toList();
    assertThat(CrashDrill.webhookIds(receiver.drainRequests()))
        .containsExactlyElementsOf(inIdOrder);
    assertThat(mostAtOnce).hasValue(1);
  }

  /** Counts requests under way across every node it is installed in, keeping the peak. */
  static Interceptor concurrencyGauge(AtomicInteger current, AtomicInteger peak) {
    return chain -> {
      peak.accumulateAndGet(current.incrementAndGet(), Math::max);
      return chain.proceed(chain.request()).whenComplete((r, e) -> current.decrementAndGet());
    };
  }
}
