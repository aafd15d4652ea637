package dev.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContract {
  @TempDir Path dir;

  @Override
  Store open() {
    return Store.sqlite(dir.resolve("hookline.db"));
  }

  @Override
  void execute(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("hookline.db"));
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Test
  void dataSurvivesReopeningTheFile() {
    acceptOne("evt_1", "a");
    store.close();

    store = Outbox.of(open());

    assertThat(store.event("evt_1")).isPresent();
    assertThat(store.claim(NODE_A, 10, T0)).hasSize(1);
  }

  @Test
  void openByUrlPicksTheStore() {
    store.close();

    store = Outbox.of(Store.open("jdbc:sqlite:" + dir.resolve("other.db")));

    assertThat(store.describe()).startsWith("sqlite:").endsWith("other.db");
    assertThat(Files.exists(dir.resolve("other.db"))).isTrue();
  }

  @Test
  void unsupportedUrlIsRejected() {
    assertThatThrownBy(() -> Store.open("jdbc:mysql://x/y"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("use jdbc:sqlite:FILE or jdbc:postgresql://");
  }

  @Test
  void notADatabaseFileGivesAClearError() throws Exception {
    Path junk = dir.resolve("junk.db");
    Files.writeString(junk, "this is not sqlite ".repeat(100));

    assertThatThrownBy(() -> Store.sqlite(junk))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(junk.toString());
    assertThat(store.accept(event("e"), List.of(), Map.of(), T0, Optional.empty()).created())
        .isTrue();
  }
}
