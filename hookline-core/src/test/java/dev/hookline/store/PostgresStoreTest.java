package dev.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PostgresStoreTest extends StoreContract {
  private String schema;

  @Override
  Store open() {
    schema = "hookline_test_" + Long.toHexString(System.nanoTime());
    return Store.postgres(TestPostgres.url(schema), TestPostgres.KEYS);
  }

  @Override
  void execute(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(TestPostgres.url(schema));
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @AfterEach
  void dropSchema() throws Exception {
    try (Connection c = DriverManager.getConnection(TestPostgres.url(null));
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  void twoNodesSplitTheWorkWithoutOverlap() throws Exception {
    for (int i = 0; i < 400; i++) {
      acceptOne("evt_" + i, "a");
    }
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<String> duplicates = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(2);
    try (Outbox second = Outbox.of(Store.postgres(TestPostgres.url(schema), TestPostgres.KEYS))) {
      for (Outbox node : List.of(store, second)) {
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    List<Claimed> batch;
                    while (!(batch = node.claim(NODE_A, 25, T0)).isEmpty()) {
                      for (Claimed c : batch) {
                        if (!seen.add(c.delivery().id())) {
                          synchronized (duplicates) {
                            duplicates.add(c.delivery().id());
                          }
                        }
                      }
                    }
                  } finally {
                    done.countDown();
                  }
                });
      }
      done.await();
    }

    assertThat(duplicates).isEmpty();
    assertThat(seen).hasSize(400);
  }

  @Test
  void urlPasswordIsRedactedInDescriptions() {
    assertThat(PostgresStore.redact("jdbc:postgresql://h/db?user=u&password=secret"))
        .doesNotContain("secret");
    assertThat(PostgresStore.redact("jdbc:postgresql://u:secret@h/db")).doesNotContain("secret");
    assertThat(
            store
                .accept(event("e"), List.of(), Map.of(), Instant.now(), Optional.empty())
                .created())
        .isTrue();
  }
}
