package dev.hookline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lease protocol: claiming due deliveries under a node's lease, renewing it, and giving them
 * back completed, released or (after a restart) recovered.
 */
final class LeaseSql {
  private final Database db;
  private final Dialect dialect;

  LeaseSql(Database db, Dialect dialect) {
    this.db = db;
    this.dialect = dialect;
  }

  List<Claimed> claim(Lease lease, int limit, Instant now) {
    if (limit <= 0) {
      return List.of();
    }
    return db.writer()
        .submit(
            new GroupCommit.Op<RawClaims>() {
              @Override
              RawClaims run(Connection c) throws SQLException {
                List<Delivery> claimed = new ArrayList<>();
                long nowMs = now.toEpochMilli();
                long until = lease.until().toEpochMilli();
                // Due pending and failed deliveries, and in-flight ones whose lease lapsed (their
                // node is presumed dead): all are rows of deliveries_work with next_attempt_at <=
                // now. A lapsed one says so in last_error, and the attempt its node was making is
                // recorded with an unknown outcome (recordLapsed).
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "UPDATE deliveries SET status = 'in_flight', attempts = attempts + 1,"
                            + " lease_owner = ?, lease_until = ?, next_attempt_at = ?, updated_at = ?,"
                            + " last_error = CASE WHEN status = 'in_flight' THEN '"
                            + LAPSED
                            + "' || lease_owner || ''' lapsed while it held this delivery (it may"
                            + " or may not have been sent)' ELSE last_error END"
                            + " WHERE id IN (SELECT d.id FROM deliveries d"
                            + " WHERE d.status IN "
                            + ReadSql.OPEN
                            + " AND d.next_attempt_at <= ?"
                            + " AND (d.fifo = 0 OR NOT EXISTS (SELECT 1 FROM deliveries p"
                            + " WHERE p.fifo = 1 AND p.endpoint_id = d.endpoint_id AND p.id < d.id"
                            + " AND p.status IN "
                            + ReadSql.OPEN
                            + ")) ORDER BY d.next_attempt_at LIMIT ? "
                            + dialect.skipLocked()
                            + ") RETURNING "
                            + ReadSql.DELIVERY_COLUMNS)) {
                  ps.setString(1, lease.node());
                  ps.setLong(2, until);
                  ps.setLong(3, until);
                  ps.setLong(4, nowMs);
                  ps.setLong(5, nowMs);
                  ps.setInt(6, limit);
                  ReadSql.readDeliveries(ps, claimed);
                }
                recordLapsed(c, claimed, nowMs);
                // A delivery whose event is gone (a database edited by hand, say) is handed over
                // all the same, as Claimed.eventMissing: the dispatcher ends it dead, visibly.
                return bodies(c, claimed);
              }
            })
        .parse();
  }

  private static final String LAPSED = "outcome unknown: the lease of node ''";

  /** Records the attempts that claimed deliveries' lapsed leases cut short (see claim). */
  private static void recordLapsed(Connection c, List<Delivery> claimed, long nowMs)
      throws SQLException {
    String marker = LAPSED.replace("''", "'");
    PreparedStatement ps = null;
    try {
      for (Delivery d : claimed) {
        String error = d.lastError().orElse("");
        if (!error.startsWith(marker) || d.attempts() < 2) {
          continue;
        }
        int end = error.indexOf('\'', marker.length());
        String node = end < 0 ? "unknown" : error.substring(marker.length(), end);
        if (ps == null) {
          ps =
              c.prepareStatement(
                  "INSERT INTO attempts (delivery_id, endpoint_id, number, started_at, duration_ms,"
                      + " status_code, error, response_snippet, node)"
                      + " VALUES (?, ?, ?, ?, 0, NULL, ?, NULL, ?)"
                      + " ON CONFLICT (delivery_id, number) DO NOTHING");
        }
        ps.setString(1, d.id());
        ps.setString(2, d.endpointId());
        ps.setInt(3, d.attempts() - 1);
        ps.setLong(4, nowMs);
        ps.setString(5, error);
        ps.setString(6, node);
        ps.addBatch();
      }
      if (ps != null) {
        ps.executeBatch();
      }
    } finally {
      if (ps != null) {
        ps.close();
      }
    }
  }

  /** Claimed deliveries with their events' stored JSON (parsed only if needed, off the writer). */
  private record RawClaims(List<Delivery> deliveries, Map<String, String> bodies) {
    List<Claimed> parse() {
      if (deliveries.isEmpty()) {
        return List.of();
      }
      List<Claimed> out = new ArrayList<>(deliveries.size());
      for (Delivery d : deliveries) {
        String body = bodies.get(d.eventId());
        out.add(body == null ? Claimed.eventMissing(d) : Claimed.parsedLazily(d, body));
      }
      return out;
    }
  }

  private RawClaims bodies(Connection c, List<Delivery> deliveries) throws SQLException {
    Map<String, String> bodies = new HashMap<>();
    if (deliveries.isEmpty()) {
      return new RawClaims(List.of(), bodies);
    }
    List<String> ids = deliveries.stream().map(Delivery::eventId).distinct().toList();
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id, body FROM events WHERE id IN ("
                  + Database.placeholders(chunk.size())
                  + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          ps.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            bodies.put(rs.getString(1), rs.getString(2));
          }
        }
      }
    }
    return new RawClaims(deliveries, bodies);
  }

  private final class CompleteOp extends GroupCommit.BatchOp<Set<String>, CompleteOp> {
    final List<Completion> completions;
    final Instant now;

    CompleteOp(List<Completion> completions, Instant now) {
      super(CompleteOp.class);
      this.completions = completions;
      this.now = now;
    }

    @Override
    void runAll(Connection c, List<CompleteOp> ops) throws SQLException {
      completeAll(c, ops);
    }
  }

  private void completeAll(Connection c, List<CompleteOp> ops) throws SQLException {
    List<Dialect.CompletedRow> rows = new ArrayList<>();
    for (CompleteOp op : ops) {
      long now = op.now.toEpochMilli();
      for (Completion done : op.completions) {
        rows.add(new Dialect.CompletedRow(done, now));
      }
    }
    if (dialect.concurrentWriters()) {
      // Rows are updated in id order whichever op they came from: concurrent writers (and lease
      // renewals) then lock rows in one order and cannot deadlock.
      rows.sort(Comparator.comparing(Dialect.CompletedRow::deliveryId));
    }
    dialect.insertAttempts(c, rows);
    Set<String> stale = appliedBefore(c, rows, dialect.updateCompleted(c, rows));
    for (CompleteOp op : ops) {
      Set<String> mine = new HashSet<>();
      for (Completion done : op.completions) {
        if (stale.contains(done.attempt().deliveryId())) {
          mine.add(done.attempt().deliveryId());
        }
      }
      op.result = Set.copyOf(mine);
    }
  }

  /**
   * Of the rows the update left unchanged, those that are not stale after all: a completion sent
   * again after its first commit went through unseen (the connection was lost while committing)
   * finds its own outcome already there — lease cleared, the same attempt number, the status it
   * sets. A node that took the delivery over holds its lease or has counted another attempt, so it
   * never matches.
   */
  private static Set<String> appliedBefore(
      Connection c, List<Dialect.CompletedRow> rows, Set<String> unchanged) throws SQLException {
    if (unchanged.isEmpty()) {
      return unchanged;
    }
    Set<String> stale = new HashSet<>(unchanged);
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM deliveries WHERE id = ? AND lease_owner IS NULL AND attempts = ?"
                + " AND status = ?")) {
      for (Dialect.CompletedRow row : rows) {
        Completion done = row.completion();
        String id = done.attempt().deliveryId();
        if (!stale.contains(id)) {
          continue;
        }
        ps.setString(1, id);
        ps.setInt(2, done.attempt().number());
        ps.setString(3, done.status().wireName());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            stale.remove(id);
          }
        }
      }
    }
    return stale;
  }

  Set<String> complete(List<Completion> completions, Instant now) {
    if (completions.isEmpty()) {
      return Set.of();
    }
    return db.writer().submit(new CompleteOp(List.copyOf(completions), now));
  }

  void release(List<Release> releases, Instant now) {
    if (releases.isEmpty()) {
      return;
    }
    db.writer()
        .submit(
            new GroupCommit.Op<Void>() {
              @Override
              Void run(Connection c) throws SQLException {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "UPDATE deliveries SET attempts = attempts - 1, status = CASE WHEN attempts = 1"
                            + " THEN 'pending' ELSE 'failed' END, next_attempt_at = ?,"
                            + " lease_owner = NULL, lease_until = NULL, updated_at = ?"
                            + " WHERE id = ? AND lease_owner = ? AND attempts = ?"
                            + " AND status = 'in_flight'")) {
                  List<Release> ordered = new ArrayList<>(releases);
                  ordered.sort(Comparator.comparing(Release::deliveryId));
                  for (Release r : ordered) {
                    ps.setLong(1, r.nextAttemptAt().toEpochMilli());
                    ps.setLong(2, now.toEpochMilli());
                    ps.setString(3, r.deliveryId());
                    ps.setString(4, r.node());
                    ps.setInt(5, r.attemptNumber());
                    ps.addBatch();
                  }
                  ps.executeBatch();
                }
                return null;
              }
            });
  }

  int recover(String node, Instant now) {
    return db.writer()
        .submit(
            new GroupCommit.Op<>() {
              @Override
              Integer run(Connection c) throws SQLException {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "INSERT INTO attempts (delivery_id, endpoint_id, number, started_at,"
                            + " duration_ms, status_code, error, response_snippet, node)"
                            + " SELECT id, endpoint_id, attempts, updated_at, 0, NULL, ?, NULL,"
                            + " lease_owner FROM deliveries WHERE lease_owner = ?"
                            + " AND status = 'in_flight' ON CONFLICT (delivery_id, number) DO NOTHING")) {
                  ps.setString(
                      1,
                      "outcome unknown: node '"
                          + node
                          + "' stopped while it held this delivery (it may or may not have been sent)");
                  ps.setString(2, node);
                  ps.executeUpdate();
                }
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "UPDATE deliveries SET status = 'failed', next_attempt_at = ?,"
                            + " lease_owner = NULL, lease_until = NULL, updated_at = ?,"
                            + " last_error = 'outcome unknown: interrupted by a restart'"
                            + " WHERE lease_owner = ? AND status = 'in_flight'")) {
                  ps.setLong(1, now.toEpochMilli());
                  ps.setLong(2, now.toEpochMilli());
                  ps.setString(3, node);
                  return ps.executeUpdate();
                }
              }
            });
  }

  int renewLeases(Lease lease, Collection<String> deliveryIds, Instant now) {
    if (deliveryIds.isEmpty()) {
      return 0;
    }
    // Sorted, so concurrent writers lock rows in one order (PostgreSQL).
    List<String> ids = new ArrayList<>(deliveryIds);
    Collections.sort(ids);
    return db.writer()
        .submit(
            new GroupCommit.Op<>() {
              @Override
              Integer run(Connection c) throws SQLException {
                int renewed = 0;
                for (int from = 0; from < ids.size(); from += 500) {
                  List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "UPDATE deliveries SET lease_until = ?, next_attempt_at = ? WHERE id IN"
                              + " (SELECT id FROM deliveries WHERE id IN ("
                              + Database.placeholders(chunk.size())
                              + ") AND lease_owner = ? AND status = 'in_flight' ORDER BY id"
                              + (dialect.concurrentWriters() ? " FOR UPDATE" : "")
                              + ")")) {
                    ps.setLong(1, lease.until().toEpochMilli());
                    ps.setLong(2, lease.until().toEpochMilli());
                    int i = 3;
                    for (String id : chunk) {
                      ps.setString(i++, id);
                    }
                    ps.setString(i, lease.node());
                    renewed += ps.executeUpdate();
                  }
                }
                return renewed;
              }
            });
  }
}
