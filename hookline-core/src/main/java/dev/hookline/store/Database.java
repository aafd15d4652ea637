package dev.hookline.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.hookline.internal.Threads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One store's connections: a read pool, a write pool behind group commit, and the health check.
 * Every SQL class of the store reads and writes through it.
 */
final class Database implements AutoCloseable {
  private final String description;
  private final HikariDataSource readPool;
  private final HikariDataSource writePool;
  private final GroupCommit writer;
  private CompletableFuture<Boolean> ping; // guarded by this

  Database(
      String description,
      HikariDataSource readPool,
      HikariDataSource writePool,
      int writers,
      int maxBatch) {
    this.description = description;
    this.readPool = readPool;
    this.writePool = writePool;
    this.writer = new GroupCommit(description, writePool, writers, maxBatch);
  }

  /** What the database is, for messages, e.g. {@code sqlite:/var/lib/hookline.db}. */
  String description() {
    return description;
  }

  /** The group-committing writer, for writes that batch ({@link GroupCommit.BatchOp}). */
  GroupCommit writer() {
    return writer;
  }

  interface SqlFunction<T> {
    T apply(Connection c) throws SQLException;
  }

  /** Runs {@code f} in a group-committed write transaction. */
  <T> T write(SqlFunction<T> f) {
    return writer.submit(
        new GroupCommit.Op<T>() {
          @Override
          T run(Connection c) throws SQLException {
            return f.apply(c);
          }
        });
  }

  /** Runs {@code f} on a read connection. */
  <T> T read(SqlFunction<T> f) {
    try (Connection c = readPool.getConnection()) {
      return f.apply(c);
    } catch (SQLException e) {
      throw new StoreException(description + " read failed: " + e.getMessage(), e);
    }
  }

  /** See {@link Store#ping()}. */
  boolean ping(Duration timeout) {
    CompletableFuture<Boolean> check;
    synchronized (this) {
      // One check at a time, shared by every caller: a health probe storm while the database is
      // down must not queue up checks that each wait for the pool.
      check = ping;
      if (check == null || check.isDone()) {
        check = new CompletableFuture<>();
        ping = check;
        CompletableFuture<Boolean> result = check;
        Threads.virtual("hookline-store-ping", () -> result.complete(check(timeout)));
      }
    }
    try {
      return check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    }
  }

  private boolean check(Duration timeout) {
    try (Connection c = readPool.getConnection()) {
      return c.isValid((int) Math.max(1, timeout.toSeconds()));
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /** Stops the writers (after committing what was submitted) and closes the pools. */
  @Override
  public void close() {
    writer.close();
    readPool.close();
    if (writePool != readPool) {
      writePool.close();
    }
  }

  // ---- statement helpers ----------------------------------------------------------------------

  /** {@code n} comma-separated placeholders. */
  static String placeholders(int n) {
    return "?" + ", ?".repeat(n - 1);
  }

  static void setInt(PreparedStatement ps, int index, OptionalInt value) throws SQLException {
    if (value.isPresent()) {
      ps.setInt(index, value.getAsInt());
    } else {
      ps.setNull(index, Types.INTEGER);
    }
  }
}
