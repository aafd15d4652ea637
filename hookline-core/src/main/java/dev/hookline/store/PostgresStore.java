package dev.hookline.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens the shared store: PostgreSQL, for several nodes. Claims use {@code FOR UPDATE SKIP LOCKED}
 * so nodes split the due deliveries without waiting on each other; a few writer connections
 * group-commit in parallel (see {@link PostgresDialect}).
 */
final class PostgresStore {
  private static final Pattern SCHEMA = Pattern.compile("[?&]currentSchema=([A-Za-z0-9_]+)");
  private static final int WRITERS = 4;
  private static final int READERS = 6;
  private static final int MAX_BATCH = 512;
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
  static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(1);

  private PostgresStore() {}

  static Store open(String url, SecretKeys keys) {
    String description = "postgresql:" + redact(url);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName("hookline-postgres");
    config.setMaximumPoolSize(WRITERS + READERS);
    config.setMinimumIdle(2);
    // While the database is down a caller waits this long for a connection, then gets a
    // StoreException (a 503 over HTTP) instead of hanging.
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    config.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
    config.setInitializationFailTimeout(10_000);
    // A connection attempt to a host that does not answer gives up within the wait above.
    config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECTION_TIMEOUT.toSeconds()));
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException("cannot connect to " + description + ": " + e.getMessage(), e);
    }
    try {
      Matcher m = SCHEMA.matcher(url);
      Dialect dialect = new PostgresDialect();
      Migrations.migrate(pool, dialect.migrations(), m.find() ? m.group(1) : null, description);
      Sealer sealer = new Sealer(keys);
      Resealer.reseal(pool, sealer, description, false);
      return new JdbcStore(
          new Database(description, pool, pool, WRITERS, MAX_BATCH), dialect, sealer);
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
}
