package dev.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telling an outage (try again later: 503) from a fault another try will not mend (500). */
class StoreExceptionTest {
  @TempDir Path dir;

  @Test
  void aRefusedConnectionIsAnOutage() {
    SQLException refused =
        catchThrowableOfType(
            SQLException.class,
            () -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:1/test", "x", ""));

    assertThat(refused.getSQLState()).startsWith("08");
    assertThat(new StoreException("read failed", refused).unavailable()).isTrue();
  }

  @Test
  void aPoolThatTimesOutWaitingForAConnectionIsAnOutage() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/test");
    config.setConnectionTimeout(250);
    config.setInitializationFailTimeout(-1);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      SQLException timeout = catchThrowableOfType(SQLException.class, pool::getConnection);

      StoreException wrapped =
          new StoreException("outer", new StoreException("read failed", timeout));

      assertThat(wrapped.unavailable()).isTrue();
    }
  }

  @Test
  void aConstraintViolationOrADamagedRowIsAFaultNotAnOutage() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (id TEXT PRIMARY KEY)");
      st.execute("INSERT INTO t VALUES ('a')");
      SQLException duplicate =
          catchThrowableOfType(SQLException.class, () -> st.execute("INSERT INTO t VALUES ('a')"));

      assertThat(new StoreException("write failed", duplicate).unavailable()).isFalse();
    }
    assertThat(new StoreException("row x is damaged").unavailable()).isFalse();
  }

  @Test
  void aWriteWhoseCommitWasLostAndAClosedStoreAreOutages() {
    assertThat(new StoreException("lost", new SQLException("?"), true).unavailable()).isTrue();
    assertThat(StoreException.unavailable("closed", null, false).unavailable()).isTrue();
    assertThat(StoreException.unavailable("closed", null, false).outcomeUnknown()).isFalse();
  }

  @Test
  void aLockedSqliteFileIsAnOutage() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("busy.db");
    try (Connection holder = DriverManager.getConnection(url);
        Connection other = DriverManager.getConnection(url);
        Statement hold = holder.createStatement();
        Statement write = other.createStatement()) {
      hold.execute("CREATE TABLE t (id TEXT)");
      hold.execute("BEGIN EXCLUSIVE");
      write.execute("PRAGMA busy_timeout = 0");
      SQLException busy =
          catchThrowableOfType(
              SQLException.class, () -> write.execute("INSERT INTO t VALUES ('a')"));

      assertThat(new StoreException("write failed", busy).unavailable())
          .as(busy.toString())
          .isTrue();
      hold.execute("ROLLBACK");
    }
  }

  @Test
  void aStatementTimeoutOnPostgresIsAnOutage() throws Exception {
    try (Connection c = DriverManager.getConnection(TestPostgres.url(null));
        Statement st = c.createStatement()) {
      st.execute("SET statement_timeout = 10");
      SQLException timeout =
          catchThrowableOfType(SQLException.class, () -> st.execute("SELECT pg_sleep(1)"));

      assertThat(timeout.getSQLState()).isEqualTo("57014");
      assertThat(new StoreException("read failed", timeout).unavailable()).isTrue();
    }
  }
}
