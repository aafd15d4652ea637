package dev.hookline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Aggregates over attempts and open deliveries: per-endpoint figures, buckets, queue depth. */
final class StatsSql {
  private final Database db;

  StatsSql(Database db) {
    this.db = db;
  }

  EndpointStats stats(String endpointId, Instant since) {
    return db.read(
        c -> {
          long total;
          long success;
          long retries;
          double avg;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status_code BETWEEN 200 AND 299"
                      + " THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN number > 1 THEN 1 ELSE 0"
                      + " END), 0), COALESCE(AVG(duration_ms), 0) FROM attempts"
                      + " WHERE endpoint_id = ? AND started_at >= ?")) {
            ps.setString(1, endpointId);
            ps.setLong(2, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              total = rs.getLong(1);
              success = rs.getLong(2);
              retries = rs.getLong(3);
              avg = rs.getDouble(4);
            }
          }
          double p95 = 0;
          if (total > 0) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT duration_ms FROM attempts WHERE endpoint_id = ? AND started_at >= ?"
                        + " ORDER BY duration_ms LIMIT 1 OFFSET ?")) {
              ps.setString(1, endpointId);
              ps.setLong(2, since.toEpochMilli());
              ps.setLong(3, (long) Math.ceil(total * 0.95) - 1);
              try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                  p95 = rs.getLong(1);
                }
              }
            }
          }
          long pending;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*) FROM deliveries WHERE endpoint_id = ? AND status IN "
                      + ReadSql.OPEN)) {
            ps.setString(1, endpointId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              pending = rs.getLong(1);
            }
          }
          return new EndpointStats(
              endpointId,
              total,
              success,
              total - success,
              total == 0 ? 1.0 : (double) success / total,
              avg,
              p95,
              retries,
              pending);
        });
  }

  QueueDepth queueDepth() {
    // Two statements: MIN alone is one seek on deliveries_open_by_age; COUNT alone scans only
    // that partial index. Together, planners scan and read created_at row by row (5x slower).
    return db.read(
        c -> {
          long open;
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT COUNT(*) FROM deliveries WHERE status IN " + ReadSql.OPEN);
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            open = rs.getLong(1);
          }
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT MIN(created_at) FROM deliveries WHERE status IN " + ReadSql.OPEN);
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            long oldest = rs.getLong(1);
            return new QueueDepth(
                open, rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(oldest)));
          }
        });
  }

  AttemptStats attemptStats(Instant from, Instant until, Duration bucket) {
    long width = bucket.toMillis();
    long span = until.toEpochMilli() - from.toEpochMilli();
    if (width <= 0 || span <= 0 || span % width != 0 || span / width > Store.MAX_BUCKETS) {
      throw new IllegalArgumentException(
          "attempt stats need a positive bucket and a range of 1 to "
              + Store.MAX_BUCKETS
              + " whole buckets: "
              + from
              + " to "
              + until
              + " by "
              + bucket);
    }
    int n = (int) (span / width);
    long start = from.toEpochMilli();
    return db.read(
        c -> {
          long[] ok = new long[n];
          long[] failed = new long[n];
          double[] avg = new double[n];
          // Integer division buckets the rows on both dialects (BIGINT in PostgreSQL, INTEGER in
          // SQLite); GROUP BY 1 keeps PostgreSQL from comparing two parameterised expressions.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT (started_at - ?) / ?, COUNT(*), COALESCE(SUM(CASE WHEN status_code"
                      + " BETWEEN 200 AND 299 THEN 1 ELSE 0 END), 0), AVG(duration_ms)"
                      + " FROM attempts WHERE started_at >= ? AND started_at < ?"
                      + " GROUP BY 1 ORDER BY 1")) {
            ps.setLong(1, start);
            ps.setLong(2, width);
            ps.setLong(3, start);
            ps.setLong(4, until.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                int i = (int) rs.getLong(1);
                long count = rs.getLong(2);
                ok[i] = rs.getLong(3);
                failed[i] = count - ok[i];
                avg[i] = rs.getDouble(4);
              }
            }
          }
          List<AttemptStats.Bucket> buckets = new ArrayList<>(n);
          long succeeded = 0;
          long total = 0;
          double durationSum = 0;
          for (int i = 0; i < n; i++) {
            buckets.add(
                new AttemptStats.Bucket(
                    Instant.ofEpochMilli(start + i * width), ok[i], failed[i], avg[i]));
            succeeded += ok[i];
            total += ok[i] + failed[i];
            durationSum += avg[i] * (ok[i] + failed[i]);
          }
          double p95 = 0;
          if (total > 0) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT duration_ms FROM attempts WHERE started_at >= ? AND started_at < ?"
                        + " ORDER BY duration_ms LIMIT 1 OFFSET ?")) {
              ps.setLong(1, start);
              ps.setLong(2, until.toEpochMilli());
              ps.setLong(3, (long) Math.ceil(total * 0.95) - 1);
              try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                  p95 = rs.getLong(1);
                }
              }
            }
          }
          return new AttemptStats(
              from,
              until,
              bucket,
              buckets,
              succeeded,
              total - succeeded,
              total == 0 ? 0 : durationSum / total,
              p95);
        });
  }
}
