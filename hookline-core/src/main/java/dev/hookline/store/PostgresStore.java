package dev.hookline.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
   * A sliding-window counter shared through the database: a count per fixed slot, and the window
   * estimated as the current slot plus the overlapping share of the previous one.
   */
  @Override
  public Optional<Instant> acquirePermit(String key, List<RateWindow> windows, Instant now) {
    return write(
        c -> {
          long t = now.toEpochMilli();
          List<long[]> taken = new ArrayList<>();
          for (RateWindow w : windows) {
            long window = w.window().toMillis();
            long slot = t - Math.floorMod(t, window);
            long current;
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO rate_counters (limiter_key, window_ms, slot_start, count)"
                        + " VALUES (?, ?, ?, 1) ON CONFLICT (limiter_key, window_ms, slot_start)"
                        + " DO UPDATE SET count = rate_counters.count + 1 RETURNING count")) {
              ps.setString(1, key);
              ps.setLong(2, window);
              ps.setLong(3, slot);
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                current = rs.getLong(1);
              }
            }
            taken.add(new long[] {window, slot});
            long previous = 0;
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT count FROM rate_counters WHERE limiter_key = ? AND window_ms = ?"
                        + " AND slot_start = ?")) {
              ps.setString(1, key);
              ps.setLong(2, window);
              ps.setLong(3, slot - window);
              try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                  previous = rs.getLong(1);
                }
              }
            }
            double overlap = (double) (window - (t - slot)) / window;
            if (previous * overlap + current > w.limit()) {
              for (long[] undo : taken) {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "UPDATE rate_counters SET count = count - 1 WHERE limiter_key = ?"
                            + " AND window_ms = ? AND slot_start = ?")) {
                  ps.setString(1, key);
                  ps.setLong(2, undo[0]);
                  ps.setLong(3, undo[1]);
                  ps.executeUpdate();
                }
              }
              return Optional.of(now.plusMillis(Math.max(1, window / w.limit())));
            }
            if (current == 1) {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "DELETE FROM rate_counters WHERE limiter_key = ? AND window_ms = ?"
                          + " AND slot_start < ?")) {
                ps.setString(1, key);
                ps.setLong(2, window);
                ps.setLong(3, slot - window);
                ps.executeUpdate();
              }
            }
          }
          return Optional.empty();
        });
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
