package dev.hookline.server.workflow;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hookline.store.Page;
import dev.hookline.store.SecretKeys;
import dev.hookline.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The server's tables, beside the store's in the same database: workflow definitions (sealed with
 * the store's {@link SecretKeys}, as endpoint definitions are) and their runs. Migrated by Flyway
 * from the server's own migrations, with their own history table, so the library's schema and the
 * server's evolve apart. Thread-safe: every method is one statement on a pooled connection.
 */
public final class WorkflowStore implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WorkflowStore.class.getName());
  private static final Pattern SCHEMA = Pattern.compile("[?&]currentSchema=([A-Za-z0-9_]+)");
  private static final Pattern RUN_CURSOR = Pattern.compile("run_[A-Za-z0-9_:\\-]{1,255}");
  private static final String HISTORY = "hookline_server_schema_history";
  private static final String RUN_COLUMNS =
      "id, workflow, status, document, started_at, finished_at";
  private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);

  private final String description;
  private final HikariDataSource pool;
  private final SecretKeys keys;

  private WorkflowStore(String description, HikariDataSource pool, SecretKeys keys) {
    this.description = description;
    this.pool = pool;
    this.keys = keys;
  }

  /**
   * Opens the server's tables in the database {@code jdbcUrl} names ({@code jdbc:sqlite:FILE} or
   * {@code jdbc:postgresql://...}), the one the store was opened on, migrating them if needed and
   * sealing again with the current key any definition that is not sealed with it.
   *
   * @throws StoreException when the database cannot be reached or migrated, or a definition is
   *     sealed with a key that is not among {@code keys}
   */
  public static WorkflowStore open(String jdbcUrl, SecretKeys keys) {
    boolean sqlite = jdbcUrl.startsWith("jdbc:sqlite:");
    String description =
        sqlite
            ? "sqlite:" + Path.of(jdbcUrl.substring("jdbc:sqlite:".length())).toAbsolutePath()
            : "postgresql:" + redact(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("hookline-workflows");
    config.setMaximumPoolSize(3);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    if (sqlite) {
      // Readers run beside the store's (WAL); a write waits for the file's write lock, which the
      // store's writer holds only while it commits.
      config.addDataSourceProperty("journal_mode", "WAL");
      config.addDataSourceProperty("synchronous", "FULL");
      config.addDataSourceProperty("busy_timeout", "10000");
    } else {
      config.addDataSourceProperty(
          "connectTimeout", String.valueOf(CONNECTION_TIMEOUT.toSeconds()));
    }
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException("cannot connect to " + description + ": " + e.getMessage(), e);
    }
    try {
      migrate(pool, sqlite ? "sqlite" : "postgresql", jdbcUrl, description);
      WorkflowStore store = new WorkflowStore(description, pool, keys);
      store.reseal(sqlite);
      return store;
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static void migrate(
      HikariDataSource pool, String dialect, String jdbcUrl, String description) {
    try {
      var config =
          Flyway.configure(WorkflowStore.class.getClassLoader())
              .dataSource(pool)
              .locations("classpath:dev/hookline/server/workflow/migration/" + dialect)
              .table(HISTORY)
              // The store's tables are there already: the server's history starts beside them.
              .baselineOnMigrate(true)
              .baselineVersion("0")
              .loggers("slf4j")
              .failOnMissingLocations(true);
      Matcher m = SCHEMA.matcher(jdbcUrl);
      if (m.find()) {
        config = config.schemas(m.group(1));
      }
      config.load().migrate();
    } catch (FlywayException e) {
      throw new StoreException(
          "cannot migrate " + description + " to the server's schema: " + e.getMessage(), e);
    }
  }

  /** What the database is, e.g. {@code sqlite:/var/lib/hookline.db}. */
  public String describe() {
    return description;
  }

  /** Every stored workflow definition, by name. */
  public List<StoredWorkflow> workflows() {
    return read(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT name, definition, origin, updated_at FROM workflows ORDER BY name");
              ResultSet rs = ps.executeQuery()) {
            List<StoredWorkflow> out = new ArrayList<>();
            while (rs.next()) {
              String name = rs.getString(1);
              out.add(
                  new StoredWorkflow(
                      name,
                      keys.unseal(rs.getString(2), row(name), description),
                      rs.getString(3),
                      Instant.ofEpochMilli(rs.getLong(4))));
            }
            return out;
          }
        });
  }

  /** Inserts or replaces the workflow definition with this name. */
  public void saveWorkflow(StoredWorkflow w) {
    update(
        "INSERT INTO workflows (name, definition, origin, updated_at) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (name) DO UPDATE SET definition = excluded.definition,"
            + " origin = excluded.origin, updated_at = excluded.updated_at",
        ps -> {
          ps.setString(1, w.name());
          ps.setString(2, keys.seal(w.definition(), row(w.name())));
          ps.setString(3, w.origin());
          ps.setLong(4, w.updatedAt().toEpochMilli());
        });
  }

  /** Deletes the workflow definition with this name; false when there was none. */
  public boolean deleteWorkflow(String name) {
    return update("DELETE FROM workflows WHERE name = ?", ps -> ps.setString(1, name)) > 0;
  }

  /** Inserts or replaces a run (by id), in one statement: a run is never half-written. */
  public void saveRun(WorkflowRunRecord run) {
    update(
        "INSERT INTO workflow_runs (id, workflow, status, document, started_at, finished_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            + " status = excluded.status, document = excluded.document,"
            + " finished_at = excluded.finished_at",
        ps -> {
          ps.setString(1, run.id());
          ps.setString(2, run.workflow());
          ps.setString(3, run.status());
          ps.setString(4, run.document());
          ps.setLong(5, run.startedAt().toEpochMilli());
          setTime(ps, 6, run.finishedAt());
        });
  }

  /**
   * Replaces a run with {@code finished} only if it is still {@code running}: how a node ends a run
   * another node abandoned without overwriting an outcome that node stored meanwhile, and without
   * two nodes both ending it.
   *
   * @return whether the run was still running (and is now {@code finished})
   */
  public boolean finishRunIfRunning(WorkflowRunRecord finished) {
    return update(
            "UPDATE workflow_runs SET status = ?, document = ?, finished_at = ?"
                + " WHERE id = ? AND status = 'running'",
            ps -> {
              ps.setString(1, finished.status());
              ps.setString(2, finished.document());
              setTime(ps, 3, finished.finishedAt());
              ps.setString(4, finished.id());
            })
        > 0;
  }

  /**
   * A workflow's runs, newest first, {@code limit} at a time after {@code cursor}.
   *
   * @throws IllegalArgumentException when {@code cursor} is not a workflow run cursor
   */
  public Page<WorkflowRunRecord> runs(String workflow, int limit, Optional<String> cursor) {
    cursor.ifPresent(WorkflowStore::checkCursor);
    return read(
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

  /** One run. */
  public Optional<WorkflowRunRecord> run(String id) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM workflow_runs WHERE id = ?")) {
            ps.setString(1, id);
            return readRuns(ps).stream().findFirst();
          }
        });
  }

  /** Runs of any workflow in this status, oldest first, at most {@code limit}. */
  public List<WorkflowRunRecord> runsWithStatus(String status, int limit) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + RUN_COLUMNS
                      + " FROM workflow_runs WHERE status = ? ORDER BY id LIMIT ?")) {
            ps.setString(1, status);
            ps.setInt(2, limit);
            return readRuns(ps);
          }
        });
  }

  /** Closes the connections. */
  @Override
  public void close() {
    pool.close();
  }

  // ---- sealing --------------------------------------------------------------------------------

  /** The row name a workflow definition is sealed for. */
  static String row(String name) {
    return "workflows/" + name;
  }

  /**
   * Seals again with the current key every definition sealed with a previous one (or written before
   * sealing existed): what completes a key rotation. On SQLite the space the old values took is
   * zeroed and the file vacuumed, so no plain text is left in it. Each update applies only if the
   * row still holds what was read, so nodes opening one database at once agree.
   */
  private void reseal(boolean sqlite) {
    try (Connection c = pool.getConnection()) {
      boolean secureDelete = false;
      if (sqlite) {
        secureDelete = pragma(c, "PRAGMA secure_delete") == 1;
        execute(c, "PRAGMA secure_delete = ON");
      }
      List<String[]> stale = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT name, definition FROM workflows")) {
        while (rs.next()) {
          if (!keys.sealedWithCurrentKey(rs.getString(2))) {
            stale.add(new String[] {rs.getString(1), rs.getString(2)});
          }
        }
      }
      int changed = 0;
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE workflows SET definition = ? WHERE name = ? AND definition = ?")) {
        for (String[] r : stale) {
          ps.setString(1, keys.seal(keys.unseal(r[1], row(r[0]), description), row(r[0])));
          ps.setString(2, r[0]);
          ps.setString(3, r[1]);
          changed += ps.executeUpdate();
        }
      }
      if (sqlite) {
        execute(c, "PRAGMA secure_delete = " + (secureDelete ? "ON" : "OFF"));
        if (changed > 0) {
          execute(c, "PRAGMA wal_checkpoint(TRUNCATE)");
          execute(c, "VACUUM");
          execute(c, "PRAGMA wal_checkpoint(TRUNCATE)");
        }
      }
      if (changed > 0) {
        LOG.log(
            System.Logger.Level.INFO,
            "{0}: sealed {1} workflow definitions with secret key {2}",
            description,
            changed,
            keys.currentKeyId());
      }
    } catch (SQLException e) {
      throw new StoreException(
          "cannot re-seal the workflow definitions in " + description + ": " + e.getMessage(), e);
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private interface SqlFunction<T> {
    T apply(Connection c) throws SQLException;
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private <T> T read(SqlFunction<T> f) {
    try (Connection c = pool.getConnection()) {
      return f.apply(c);
    } catch (SQLException e) {
      throw new StoreException(description + " read failed: " + e.getMessage(), e);
    }
  }

  private int update(String sql, Binder binder) {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException(description + " write failed: " + e.getMessage(), e);
    }
  }

  private static void setTime(PreparedStatement ps, int index, Optional<Instant> t)
      throws SQLException {
    if (t.isPresent()) {
      ps.setLong(index, t.get().toEpochMilli());
    } else {
      ps.setNull(index, Types.BIGINT);
    }
  }

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

  private static void checkCursor(String cursor) {
    if (!RUN_CURSOR.matcher(cursor).matches()) {
      String shown = cursor.length() > 80 ? cursor.substring(0, 80) + "..." : cursor;
      throw new IllegalArgumentException(
          "WorkflowStore.runs: '"
              + shown
              + "' is not a workflow run cursor; pass the next_cursor of the previous page"
              + " unchanged");
    }
  }

  private static long pragma(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The URL without a password, for messages. */
  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***")
        .replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
  }
}
