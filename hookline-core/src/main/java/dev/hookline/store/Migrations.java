package dev.hookline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Brings a database's schema to the current version with Flyway. */
final class Migrations {
  static final String HISTORY = "hookline_schema_history";

  /**
   * The checksum V3 had when it also created the workflow tables, by dialect, and the one it has
   * now that they are the server's (its text is the same on both).
   */
  private static final Map<String, Integer> V3_WITH_WORKFLOWS =
      Map.of("sqlite", -1448392272, "postgresql", -1357026451);

  private static final int V3 = 64178067;

  private Migrations() {}

  static void migrate(DataSource dataSource, String dialect, String schema, String description) {
    try {
      moveV3(dataSource, dialect);
      var config =
          Flyway.configure(Migrations.class.getClassLoader())
              .dataSource(dataSource)
              .locations("classpath:dev/hookline/store/migration/" + dialect)
              .table(HISTORY)
              .loggers("slf4j")
              .failOnMissingLocations(true);
      if (schema != null) {
        config = config.schemas(schema).createSchemas(true);
      }
      config.load().migrate();
    } catch (FlywayException e) {
      throw new StoreException(
          "cannot migrate " + description + " to Hookline's schema: " + e.getMessage(), e);
    }
  }

  /**
   * A database that applied V3 while it still created the workflow tables keeps them (the server's
   * migrations take them over, data and all); its history is given V3's present checksum, so that
   * Flyway's validation accepts the file as it reads now. Nothing to do on a new database.
   */
  private static void moveV3(DataSource dataSource, String dialect) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE " + HISTORY + " SET checksum = ? WHERE version = '3' AND checksum = ?")) {
      ps.setInt(1, V3);
      ps.setInt(2, V3_WITH_WORKFLOWS.get(dialect));
      ps.executeUpdate();
    } catch (SQLException e) {
      // No history table yet: a new database, migrated from V1 below.
    }
  }
}
