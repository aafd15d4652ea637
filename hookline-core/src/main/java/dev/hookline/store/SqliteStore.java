package dev.hookline.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the embedded store: one SQLite file in WAL mode. One connection writes (SQLite has one
 * writer anyway, and group commit keeps it busy); a small pool reads concurrently (see {@link
 * SqliteDialect}).
 */
final class SqliteStore {
  private static final int READERS = 4;
  private static final int MAX_BATCH = 512;

  private SqliteStore() {}

  static Store open(Path file, SecretKeys keys) {
    Path absolute = file.toAbsolutePath();
    String description = "sqlite:" + absolute;
    try {
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
      // SQLite gives the -wal and -shm files the database file's mode: owner-only all three.
      FilePermissions.createPrivate(absolute);
      restrictCompanions(absolute);
    } catch (java.io.IOException e) {
      throw new StoreException(
          "cannot create " + description + " with owner-only permissions: " + e, e);
    }
    String url = "jdbc:sqlite:" + absolute;
    HikariDataSource write;
    try {
      write = pool(url, "hookline-sqlite-write", 1, false);
    } catch (RuntimeException e) {
      throw new StoreException("cannot open " + description + ": " + rootMessage(e), e);
    }
    HikariDataSource read = null;
    try {
      Dialect dialect = new SqliteDialect();
      Migrations.migrate(write, dialect.migrations(), null, description);
      Sealer sealer = new Sealer(keys);
      Resealer.reseal(write, sealer, description, true);
      restrictCompanions(absolute);
      read = pool(url, "hookline-sqlite-read", READERS, true);
      return new JdbcStore(new Database(description, read, write, 1, MAX_BATCH), dialect, sealer);
    } catch (RuntimeException e) {
      write.close();
      if (read != null) {
        read.close();
      }
      throw e instanceof StoreException
          ? e
          : new StoreException("cannot open " + description + ": " + rootMessage(e), e);
    }
  }

  /** The WAL and shared-memory files, owner-only when they exist (made by an older version). */
  private static void restrictCompanions(Path db) {
    try {
      for (String suffix : new String[] {"-wal", "-shm"}) {
        FilePermissions.restrict(db.resolveSibling(db.getFileName() + suffix));
      }
    } catch (java.io.IOException e) {
      throw new StoreException("cannot make the files of sqlite:" + db + " owner-only: " + e, e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private static HikariDataSource pool(String url, String name, int size, boolean readOnly) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    // WAL: readers never block the writer. synchronous=FULL syncs the WAL at every commit, so an
    // acknowledged event survives a power cut as well as a crash; group commit amortises it.
    config.addDataSourceProperty("journal_mode", "WAL");
    config.addDataSourceProperty(
        "synchronous", System.getProperty("hookline.sqlite.synchronous", "FULL"));
    config.addDataSourceProperty("busy_timeout", "10000");
    config.addDataSourceProperty("foreign_keys", "false");
    config.addDataSourceProperty("cache_size", "-32768");
    config.addDataSourceProperty("temp_store", "MEMORY");
    config.setConnectionInitSql(
        "PRAGMA wal_autocheckpoint=" + System.getProperty("hookline.ckpt", "1000"));
    if (readOnly) {
      config.addDataSourceProperty("query_only", "true");
    }
    return new HikariDataSource(config);
  }
}
