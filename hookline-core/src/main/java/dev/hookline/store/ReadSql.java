package dev.hookline.store;

import dev.hookline.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The read model: events, deliveries and attempts, one by one and paged. */
final class ReadSql {
  static final String DELIVERY_COLUMNS =
      "id, event_id, event_type, endpoint_id, status, attempts, next_attempt_at, created_at,"
          + " updated_at, completed_at, last_status_code, last_error, result";

  /** The statuses of deliveries not yet finished. */
  static final String OPEN = "('pending', 'failed', 'in_flight')";

  private final Database db;

  ReadSql(Database db) {
    this.db = db;
  }

  Optional<StoredEvent> event(String id) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT body, accepted_at, skips FROM events WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(storedEvent(rs)) : Optional.empty();
            }
          }
        });
  }

  Page<StoredEvent> events(EventQuery q) {
    return db.read(
        c -> {
          StringBuilder sql =
              new StringBuilder("SELECT body, accepted_at, skips, id FROM events WHERE 1 = 1");
          List<Object> args = new ArrayList<>();
          q.type().ifPresent(t -> add(sql, args, " AND type = ?", t));
          q.since().ifPresent(s -> add(sql, args, " AND accepted_at >= ?", s.toEpochMilli()));
          q.until().ifPresent(u -> add(sql, args, " AND accepted_at < ?", u.toEpochMilli()));
          if (q.cursor().isPresent()) {
            String cursor = q.cursor().get();
            int dot = cursor.indexOf('.');
            long at = Long.parseLong(cursor.substring(0, dot)); // shape checked by EventQuery
            sql.append(" AND (accepted_at < ? OR (accepted_at = ? AND id < ?))");
            args.add(at);
            args.add(at);
            args.add(cursor.substring(dot + 1));
          }
          sql.append(" ORDER BY accepted_at DESC, id DESC LIMIT ?");
          args.add(q.limit() + 1);
          List<StoredEvent> items = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                items.add(storedEvent(rs));
              }
            }
          }
          Optional<String> next = Optional.empty();
          if (items.size() > q.limit()) {
            items.remove(items.size() - 1);
            StoredEvent last = items.get(items.size() - 1);
            next = Optional.of(last.acceptedAt().toEpochMilli() + "." + last.event().id());
          }
          return new Page<>(items, next);
        });
  }

  Optional<Delivery> delivery(String id) {
    return db.read(c -> findDelivery(c, id));
  }

  List<Attempt> attempts(String deliveryId) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT delivery_id, endpoint_id, number, started_at, duration_ms, status_code,"
                      + " error, response_snippet, node FROM attempts WHERE delivery_id = ?"
                      + " ORDER BY number")) {
            ps.setString(1, deliveryId);
            List<Attempt> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                int code = rs.getInt(6);
                OptionalInt status = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(code);
                out.add(
                    new Attempt(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3),
                        Instant.ofEpochMilli(rs.getLong(4)),
                        Duration.ofMillis(rs.getLong(5)),
                        status,
                        Optional.ofNullable(rs.getString(7)),
                        Optional.ofNullable(rs.getString(8)),
                        rs.getString(9)));
              }
            }
            return out;
          }
        });
  }

  Page<Delivery> deliveries(DeliveryQuery q) {
    return db.read(
        c -> {
          StringBuilder sql =
              new StringBuilder("SELECT " + DELIVERY_COLUMNS + " FROM deliveries WHERE 1 = 1");
          List<Object> args = new ArrayList<>();
          q.endpointId().ifPresent(v -> add(sql, args, " AND endpoint_id = ?", v));
          q.status().ifPresent(v -> add(sql, args, " AND status = ?", v.wireName()));
          q.eventType().ifPresent(v -> add(sql, args, " AND event_type = ?", v));
          q.eventId().ifPresent(v -> add(sql, args, " AND event_id = ?", v));
          q.since().ifPresent(v -> add(sql, args, " AND created_at >= ?", v.toEpochMilli()));
          q.until().ifPresent(v -> add(sql, args, " AND created_at < ?", v.toEpochMilli()));
          q.cursor().ifPresent(v -> add(sql, args, " AND id < ?", v));
          sql.append(" ORDER BY id DESC LIMIT ?");
          args.add(q.limit() + 1);
          List<Delivery> items = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args);
            readDeliveries(ps, items);
          }
          Optional<String> next = Optional.empty();
          if (items.size() > q.limit()) {
            items.remove(items.size() - 1);
            next = Optional.of(items.get(items.size() - 1).id());
          }
          return new Page<>(items, next);
        });
  }

  static Optional<Delivery> findDelivery(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM deliveries WHERE id = ?")) {
      ps.setString(1, id);
      List<Delivery> out = new ArrayList<>(1);
      readDeliveries(ps, out);
      return out.stream().findFirst();
    }
  }

  static void readDeliveries(PreparedStatement ps, List<Delivery> out) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long completed = rs.getLong(10);
        Optional<Instant> completedAt =
            rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(completed));
        int code = rs.getInt(11);
        OptionalInt lastCode = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(code);
        out.add(
            new Delivery(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                DeliveryStatus.fromName(rs.getString(5)),
                rs.getInt(6),
                Instant.ofEpochMilli(rs.getLong(7)),
                Instant.ofEpochMilli(rs.getLong(8)),
                Instant.ofEpochMilli(rs.getLong(9)),
                completedAt,
                lastCode,
                Optional.ofNullable(rs.getString(12)),
                Optional.ofNullable(rs.getString(13))));
      }
    }
  }

  private static StoredEvent storedEvent(ResultSet rs) throws SQLException {
    return new StoredEvent(
        Event.fromJson(rs.getString(1)),
        Instant.ofEpochMilli(rs.getLong(2)),
        SkipsJson.decode(rs.getString(3)));
  }

  static void add(StringBuilder sql, List<Object> args, String clause, Object arg) {
    sql.append(clause);
    args.add(arg);
  }

  static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setObject(i + 1, args.get(i));
    }
  }
}
