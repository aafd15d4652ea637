package dev.hookline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Brings every sealed column under the current key when a store opens: rows written before sealing
 * existed (plain text) and rows sealed with a previous key are sealed again, which is what makes a
 * key rotation complete. A row sealed with a key that is not given stops the store from opening,
 * naming the row. Idempotent; safe with several nodes opening one database at once (each update
 * applies only if the row still holds what was read).
 */
final class Resealer {
  private static final System.Logger LOG = System.getLogger(Resealer.class.getName());

  private record Table(String name, String key, String rowPrefix) {}

  private static final List<Table> TABLES = List.of(new Table("endpoints", "id", "endpoints/"));

  private Resealer() {}

  /** The row name an endpoint definition is sealed for (and that messages show). */
  static String endpointRow(String id) {
    return "endpoints/" + id;
  }

  /**
   * Re-seals what needs it.
   *
   * @param sqlite whether the database is SQLite: then the space the old values took is zeroed
   *     ({@code secure_delete}), the file is vacuumed and the WAL is checkpointed and truncated, so
   *     no plain text is left in either file
   * @return how many rows were sealed again
   */
  static int reseal(DataSource dataSource, Sealer sealer, String description, boolean sqlite) {
    try (Connection c = dataSource.getConnection()) {
      boolean secureDelete = false;
      if (sqlite) {
        secureDelete = pragma(c, "PRAGMA secure_delete") == 1;
        execute(c, "PRAGMA secure_delete = ON");
      }
      int changed = 0;
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        for (Table t : TABLES) {
          changed += reseal(c, t, sealer, description);
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
      if (sqlite) {
        execute(c, "PRAGMA secure_delete = " + (secureDelete ? "ON" : "OFF"));
        if (changed > 0) {
          tidy(c, description);
        }
      }
      if (changed > 0) {
        LOG.log(
            System.Logger.Level.INFO,
            "{0}: sealed {1} stored definitions with secret key {2}",
            description,
            changed,
            sealer.keyId());
      }
      return changed;
    } catch (SQLException e) {
      throw new StoreException(
          "cannot re-seal the secrets in " + description + ": " + e.getMessage(), e);
    }
  }

  private record Row(String key, String stored) {}

  private static int reseal(Connection c, Table t, Sealer sealer, String description)
      throws SQLException {
    List<Row> stale = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + t.key() + ", definition FROM " + t.name())) {
      while (rs.next()) {
        String stored = rs.getString(2);
        if (!sealer.isCurrent(stored)) {
          stale.add(new Row(rs.getString(1), stored));
        }
      }
    }
    int changed = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + t.name()
                + " SET definition = ? WHERE "
                + t.key()
                + " = ? AND definition = ?")) {
      for (Row r : stale) {
        String row = t.rowPrefix() + r.key();
        ps.setString(1, sealer.seal(sealer.open(r.stored(), row, description), row));
        ps.setString(2, r.key());
        ps.setString(3, r.stored());
        changed += ps.executeUpdate();
      }
    }
    return changed;
  }

  /**
   * After SQLite rows were sealed again: pages freed before secure_delete was on (deleted
   * endpoints, say) may still hold plain text, so the file is vacuumed (its temporary copy on disk,
   * not in memory) and the WAL truncated. Best effort: the rows are committed already, and a
   * failure here (a full disk, a reader holding the file) must not fail the rotation; it is logged.
   */
  private static void tidy(Connection c, String description) {
    try {
      long tempStore = pragma(c, "PRAGMA temp_store");
      execute(c, "PRAGMA wal_checkpoint(TRUNCATE)");
      execute(c, "PRAGMA temp_store = FILE");
      try {
        execute(c, "VACUUM");
      } finally {
        execute(c, "PRAGMA temp_store = " + tempStore);
      }
      execute(c, "PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (SQLException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "{0}: re-sealed, but could not vacuum the file ({1}); old plain text may remain in its"
              + " free pages until VACUUM runs",
          description,
          e.getMessage());
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
}
