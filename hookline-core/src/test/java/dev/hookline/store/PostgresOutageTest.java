package dev.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hookline.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL store while its database stops and starts again (a cluster of the test's own, so the
 * machine's PostgreSQL is not disturbed).
 */
class PostgresOutageTest {
  static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

  OwnPostgres pg;
  Outbox store;

  @BeforeEach
  void start() throws Exception {
    pg = OwnPostgres.start();
    store = Outbox.of(Store.postgres(pg.url(), TestPostgres.KEYS));
  }

  @AfterEach
  void stop() {
    if (store != null) {
      store.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void writesAfterARestartSucceedOnNewConnections() throws Exception {
    // Every writer holds a connection from before the restart.
    acceptConcurrently("evt_before_", 64);

    pg.stop();
    pg.startServer();

    for (int i = 0; i < 32; i++) {
      assertThat(accept("evt_after_" + i).created()).isTrue();
    }
    assertThat(store.event("evt_after_31")).isPresent();
  }

  @Test
  void whileTheDatabaseIsDownWritesFailAsNotStoredAndPingSaysSo() throws Exception {
    accept("evt_up");
    assertThat(store.ping()).isTrue();

    pg.stop();

    assertThatThrownBy(() -> accept("evt_down"))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.outcomeUnknown()).isFalse();
              assertThat(e.unavailable()).as("an outage, not a fault").isTrue();
            });
    assertThatThrownBy(() -> store.event("evt_up"))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.unavailable()).as("a read").isTrue());
    assertThat(store.ping()).isFalse();

    pg.startServer();

    await().atMost(Duration.ofSeconds(20)).until(store::ping);
    assertThat(accept("evt_down").created()).isTrue();
  }

  private Accepted accept(String id) {
    return store.accept(
        event(id), List.of(new NewDelivery("a", false)), Map.of(), T0, Optional.empty());
  }

  private void acceptConcurrently(String prefix, int n) {
    List<CompletableFuture<Accepted>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = prefix + i;
      all.add(CompletableFuture.supplyAsync(() -> accept(id)));
    }
    all.forEach(CompletableFuture::join);
  }

  private static Event event(String id) {
    return Event.builder("prediction").id(id).timestamp(T0).put("confidence", 0.9).build();
  }
}
