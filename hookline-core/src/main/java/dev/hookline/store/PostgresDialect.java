package dev.hookline.store;

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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;

/**
 * PostgreSQL: several writer connections, so claims skip locked rows and FIFO accepts take advisory
 * locks; a group's rows go as one statement per table, each row's values in arrays (a JDBC batch
 * would cost PostgreSQL a statement per row and make the group's transaction, and every claim
 * queued behind it, wait for them all); rate windows are counted in a table every node shares.
 */
final class PostgresDialect implements Dialect {

  @Override
  public String migrations() {
    return "postgresql";
  }

  @Override
  public boolean concurrentWriters() {
    return true;
  }

  @Override
  public boolean[] insertEvents(Connection c, List<EventRow> events) throws SQLException {
    int n = events.size();
    String[] ids = new String[n];
    String[] types = new String[n];
    Long[] occurred = new Long[n];
    Long[] accepted = new Long[n];
    String[] bodies = new String[n];
    String[] skips = new String[n];
    for (int i = 0; i < n; i++) {
      EventRow e = events.get(i);
      ids[i] = e.id();
      types[i] = e.type();
      occurred[i] = e.occurredAt();
      accepted[i] = e.acceptedAt();
      bodies[i] = e.body();
      skips[i] = e.skips();
    }
    Set<String> inserted = new HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO events (id, type, occurred_at, accepted_at, body, skips)"
                + " SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[],"
                + " ?::text[], ?::text[]) ON CONFLICT (id) DO NOTHING RETURNING id")) {
      ps.setArray(1, c.createArrayOf("text", ids));
      ps.setArray(2, c.createArrayOf("text", types));
      ps.setArray(3, c.createArrayOf("int8", occurred));
      ps.setArray(4, c.createArrayOf("int8", accepted));
      ps.setArray(5, c.createArrayOf("text", bodies));
      ps.setArray(6, c.createArrayOf("text", skips));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          inserted.add(rs.getString(1));
        }
      }
    }
    // An id given twice in one group is inserted once, for the first op that gave it.
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      out[i] = inserted.remove(ids[i]);
    }
    return out;
  }

  @Override
  public void insertDeliveries(Connection c, List<DeliveryRow> rows) throws SQLException {
    int n = rows.size();
    String[] ids = new String[n];
    String[] eventIds = new String[n];
    String[] eventTypes = new String[n];
    String[] endpointIds = new String[n];
    Integer[] fifo = new Integer[n];
    String[] statuses = new String[n];
    Integer[] attempts = new Integer[n];
    Long[] due = new Long[n];
    String[] owners = new String[n];
    Long[] leasedUntil = new Long[n];
    Long[] created = new Long[n];
    for (int i = 0; i < n; i++) {
      DeliveryRow row = rows.get(i);
      Delivery d = row.delivery();
      ids[i] = d.id();
      eventIds[i] = d.eventId();
      eventTypes[i] = d.eventType();
      endpointIds[i] = d.endpointId();
      fifo[i] = row.fifo() ? 1 : 0;
      statuses[i] = d.status().wireName();
      attempts[i] = d.attempts();
      due[i] = row.nextAttemptAt();
      owners[i] = row.lease() == null ? null : row.lease().node();
      leasedUntil[i] = row.lease() == null ? null : row.lease().until().toEpochMilli();
      created[i] = d.createdAt().toEpochMilli();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO deliveries (id, event_id, event_type, endpoint_id, fifo, status, attempts,"
                + " next_attempt_at, lease_owner, lease_until, created_at, updated_at)"
                + " SELECT u.*, u.created_at FROM unnest(?::text[], ?::text[], ?::text[],"
                + " ?::text[], ?::int[], ?::text[], ?::int[], ?::bigint[], ?::text[], ?::bigint[],"
                + " ?::bigint[]) AS u(id, event_id, event_type, endpoint_id, fifo, status,"
                + " attempts, next_attempt_at, lease_owner, lease_until, created_at)")) {
      ps.setArray(1, c.createArrayOf("text", ids));
      ps.setArray(2, c.createArrayOf("text", eventIds));
      ps.setArray(3, c.createArrayOf("text", eventTypes));
      ps.setArray(4, c.createArrayOf("text", endpointIds));
      ps.setArray(5, c.createArrayOf("int4", fifo));
      ps.setArray(6, c.createArrayOf("text", statuses));
      ps.setArray(7, c.createArrayOf("int4", attempts));
      ps.setArray(8, c.createArrayOf("int8", due));
      ps.setArray(9, c.createArrayOf("text", owners));
      ps.setArray(10, c.createArrayOf("int8", leasedUntil));
      ps.setArray(11, c.createArrayOf("int8", created));
      ps.executeUpdate();
    }
  }

  @Override
  public void insertAttempts(Connection c, List<CompletedRow> rows) throws SQLException {
    int n = rows.size();
    String[] deliveryIds = new String[n];
    String[] endpointIds = new String[n];
    Integer[] numbers = new Integer[n];
    Long[] started = new Long[n];
    Long[] durations = new Long[n];
    Integer[] codes = new Integer[n];
    String[] errors = new String[n];
    String[] snippets = new String[n];
    String[] nodes = new String[n];
    for (int i = 0; i < n; i++) {
      Attempt a = rows.get(i).completion().attempt();
      deliveryIds[i] = a.deliveryId();
      endpointIds[i] = a.endpointId();
      numbers[i] = a.number();
      started[i] = a.startedAt().toEpochMilli();
      durations[i] = a.duration().toMillis();
      codes[i] = a.statusCode().isPresent() ? a.statusCode().getAsInt() : null;
      errors[i] = a.error().orElse(null);
      snippets[i] = a.responseSnippet().orElse(null);
      nodes[i] = a.node();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO attempts (delivery_id, endpoint_id, number, started_at, duration_ms,"
                + " status_code, error, response_snippet, node) SELECT * FROM unnest(?::text[],"
                + " ?::text[], ?::int[], ?::bigint[], ?::bigint[], ?::int[], ?::text[], ?::text[],"
                + " ?::text[]) ON CONFLICT (delivery_id, number) DO NOTHING")) {
      ps.setArray(1, c.createArrayOf("text", deliveryIds));
      ps.setArray(2, c.createArrayOf("text", endpointIds));
      ps.setArray(3, c.createArrayOf("int4", numbers));
      ps.setArray(4, c.createArrayOf("int8", started));
      ps.setArray(5, c.createArrayOf("int8", durations));
      ps.setArray(6, c.createArrayOf("int4", codes));
      ps.setArray(7, c.createArrayOf("text", errors));
      ps.setArray(8, c.createArrayOf("text", snippets));
      ps.setArray(9, c.createArrayOf("text", nodes));
      ps.executeUpdate();
    }
  }

  @Override
  public Set<String> updateCompleted(Connection c, List<CompletedRow> rows) throws SQLException {
    int n = rows.size();
    String[] ids = new String[n];
    String[] statuses = new String[n];
    Long[] due = new Long[n];
    Integer[] codes = new Integer[n];
    String[] errors = new String[n];
    Long[] updated = new Long[n];
    Long[] completed = new Long[n];
    String[] nodes = new String[n];
    Integer[] numbers = new Integer[n];
    String[] results = new String[n];
    for (int i = 0; i < n; i++) {
      CompletedRow row = rows.get(i);
      Completion done = row.completion();
      Attempt a = done.attempt();
      ids[i] = a.deliveryId();
      statuses[i] = done.status().wireName();
      due[i] = done.nextAttemptAt().toEpochMilli();
      codes[i] = a.statusCode().isPresent() ? a.statusCode().getAsInt() : null;
      errors[i] = a.error().orElse(null);
      updated[i] = row.now();
      completed[i] = row.completedAt();
      nodes[i] = done.node();
      numbers[i] = a.number();
      results[i] = done.result().orElse(null);
    }
    // The rows come sorted by id and are joined one by one through the primary key, so they are
    // locked in id order, as lease renewals lock them.
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE deliveries d SET status = u.status, next_attempt_at = u.next_attempt_at,"
                + " lease_owner = NULL, lease_until = NULL, last_status_code = u.code,"
                + " last_error = u.error, updated_at = u.updated_at, completed_at = u.completed_at,"
                + " result = COALESCE(u.result, d.result)"
                + " FROM unnest(?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[],"
                + " ?::bigint[], ?::bigint[], ?::text[], ?::int[], ?::text[]) AS u(id, status,"
                + " next_attempt_at, code, error, updated_at, completed_at, node, number, result)"
                + " WHERE d.id = u.id AND d.lease_owner = u.node AND d.attempts = u.number"
                + " RETURNING d.id")) {
      ps.setArray(1, c.createArrayOf("text", ids));
      ps.setArray(2, c.createArrayOf("text", statuses));
      ps.setArray(3, c.createArrayOf("int8", due));
      ps.setArray(4, c.createArrayOf("int4", codes));
      ps.setArray(5, c.createArrayOf("text", errors));
      ps.setArray(6, c.createArrayOf("int8", updated));
      ps.setArray(7, c.createArrayOf("int8", completed));
      ps.setArray(8, c.createArrayOf("text", nodes));
      ps.setArray(9, c.createArrayOf("int4", numbers));
      ps.setArray(10, c.createArrayOf("text", results));
      Set<String> stale = new HashSet<>(Arrays.asList(ids));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stale.remove(rs.getString(1));
        }
      }
      return stale;
    }
  }

  /**
   * A sliding-window counter shared through the database: a count per fixed slot, and the window
   * estimated as the current slot plus the overlapping share of the previous one.
   */
  @Override
  public Optional<Instant> acquirePermit(
      Database db, String key, List<RateWindow> windows, Instant now) {
    return db.write(
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
  public void lockFifoEndpoints(Connection c, SortedSet<String> endpointIds) throws SQLException {
    long[] keys =
        endpointIds.stream().mapToLong(PostgresDialect::fifoLockKey).sorted().distinct().toArray();
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
