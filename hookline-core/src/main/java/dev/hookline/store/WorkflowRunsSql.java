package dev.hookline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The server's workflow runs, each stored whole as one document. */
final class WorkflowRunsSql {
  private final Database db;

  WorkflowRunsSql(Database db) {
    this.db = db;
  }

  void saveRun(WorkflowRunRecord run) {
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO workflow_runs (id, workflow, status, document, started_at,"
                      + " finished_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                      + " status = excluded.status, document = excluded.document,"
                      + " finished_at = excluded.finished_at")) {
            ps.setString(1, run.id());
            ps.setString(2, run.workflow());
            ps.setString(3, run.status());
            ps.setString(4, run.document());
            ps.setLong(5, run.startedAt().toEpochMilli());
            if (run.finishedAt().isPresent()) {
              ps.setLong(6, run.finishedAt().get().toEpochMilli());
            } else {
              ps.setNull(6, Types.BIGINT);
            }
            return ps.executeUpdate();
          }
        });
  }

  boolean finishRunIfRunning(WorkflowRunRecord finished) {
    return db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE workflow_runs SET status = ?, document = ?, finished_at = ?"
                      + " WHERE id = ? AND status = 'running'")) {
            ps.setString(1, finished.status());
            ps.setString(2, finished.document());
            if (finished.finishedAt().isPresent()) {
              ps.setLong(3, finished.finishedAt().get().toEpochMilli());
            } else {
              ps.setNull(3, Types.BIGINT);
            }
            ps.setString(4, finished.id());
            return ps.executeUpdate() > 0;
          }
        });
  }

  Page<WorkflowRunRecord> runs(String workflow, int limit, Optional<String> cursor) {
    cursor.ifPresent(v -> Cursors.run(v, "Store.runs"));
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + RUN_COLUMNS
                      + " FROM workflow_runs WHERE workflow = ? AND id < ?"
                      + " ORDER BY id DESC LIMIT ?")) {
            ps.setString(1, workflow);
            ps.setString(2, cursor.orElse("~")); // '~' sorts after every run id
            ps.setInt(3, limit + 1);
            List<WorkflowRunRecord> out = readRuns(ps);
            if (out.size() > limit) {
              out = out.subList(0, limit);
              return new Page<>(out, Optional.of(out.get(limit - 1).id()));
            }
            return new Page<>(out, Optional.empty());
          }
        });
  }

  Optional<WorkflowRunRecord> run(String id) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM workflow_runs WHERE id = ?")) {
            ps.setString(1, id);
            return readRuns(ps).stream().findFirst();
          }
        });
  }

  List<WorkflowRunRecord> runsWithStatus(String status, int limit) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + RUN_COLUMNS
                      + " FROM workflow_runs WHERE status = ?"
                      + " ORDER BY id LIMIT ?")) {
            ps.setString(1, status);
            ps.setInt(2, limit);
            return readRuns(ps);
          }
        });
  }

  private static final String RUN_COLUMNS =
      "id, workflow, status, document, started_at, finished_at";

  private static List<WorkflowRunRecord> readRuns(PreparedStatement ps) throws SQLException {
    List<WorkflowRunRecord> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long finished = rs.getLong(6);
        Optional<Instant> finishedAt =
            rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finished));
        out.add(
            new WorkflowRunRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)),
                finishedAt));
      }
    }
    return out;
  }
}
