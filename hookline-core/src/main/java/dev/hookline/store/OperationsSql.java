package dev.hookline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What an operator does to deliveries: retry one, replay an endpoint's, purge old ones. */
final class OperationsSql {
  private final Database db;

  OperationsSql(Database db) {
    this.db = db;
  }

  Optional<Delivery> retry(String deliveryId, Instant now) {
    return db.writer()
        .submit(
            new GroupCommit.Op<>() {
              @Override
              Optional<Delivery> run(Connection c) throws SQLException {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "UPDATE deliveries SET status = 'pending', next_attempt_at = ?, updated_at = ?,"
                            + " completed_at = NULL WHERE id = ? AND status <> 'in_flight'")) {
                  ps.setLong(1, now.toEpochMilli());
                  ps.setLong(2, now.toEpochMilli());
                  ps.setString(3, deliveryId);
                  ps.executeUpdate();
                }
                return ReadSql.findDelivery(c, deliveryId);
              }
            });
  }

  int replay(
      String endpointId,
      DeliveryStatus status,
      Optional<Instant> since,
      Optional<Instant> until,
      Instant now) {
    if (status == DeliveryStatus.IN_FLIGHT) {
      throw new IllegalArgumentException("in-flight deliveries cannot be replayed");
    }
    return db.writer()
        .submit(
            new GroupCommit.Op<>() {
              @Override
              Integer run(Connection c) throws SQLException {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "UPDATE deliveries SET status = 'pending', next_attempt_at = ?, updated_at = ?,"
                            + " completed_at = NULL WHERE endpoint_id = ? AND status = ?"
                            + " AND created_at >= ? AND created_at < ?")) {
                  ps.setLong(1, now.toEpochMilli());
                  ps.setLong(2, now.toEpochMilli());
                  ps.setString(3, endpointId);
                  ps.setString(4, status.wireName());
                  ps.setLong(5, since.map(Instant::toEpochMilli).orElse(Long.MIN_VALUE));
                  ps.setLong(6, until.map(Instant::toEpochMilli).orElse(Long.MAX_VALUE));
                  return ps.executeUpdate();
                }
              }
            });
  }

  int purge(Instant before) {
    int total = 0;
    while (true) {
      int deleted =
          db.writer()
              .submit(
                  new GroupCommit.Op<>() {
                    @Override
                    Integer run(Connection c) throws SQLException {
                      // Small chunks keep each write transaction short.
                      List<String> ids = new ArrayList<>();
                      try (PreparedStatement ps =
                          c.prepareStatement(
                              "SELECT id FROM deliveries WHERE status = 'succeeded'"
                                  + " AND completed_at < ? LIMIT 1000")) {
                        ps.setLong(1, before.toEpochMilli());
                        try (ResultSet rs = ps.executeQuery()) {
                          while (rs.next()) {
                            ids.add(rs.getString(1));
                          }
                        }
                      }
                      if (ids.isEmpty()) {
                        return 0;
                      }
                      String in = "(" + Database.placeholders(ids.size()) + ")";
                      for (String sql :
                          List.of(
                              "DELETE FROM attempts WHERE delivery_id IN "
                                  + in
                                  + " AND delivery_id IN (SELECT id FROM deliveries"
                                  + " WHERE status = 'succeeded')",
                              "DELETE FROM deliveries WHERE id IN "
                                  + in
                                  + " AND status = 'succeeded'")) {
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                          for (int i = 0; i < ids.size(); i++) {
                            ps.setString(i + 1, ids.get(i));
                          }
                          ps.executeUpdate();
                        }
                      }
                      return ids.size();
                    }
                  });
      total += deleted;
      if (deleted == 0) {
        break;
      }
    }
    db.writer()
        .submit(
            new GroupCommit.Op<Integer>() {
              @Override
              Integer run(Connection c) throws SQLException {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "DELETE FROM events WHERE accepted_at < ? AND NOT EXISTS"
                            + " (SELECT 1 FROM deliveries d WHERE d.event_id = events.id)")) {
                  ps.setLong(1, before.toEpochMilli());
                  return ps.executeUpdate();
                }
              }
            });
    return total;
  }
}
