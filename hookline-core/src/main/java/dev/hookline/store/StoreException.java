package dev.hookline.store;

import dev.hookline.HooklineException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A store that cannot be opened, migrated, read or written. The message names the store.
 *
 * <p>A failed write says whether it may have been stored: {@link #outcomeUnknown()} is false when
 * it failed before anything could be committed (nothing of it is stored), true when the connection
 * was lost while committing (it may be stored, or only part of a batch may be). Either way a write
 * that is idempotent on its ids — publishing events — can simply be sent again.
 *
 * <p>{@link #unavailable()} tells an outage (the database is down, restarting or out of
 * connections: try again later) from a fault that trying again will not mend (a damaged row, a
 * bug): the server answers the first with 503 and the second with 500.
 */
public final class StoreException extends HooklineException {
  private final boolean outcomeUnknown;
  private final boolean unavailable;

  /** Creates an exception with the cause it wraps, for a write known not to be stored. */
  public StoreException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * Creates an exception with the cause it wraps.
   *
   * @param outcomeUnknown whether the write may have been committed all the same
   */
  public StoreException(String message, Throwable cause, boolean outcomeUnknown) {
    this(message, cause, outcomeUnknown, false);
  }

  /** Creates an exception, for a write known not to be stored. */
  public StoreException(String message) {
    super(message);
    this.outcomeUnknown = false;
    this.unavailable = false;
  }

  private StoreException(
      String message, Throwable cause, boolean outcomeUnknown, boolean unavailable) {
    super(message, cause);
    this.outcomeUnknown = outcomeUnknown;
    this.unavailable = unavailable || outcomeUnknown || connectionLost(cause);
  }

  /**
   * Creates an exception for a store that cannot be reached now (its connection broke, it is closed
   * or shutting down), whatever the cause says.
   *
   * @param outcomeUnknown whether the write may have been committed all the same
   */
  public static StoreException unavailable(
      String message, Throwable cause, boolean outcomeUnknown) {
    return new StoreException(message, cause, outcomeUnknown, true);
  }

  /**
   * Whether the store is unreachable for now — the database is down or restarting, a connection
   * broke, the pool timed out waiting for one, or the store is closing — so the same request may
   * succeed later. False for faults that another try will not mend (damaged data, a failed
   * constraint, a bug), which deserve an error log rather than a retry.
   */
  public boolean unavailable() {
    return unavailable;
  }

  /**
   * Whether a cause in the chain is a failure that another try may mend: JDBC's transient
   * exceptions (connection loss, HikariCP's pool timeout, query timeouts), a closed pool (the store
   * shutting down), SQLState class 08 (connection), 40 (serialization failure, deadlock), 53
   * (insufficient resources) and 25006 (read-only: a failover pointed a connection at a standby),
   * PostgreSQL's 55P03 (lock timeout), 57014 (statement timeout) and 57P01–57P03 (shutdown, cannot
   * connect now), and SQLite's BUSY and LOCKED (the xerial driver sets no SQLState; its result code
   * is the error code's low byte).
   */
  private static boolean connectionLost(Throwable cause) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = cause; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (t instanceof StoreException se && se.unavailable) {
        return true;
      }
      if (t instanceof SQLTransientException || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && transientState(sql)) {
        return true;
      }
    }
    return false;
  }

  private static boolean transientState(SQLException e) {
    String state = e.getSQLState();
    if (state != null) {
      return state.startsWith("08")
          || state.startsWith("40")
          || state.startsWith("53")
          || state.equals("25006")
          || state.equals("55P03")
          || state.equals("57014")
          || state.equals("57P01")
          || state.equals("57P02")
          || state.equals("57P03");
    }
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("[SQLITE_BUSY]") || message.startsWith("[SQLITE_LOCKED]")) {
      return true;
    }
    // HikariCP's "HikariDataSource ... has been closed": the store is shutting down.
    return message.contains("has been closed");
  }

  /**
   * Whether the failed write may have been committed all the same (the connection was lost during
   * the commit, or some writes of a batch committed): the caller cannot tell, and should send it
   * again with the same ids rather than assume either way.
   */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }
}
