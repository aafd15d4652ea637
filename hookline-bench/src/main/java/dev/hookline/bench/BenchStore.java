package dev.hookline.bench;

import dev.hookline.store.SecretKeys;
import dev.hookline.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A fresh store for one run, removed afterwards: a SQLite file in a new temporary directory, or a
 * new schema of the {@code --postgres-url} database (dropped at {@link #close()}).
 */
final class BenchStore implements AutoCloseable {
  private interface Cleanup {
    void run() throws SQLException;
  }

  private final Supplier<Store> opener;
  private final Cleanup cleanup;

  private BenchStore(Supplier<Store> opener, Cleanup cleanup) {
    this.opener = opener;
    this.cleanup = cleanup;
  }

  /** A new store of the kind asked; empty for PostgreSQL without {@code --postgres-url}. */
  static Optional<BenchStore> of(boolean postgres, Options options) throws java.io.IOException {
    if (!postgres) {
      Path dir = Files.createTempDirectory("hookline-bench");
      return Optional.of(
          new BenchStore(() -> Store.sqlite(dir.resolve("bench.db")), () -> deleteTree(dir)));
    }
    if (options.postgresUrl().isEmpty()) {
      return Optional.empty();
    }
    String base = options.postgresUrl().get();
    String schema = "hookline_bench_" + Long.toHexString(System.nanoTime());
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return Optional.of(
        new BenchStore(
            () -> Store.postgres(url, SecretKeys.of(SecretKeys.generate())),
            () -> {
              try (Connection c = DriverManager.getConnection(base);
                  Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
              }
            }));
  }

  /** Deletes the SQLite file and its WAL (a run writes a gigabyte or more). */
  private static void deleteTree(Path dir) throws SQLException {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (java.io.IOException e) {
      throw new SQLException("cannot delete the bench store in " + dir, e);
    }
  }

  /** Opens the store (migrated). */
  Store open() {
    return opener.get();
  }

  @Override
  public void close() throws SQLException {
    cleanup.run();
  }
}
