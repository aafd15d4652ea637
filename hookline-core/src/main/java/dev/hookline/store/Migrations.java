package dev.hookline.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Brings a database's schema to the current version with Flyway. */
final class Migrations {
  private Migrations() {}

  static void migrate(DataSource dataSource, String dialect, String schema, String description) {
    try {
      var config =
          Flyway.configure(Migrations.class.getClassLoader())
              .dataSource(dataSource)
              .locations("classpath:dev/hookline/store/migration/" + dialect)
              .table("hookline_schema_history")
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
}
