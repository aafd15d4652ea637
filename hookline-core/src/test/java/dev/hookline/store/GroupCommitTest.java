package dev.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class GroupCommitTest {
  @TempDir Path dir;
  GroupCommit writer;

  @BeforeEach
  void open() {
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + dir.resolve("g.db"));
    writer = new GroupCommit("test store", ds, 1, 64);
    writer.submit(sql("CREATE TABLE t (n INTEGER)"));
  }

  @AfterEach
  void close() {
    writer.close();
  }

  @Test
  @Timeout(30) // a writer thread killed by the Error would leave submit() waiting forever
  void anErrorInOneWriteFailsThatWriteAndTheWriterGoesOn() {
    assertThatThrownBy(
            () ->
                writer.submit(
                    new GroupCommit.Op<Void>() {
                      @Override
                      Void run(Connection c) {
                        throw new StackOverflowError("deep");
                      }
                    }))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("StackOverflowError");

    writer.submit(sql("INSERT INTO t VALUES (1)"));

    assertThat(
            writer.submit(
                new GroupCommit.Op<Integer>() {
                  @Override
                  Integer run(Connection c) throws SQLException {
                    try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
                      rs.next();
                      return rs.getInt(1);
                    }
                  }
                }))
        .isEqualTo(1);
  }

  @Test
  void aGroupThatFindsItsConnectionBrokenRunsOnceMoreOnANewOne() {
    BreakingDataSource ds = new BreakingDataSource(dir.resolve("b.db"));
    try (GroupCommit breaking = new GroupCommit("test store", ds, 1, 64)) {
      breaking.submit(sql("CREATE TABLE t (n INTEGER)"));
      ds.breakAtNextStatement = true;

      breaking.submit(sql("INSERT INTO t VALUES (1)"));

      assertThat(breaking.submit(count())).isEqualTo(1);
      assertThat(ds.connectionsOpened).isEqualTo(2);
    }
  }

  @Test
  void aWriteFailingBeforeItsCommitIsKnownNotStored() {
    BreakingDataSource ds = new BreakingDataSource(dir.resolve("b.db"));
    try (GroupCommit breaking = new GroupCommit("test store", ds, 1, 64)) {
      breaking.submit(sql("CREATE TABLE t (n INTEGER)"));
      ds.breakAtNextStatement = true;
      ds.breakEveryConnection = true;

      assertThatThrownBy(() -> breaking.submit(sql("INSERT INTO t VALUES (1)")))
          .isInstanceOfSatisfying(
              StoreException.class, e -> assertThat(e.outcomeUnknown()).isFalse());

      ds.breakEveryConnection = false;
      assertThat(breaking.submit(count())).isZero();
    }
  }

  @Test
  void aConnectionLostWhileCommittingLeavesTheOutcomeUnknown() {
    BreakingDataSource ds = new BreakingDataSource(dir.resolve("b.db"));
    try (GroupCommit breaking = new GroupCommit("test store", ds, 1, 64)) {
      breaking.submit(sql("CREATE TABLE t (n INTEGER)"));
      ds.breakAtCommit = true;

      assertThatThrownBy(() -> breaking.submit(sql("INSERT INTO t VALUES (1)")))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> {
                assertThat(e.outcomeUnknown()).isTrue();
                assertThat(e).hasMessageContaining("may or may not be stored");
              });
    }
  }

  /**
   * A SQLite data source whose connections can be made to break the way a PostgreSQL connection
   * does when the server restarts: the socket is gone, so the statement (or the commit) fails and
   * {@link Connection#isValid} says false.
   */
  private static final class BreakingDataSource extends SQLiteDataSource {
    volatile boolean breakAtNextStatement;
    volatile boolean breakEveryConnection;
    volatile boolean breakAtCommit;
    volatile int connectionsOpened;

    BreakingDataSource(Path file) {
      setUrl("jdbc:sqlite:" + file);
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection real = super.getConnection();
      connectionsOpened++;
      boolean[] broken = {false};
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                String name = method.getName();
                if (name.equals("isValid")) {
                  return !broken[0] && real.isValid((Integer) args[0]);
                }
                if (broken[0] && !name.equals("close")) {
                  throw new SQLException("An I/O error occurred while sending to the backend.");
                }
                if (name.equals("createStatement") && breakAtNextStatement) {
                  breakAtNextStatement = breakEveryConnection;
                  broken[0] = true;
                  throw new SQLException(
                      "FATAL: terminating connection due to administrator command");
                }
                if (name.equals("commit") && breakAtCommit) {
                  breakAtCommit = false;
                  broken[0] = true;
                  throw new SQLException("An I/O error occurred while sending to the backend.");
                }
                try {
                  return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }
  }

  private static GroupCommit.Op<Integer> count() {
    return new GroupCommit.Op<>() {
      @Override
      Integer run(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
          rs.next();
          return rs.getInt(1);
        }
      }
    };
  }

  private static GroupCommit.Op<Void> sql(String statement) {
    return new GroupCommit.Op<>() {
      @Override
      Void run(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
          s.execute(statement);
        }
        return null;
      }
    };
  }
}
