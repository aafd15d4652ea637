package dev.hookline.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.SortedSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared store: PostgreSQL, for several nodes. Claims use {@code FOR UPDATE SKIP LOCKED} so
 * nodes split the due deliveries without waiting on each other; a few writer connections
 * group-commit in parallel.
 */
final class PostgresStore extends JdbcStore {
  private static final Pattern SCHEMA = Pattern.compile("[?&]currentSchema=([A-Za-z0-9_]+)");
  private static final int WRITERS = 4;
  private static final int READERS = 6;
  private static final int MAX_BATCH = 512;

  private PostgresStore(String description, HikariDataSource pool) {
    super(description, pool, pool, WRITERS, MAX_BATCH);
  }

  static Store open(String url) {
    String description = "postgresql:" + redact(url);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName("hookline-postgres");
    config.setMaximumPoolSize(WRITERS + READERS);
    config.setMinimumIdle(2);
    config.setConnectionTimeout(10_000);
    config.setInitializationFailTimeout(10_000);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException("cannot connect to " + description + ": " + e.getMessage(), e);
    }
    try {
      Matcher m = SCHEMA.matcher(url);
      Migrations.migrate(pool, "postgresql", m.find() ? m.group(1) : null, description);
      return new PostgresStore(description, pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** The URL without a password, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***")
        .replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
  }

  @Override
  String lockClause() {
    return "FOR UPDATE SKIP LOCKED";
  }

  /**
   * A transaction-scoped advisory lock per endpoint, keyed by a hash of its id, taken in key order
   * (two ids sharing a key only share a lock).
   */
  @Override
  void lockFifoEndpoints(Connection c, SortedSet<String> endpointIds) throws SQLException {
    long[] keys =
        endpointIds.stream().mapToLong(PostgresStore::fifoLockKey).sorted().distinct().toArray();
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      for (long key : keys) {
        ps.setLong(1, key);
        ps.execute();
      }
    }
  }

  /** The advisory lock key of a FIFO endpoint: 64 bits of SHA-256 of a namespaced id. */
  static long fifoLockKey(String endpointId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("hookline.fifo:" + endpointId).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
