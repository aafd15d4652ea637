package dev.hookline.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.store.Page;
import dev.hookline.store.SecretKeys;
import dev.hookline.store.Store;
import dev.hookline.store.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowStoreTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final SecretKeys KEYS = TestPostgres.KEYS;

  @TempDir Path dir;
  private final List<String> schemas = new ArrayList<>();

  @AfterEach
  void dropSchemas() throws SQLException {
    for (String schema : schemas) {
      TestPostgres.drop(schema);
    }
  }

  @Test
  void definitionsAndRunsAreKeptAndPagedNewestFirstOnSqlite() {
    definitionsAndRunsAreKeptAndPagedNewestFirst(sqliteUrl());
  }

  @Test
  void definitionsAndRunsAreKeptAndPagedNewestFirstOnPostgres() {
    definitionsAndRunsAreKeptAndPagedNewestFirst(postgresUrl());
  }

  @Test
  void aNewDatabaseGetsTheWorkflowTablesFromTheServersMigrationsOnly() throws Exception {
    String url = sqliteUrl();
    Store.open(url, KEYS).close();
    assertThat(tables(url)).doesNotContain("workflows", "workflow_runs");

    WorkflowStore.open(url, KEYS).close();

    assertThat(tables(url)).contains("workflows", "workflow_runs");
    assertThat(versions(url, "hookline_server_schema_history")).containsExactly("0", "1");
  }

  @Test
  void aSqliteDatabaseMadeByTheEarlierMigrationsOpensWithItsWorkflowsAndRuns() throws Exception {
    aDatabaseMadeByTheEarlierMigrationsOpensWithItsWorkflowsAndRuns(sqliteUrl(), "sqlite");
  }

  @Test
  void aPostgresDatabaseMadeByTheEarlierMigrationsOpensWithItsWorkflowsAndRuns() throws Exception {
    aDatabaseMadeByTheEarlierMigrationsOpensWithItsWorkflowsAndRuns(postgresUrl(), "postgresql");
  }

  private void definitionsAndRunsAreKeptAndPagedNewestFirst(String url) {
    Store.open(url, KEYS).close(); // the server opens the store first
    try (WorkflowStore workflows = WorkflowStore.open(url, KEYS)) {
      workflows.saveWorkflow(new StoredWorkflow("notify", "{\"v\":1}", "config", T0));
      workflows.saveWorkflow(new StoredWorkflow("notify", "{\"v\":2}", "api", T0.plusSeconds(1)));
      workflows.saveWorkflow(new StoredWorkflow("gone", "{}", "api", T0));
      workflows.deleteWorkflow("gone");
      for (int i = 1; i <= 3; i++) {
        workflows.saveRun(
            new WorkflowRunRecord(
                "run_0" + i, "notify", "running", "{}", T0.plusSeconds(i), Optional.empty()));
      }
      workflows.saveRun(
          new WorkflowRunRecord(
              "run_02", "notify", "succeeded", "{\"output\":\"x\"}", T0, Optional.of(T0)));

      Page<WorkflowRunRecord> first = workflows.runs("notify", 2, Optional.empty());
      Page<WorkflowRunRecord> second = workflows.runs("notify", 2, first.nextCursor());

      assertThat(workflows.workflows())
          .containsExactly(new StoredWorkflow("notify", "{\"v\":2}", "api", T0.plusSeconds(1)));
      assertThat(first.items())
          .extracting(WorkflowRunRecord::id)
          .containsExactly("run_03", "run_02");
      assertThat(second.items()).extracting(WorkflowRunRecord::id).containsExactly("run_01");
      assertThat(second.nextCursor()).isEmpty();
      WorkflowRunRecord done = workflows.run("run_02").orElseThrow();
      assertThat(done.status()).isEqualTo("succeeded");
      assertThat(done.document()).isEqualTo("{\"output\":\"x\"}");
      assertThat(done.finishedAt()).hasValue(T0);
      assertThat(done.startedAt()).isEqualTo(T0.plusSeconds(2)); // the start is kept
      assertThat(workflows.runsWithStatus("running", 10))
          .extracting(WorkflowRunRecord::id)
          .containsExactly("run_01", "run_03");
    }
  }

  private void aDatabaseMadeByTheEarlierMigrationsOpensWithItsWorkflowsAndRuns(
      String url, String dialect) throws Exception {
    Flyway.configure(getClass().getClassLoader())
        .dataSource(url, null, null)
        .locations(
            "classpath:dev/hookline/server/workflow/store-migrations-with-workflows/" + dialect)
        .table("hookline_schema_history")
        .load()
        .migrate();
    execute(
        url,
        "INSERT INTO workflows (name, definition, origin, updated_at) VALUES ('notify', '"
            + KEYS.seal("{\"v\":1}", "workflows/notify")
            + "', 'api', "
            + T0.toEpochMilli()
            + ")",
        "INSERT INTO workflows (name, definition, origin, updated_at)"
            + " VALUES ('plain', '{\"v\":0}', 'config', "
            + T0.toEpochMilli()
            + ")",
        "INSERT INTO workflow_runs (id, workflow, status, document, started_at, finished_at)"
            + " VALUES ('run_01', 'notify', 'succeeded', '{\"output\":\"x\"}', "
            + T0.toEpochMilli()
            + ", "
            + T0.plusSeconds(1).toEpochMilli()
            + ")");

    try (Store store = Store.open(url, KEYS);
        WorkflowStore workflows = WorkflowStore.open(url, KEYS)) {

      assertThat(workflows.workflows())
          .containsExactly(
              new StoredWorkflow("notify", "{\"v\":1}", "api", T0),
              new StoredWorkflow("plain", "{\"v\":0}", "config", T0));
      assertThat(workflows.run("run_01").orElseThrow().finishedAt()).hasValue(T0.plusSeconds(1));
      assertThat(workflows.runs("notify", 10, Optional.empty()).items()).hasSize(1);
      assertThat(store.describe()).isNotEmpty();
    }
    assertThat(query(url, "SELECT definition FROM workflows WHERE name = 'plain'"))
        .startsWith("hlenc:v1:"); // sealed as the server opened it
    assertThat(versions(url, "hookline_schema_history")).containsExactly("1", "2", "3", "4", "5");
    assertThat(versions(url, "hookline_server_schema_history")).containsExactly("0", "1");
  }

  private String sqliteUrl() {
    return "jdbc:sqlite:" + dir.resolve("hookline.db");
  }

  private String postgresUrl() {
    String schema = "wfstore_" + Long.toHexString(System.nanoTime());
    String url = TestPostgres.url(schema);
    schemas.add(schema);
    return url;
  }

  private static void execute(String url, String... sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  private static String query(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static List<String> versions(String url, String history) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version FROM "
                    + history
                    + " WHERE success AND version IS NOT NULL ORDER BY installed_rank")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static List<String> tables(String url) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        out.add(rs.getString("TABLE_NAME"));
      }
    }
    return out;
  }
}
