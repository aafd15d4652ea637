package dev.hookline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SQLite: one writer connection, so no row is ever contended; a group's rows are written as JDBC
 * batches; rate windows are counted in memory, exactly, since one node owns the file.
 */
final class SqliteDialect implements Dialect {
  private final ConcurrentHashMap<String, SlidingWindowLimiter> limiters =
      new ConcurrentHashMap<>();

  @Override
  public String migrations() {
    return "sqlite";
  }

  @Override
  public boolean concurrentWriters() {
    return false;
  }

  /** One writer connection: accepts already commit one after another. */
  @Override
  public void lockFifoEndpoints(Connection c, SortedSet<String> endpointIds) {}

  @Override
  public boolean[] insertEvents(Connection c, List<EventRow> events) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO events (id, type, occurred_at, accepted_at, body, skips)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
      for (EventRow e : events) {
        ps.setString(1, e.id());
        ps.setString(2, e.type());
        ps.setLong(3, e.occurredAt());
        ps.setLong(4, e.acceptedAt());
        ps.setString(5, e.body());
        ps.setString(6, e.skips());
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      boolean[] inserted = new boolean[counts.length];
      for (int i = 0; i < counts.length; i++) {
        inserted[i] = counts[i] != 0;
      }
      return inserted;
    }
  }

  @Override
  public void insertDeliveries(Connection c, List<DeliveryRow> rows) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO deliveries (id, event_id, event_type, endpoint_id, fifo, status, attempts,"
                + " next_attempt_at, lease_owner, lease_until, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (DeliveryRow row : rows) {
        Delivery d = row.delivery();
        long now = d.createdAt().toEpochMilli();
        ps.setString(1, d.id());
        ps.setString(2, d.eventId());
        ps.setString(3, d.eventType());
        ps.setString(4, d.endpointId());
        ps.setInt(5, row.fifo() ? 1 : 0);
        ps.setString(6, d.status().wireName());
        ps.setInt(7, d.attempts());
        ps.setLong(8, row.nextAttemptAt());
        if (row.lease() != null) {
          ps.setString(9, row.lease().node());
          ps.setLong(10, row.lease().until().toEpochMilli());
        } else {
          ps.setNull(9, Types.VARCHAR);
          ps.setNull(10, Types.BIGINT);
        }
        ps.setLong(11, now);
        ps.setLong(12, now);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public void insertAttempts(Connection c, List<CompletedRow> rows) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO attempts (delivery_id, endpoint_id, number, started_at, duration_ms,"
                + " status_code, error, response_snippet, node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (delivery_id, number) DO NOTHING")) {
      for (CompletedRow row : rows) {
        Attempt a = row.completion().attempt();
        ps.setString(1, a.deliveryId());
        ps.setString(2, a.endpointId());
        ps.setInt(3, a.number());
        ps.setLong(4, a.startedAt().toEpochMilli());
        ps.setLong(5, a.duration().toMillis());
        Database.setInt(ps, 6, a.statusCode());
        ps.setString(7, a.error().orElse(null));
        ps.setString(8, a.responseSnippet().orElse(null));
        ps.setString(9, a.node());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public Set<String> updateCompleted(Connection c, List<CompletedRow> rows) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE deliveries SET status = ?, next_attempt_at = ?, lease_owner = NULL,"
                + " lease_until = NULL, last_status_code = ?, last_error = ?, updated_at = ?,"
                + " completed_at = ?, result = COALESCE(?, result)"
                + " WHERE id = ? AND lease_owner = ? AND attempts = ?")) {
      for (CompletedRow row : rows) {
        Completion done = row.completion();
        Attempt a = done.attempt();
        ps.setString(1, done.status().wireName());
        ps.setLong(2, done.nextAttemptAt().toEpochMilli());
        Database.setInt(ps, 3, a.statusCode());
        ps.setString(4, a.error().orElse(null));
        ps.setLong(5, row.now());
        if (row.completedAt() != null) {
          ps.setLong(6, row.completedAt());
        } else {
          ps.setNull(6, Types.BIGINT);
        }
        ps.setString(7, done.result().orElse(null));
        ps.setString(8, a.deliveryId());
        ps.setString(9, done.node());
        ps.setInt(10, a.number());
        ps.addBatch();
      }
      int[] updated = ps.executeBatch();
      Set<String> stale = new HashSet<>();
      for (int i = 0; i < rows.size(); i++) {
        if (updated[i] == 0) { // SUCCESS_NO_INFO (-2) counts as applied
          stale.add(rows.get(i).deliveryId());
        }
      }
      return stale;
    }
  }

  // One node owns a SQLite file, so exact in-memory sliding windows are shared by all its users.
  @Override
  public Optional<Instant> acquirePermit(
      Database db, String key, List<RateWindow> windows, Instant now) {
    List<SlidingWindowLimiter> granted = new ArrayList<>(windows.size());
    for (RateWindow w : windows) {
      SlidingWindowLimiter limiter =
          limiters.compute(
              key + "|" + w.window().toMillis(),
              (k, existing) ->
                  existing != null && existing.limit() == w.limit()
                      ? existing
                      : new SlidingWindowLimiter(w.limit(), w.window()));
      Optional<Instant> wait = limiter.tryAcquire(now);
      if (wait.isPresent()) {
        granted.forEach(SlidingWindowLimiter::undo);
        return wait;
      }
      granted.add(limiter);
    }
    return Optional.empty();
  }
}
