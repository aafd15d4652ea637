package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.signature.WebhookSecret;
import dev.hookline.store.OwnPostgres;
import dev.hookline.store.SecretKeys;
import dev.hookline.store.TestPostgres;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server on PostgreSQL while the database stops and starts again under load (a cluster of the
 * test's own, so the machine's PostgreSQL is not disturbed): every answer is a 2xx or a 503 with
 * {@code Retry-After}, {@code /health} says the store is down until it is back, and every event
 * answered 2xx is delivered.
 */
class StoreOutageTest {
  static final int POSTERS = 4;
  static final int BEFORE = 100;
  static final int AFTER = 100;

  @TempDir Path dir;
  OwnPostgres pg;
  WebhookReceiver receiver;
  TestServer server;

  /** One POST and its answer. */
  record Answer(String id, int status, String retryAfter, JsonNode body, long nanos) {}

  @BeforeEach
  void start() throws Exception {
    pg = OwnPostgres.start();
    receiver = WebhookReceiver.start();
    server =
        new TestServer(
            TestServer.config(dir, WebhookSecret.generate(), c -> c.withStore(pg.url())),
            b -> b.environment(Map.of(SecretKeys.ENV_KEY, TestPostgres.KEY)));
    assertThat(
            server
                .post(
                    "/api/endpoints",
                    "{\"id\":\"ops\",\"url\":\"" + receiver.url("/ops") + "\",\"events\":[\"*\"]}")
                .status())
        .isEqualTo(201);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void aRestartUnderLoadIsAnswered503WithRetryAfterAndLosesNoAcceptedEvent() throws Exception {
    ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    AtomicInteger accepted = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> posters = new ArrayList<>();
    for (int t = 0; t < POSTERS; t++) {
      int poster = t;
      posters.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int n = 0; !stop.get(); n++) {
                      Answer a = post("evt_" + poster + "_" + n);
                      answers.add(a);
                      if (a.status() / 100 == 2) {
                        accepted.incrementAndGet();
                      }
                    }
                  }));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> accepted.get() >= BEFORE);

    pg.stop();
    long stopped = System.nanoTime();
    TestServer.Response health =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> server.get("/health"), r -> r.status() == 503);
    long healthDown = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> answers.stream().anyMatch(a -> a.status() == 503));
    long firstRefusal = System.nanoTime();
    long healthNanos = timed(() -> server.get("/health").status());
    pg.startServer();
    long started = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).until(() -> server.get("/health").status() == 200);
    long healthUp = System.nanoTime();
    int atRecovery = accepted.get();
    await().atMost(Duration.ofSeconds(60)).until(() -> accepted.get() >= atRecovery + AFTER);
    stop.set(true);
    for (Thread p : posters) {
      p.join();
    }

    assertThat(health.json().path("store").asText()).isEqualTo("unreachable");
    assertThat(health.json().path("status").asText()).isEqualTo("unavailable");
    Map<Integer, Integer> byStatus = new TreeMap<>();
    answers.forEach(a -> byStatus.merge(a.status(), 1, Integer::sum));
    assertThat(byStatus.keySet()).as("statuses answered").isSubsetOf(200, 202, 503);
    List<Answer> refused = answers.stream().filter(a -> a.status() == 503).toList();
    assertThat(refused)
        .allSatisfy(
            a -> {
              assertThat(a.retryAfter()).isEqualTo("2");
              assertThat(a.body().path("error").asText()).isEqualTo("store_unavailable");
              assertThat(a.body().path("outcome").asText()).isIn("not_stored", "unknown");
              assertThat(a.body().path("ids").path(0).asText()).isEqualTo(a.id());
            });
    Set<String> owed = ConcurrentHashMap.newKeySet();
    answers.stream().filter(a -> a.status() / 100 == 2).forEach(a -> owed.add(a.id()));
    // A client sending again what was refused: "not stored" is new, "unknown" is de-duplicated.
    int unknown = 0;
    for (Answer a : refused) {
      Answer again = post(a.id());
      if (a.body().path("outcome").asText().equals("not_stored")) {
        assertThat(again.status()).as("resent %s, refused as not stored", a.id()).isEqualTo(202);
      } else {
        unknown++;
        assertThat(again.status()).as("resent %s, outcome unknown", a.id()).isIn(200, 202);
      }
      owed.add(a.id());
    }
    Set<String> delivered = ConcurrentHashMap.newKeySet();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              for (RecordedRequest r : receiver.drainRequests()) {
                delivered.add(r.header("webhook-id").orElseThrow());
              }
              return delivered.containsAll(owed);
            });
    assertThat(delivered).as("events delivered").isEqualTo(owed);
    System.out.printf(
        "store outage: %d answers %s; %d refused (%d outcome unknown); first 503 %d ms after the"
            + " stop, /health down %d ms after, /health answered in %d ms during the outage;"
            + " /health up %d ms after the start; %d events delivered%n",
        answers.size(),
        byStatus,
        refused.size(),
        unknown,
        (firstRefusal - stopped) / 1_000_000,
        (healthDown - stopped) / 1_000_000,
        healthNanos / 1_000_000,
        (healthUp - started) / 1_000_000,
        delivered.size());
    long slowest = refused.stream().mapToLong(Answer::nanos).max().orElse(0);
    System.out.printf(
        "store outage: slowest 503 took %d ms; first: %s%n",
        slowest / 1_000_000, refused.get(0).body());
  }

  private Answer post(String id) {
    long t0 = System.nanoTime();
    TestServer.Response r =
        server.send(
            HttpRequest.newBuilder(server.uri("/api/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"id\":\"" + id + "\",\"type\":\"outage.test\"}")));
    return new Answer(
        id,
        r.status(),
        r.headers().firstValue("Retry-After").orElse(null),
        r.json(),
        System.nanoTime() - t0);
  }

  private static long timed(java.util.function.Supplier<?> s) {
    long t0 = System.nanoTime();
    s.get();
    return System.nanoTime() - t0;
  }
}
