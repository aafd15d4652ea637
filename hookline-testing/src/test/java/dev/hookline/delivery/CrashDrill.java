package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookline.store.Delivery;
import dev.hookline.store.DeliveryQuery;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.store.EventQuery;
import dev.hookline.store.Page;
import dev.hookline.store.Store;
import dev.hookline.store.StoredEvent;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A crash drill shared by the SQLite and PostgreSQL tests: a {@link CrashChild} accepts events and
 * is killed with SIGKILL while deliveries are in flight; another node then finishes the work, and
 * {@link #assertNothingLost} checks the outcome.
 *
 * <p>How "in flight at the kill" is known exactly: the receiver answers the first {@link
 * #FAST_ANSWERS} requests at once and holds every later one for {@link #HELD} (far longer than any
 * test runs), and the child holds at most {@link #MAX_IN_FLIGHT} deliveries. The kill comes once
 * the child reported the fast ones as stored and the receiver holds {@code MAX_IN_FLIGHT}
 * unanswered requests: those are exactly the attempts in flight, the only ones allowed to arrive
 * twice.
 */
final class CrashDrill {
  static final int EVENTS = 400;
  static final int MAX_IN_FLIGHT = 8;
  static final int FAST_ANSWERS = 5;
  static final int MIN_ACCEPTED_AT_KILL = 100;
  static final Duration HELD = Duration.ofMinutes(2);
  static final Duration WAIT = Duration.ofSeconds(20);

  /**
   * What was known when the child died.
   *
   * @param accepted events whose {@code publish} returned in the child
   * @param publishedAll whether the child had finished publishing
   * @param delivered events whose success the child stored
   * @param received webhook-ids of the requests that reached the receiver before the kill
   * @param inFlight webhook-ids of the requests the receiver had not answered at the kill
   */
  record AtKill(
      Set<String> accepted,
      boolean publishedAll,
      Set<String> delivered,
      List<String> received,
      Set<String> inFlight) {}

  private CrashDrill() {}

  /**
   * Starts a child node on {@code storeUrl}, waits until it has accepted events, stored some
   * deliveries and holds {@link #MAX_IN_FLIGHT} requests open at {@code receiver}, then kills it
   * with SIGKILL. Afterwards the receiver answers at once.
   */
  static AtKill killMidDelivery(
      Path dir, WebhookReceiver receiver, String storeUrl, String nodeId, Duration lease)
      throws IOException, InterruptedException {
    return killMidDelivery(dir, receiver, storeUrl, nodeId, lease, () -> {});
  }

  /** As above, running {@code beforeKill} at the kill point, while the child still runs. */
  static AtKill killMidDelivery(
      Path dir,
      WebhookReceiver receiver,
      String storeUrl,
      String nodeId,
      Duration lease,
      Runnable beforeKill)
      throws IOException, InterruptedException {
    for (int i = 0; i < FAST_ANSWERS; i++) {
      receiver.enqueue(MockResponse.ok());
    }
    receiver.setDefaultResponse(MockResponse.ok().withDelay(HELD));
    AtKill atKill;
    try (ChildNode child =
        ChildNode.start(
            dir, storeUrl, receiver.url("/hooks/ops"), EVENTS, nodeId, lease, MAX_IN_FLIGHT)) {
      try {
        await()
            .atMost(WAIT)
            .until(
                () ->
                    !child.isAlive()
                        || (child.delivered().size() == FAST_ANSWERS
                            && receiver.requestCount() == FAST_ANSWERS + MAX_IN_FLIGHT
                            && child.accepted().size() >= MIN_ACCEPTED_AT_KILL));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "child never reached the kill point: accepted "
                + child.accepted().size()
                + ", delivered "
                + child.delivered().size()
                + ", requests "
                + receiver.requestCount()
                + "; stderr:\n"
                + child.stderr(),
            e);
      }
      assertThat(child.isAlive())
          .as("child alive before the kill; stderr:%n%s", child.stderr())
          .isTrue();

      beforeKill.run();
      int exit = child.kill();

      assertThat(exit)
          .as("exit value of a JVM killed by SIGKILL")
          .isEqualTo(ChildNode.KILLED_BY_SIGKILL);
      List<String> received = webhookIds(receiver.drainRequests());
      Set<String> delivered = child.delivered();
      Set<String> inFlight = new HashSet<>(received);
      inFlight.removeAll(delivered);
      atKill = new AtKill(child.accepted(), child.hasPublishedAll(), delivered, received, inFlight);
    }
    // The child's connections died with it; what it held is not sent again by anyone yet.
    assertThat(atKill.received()).hasSize(FAST_ANSWERS + MAX_IN_FLIGHT).doesNotHaveDuplicates();
    assertThat(atKill.delivered()).hasSize(FAST_ANSWERS).isSubsetOf(atKill.received());
    assertThat(atKill.inFlight()).hasSize(MAX_IN_FLIGHT);
    receiver.setDefaultResponse(MockResponse.ok());
    return atKill;
  }

  /** Waits until every delivery in {@code store} succeeded (one per stored event). */
  static void awaitAllSucceeded(Store store) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              List<Delivery> all = deliveries(store);
              return all.size() == events(store).size()
                  && all.stream().allMatch(d -> d.status() == DeliveryStatus.SUCCEEDED);
            });
  }

  /**
   * Every accepted event was delivered; every event the store holds was delivered; the only
   * webhook-ids that arrived twice are those whose requests were unanswered at the kill, each once
   * more.
   */
  static void assertNothingLost(AtKill atKill, List<String> receivedAfter, Store store) {
    Set<String> stored =
        events(store).stream().map(e -> e.event().id()).collect(Collectors.toSet());
    List<String> all = new ArrayList<>(atKill.received());
    all.addAll(receivedAfter);
    Map<String, Long> counts =
        all.stream()
            .collect(
                Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    Map<String, Long> duplicates = new TreeMap<>(counts);
    duplicates.values().removeIf(n -> n == 1);

    assertThat(stored).as("stored events").containsAll(atKill.accepted());
    assertThat(counts.keySet()).as("distinct webhook-ids received").isEqualTo(stored);
    assertThat(counts.keySet()).as("accepted events delivered").containsAll(atKill.accepted());
    assertThat(duplicates.size())
        .as("duplicates vs. requests unanswered at the kill")
        .isLessThanOrEqualTo(atKill.inFlight().size());
    assertThat(duplicates.keySet()).as("webhook-ids received twice").isEqualTo(atKill.inFlight());
    assertThat(duplicates.values()).containsOnly(2L);
    List<Delivery> deliveries = deliveries(store);
    assertThat(deliveries).hasSize(stored.size());
    assertThat(deliveries)
        .allSatisfy(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.SUCCEEDED));
    assertThat(deliveries.stream().map(Delivery::eventId)).doesNotHaveDuplicates();
  }

  static List<String> webhookIds(List<RecordedRequest> requests) {
    return requests.stream().map(r -> r.header("webhook-id").orElseThrow()).toList();
  }

  /** Every delivery in the store. */
  static List<Delivery> deliveries(Store store) {
    List<Delivery> out = new ArrayList<>();
    DeliveryQuery q = DeliveryQuery.all().limit(DeliveryQuery.MAX_LIMIT);
    while (true) {
      Page<Delivery> page = store.deliveries(q);
      out.addAll(page.items());
      Optional<String> next = page.nextCursor();
      if (next.isEmpty()) {
        return out;
      }
      q = q.after(next.get());
    }
  }

  /** Every event in the store. */
  static List<StoredEvent> events(Store store) {
    List<StoredEvent> out = new ArrayList<>();
    EventQuery q = EventQuery.all().limit(DeliveryQuery.MAX_LIMIT);
    while (true) {
      Page<StoredEvent> page = store.events(q);
      out.addAll(page.items());
      Optional<String> next = page.nextCursor();
      if (next.isEmpty()) {
        return out;
      }
      q = q.after(next.get());
    }
  }
}
