package dev.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
