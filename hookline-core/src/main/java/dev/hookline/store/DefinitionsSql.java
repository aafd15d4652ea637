package dev.hookline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Endpoint definitions, sealed at rest (they hold secrets). */
final class DefinitionsSql {
  private final Database db;
  private final Sealer sealer;

  DefinitionsSql(Database db, Sealer sealer) {
    this.db = db;
    this.sealer = sealer;
  }

  List<StoredEndpoint> endpoints() {
    return db.read(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT id, definition, origin, updated_at FROM endpoints ORDER BY id");
              ResultSet rs = ps.executeQuery()) {
            List<StoredEndpoint> out = new ArrayList<>();
            while (rs.next()) {
              String id = rs.getString(1);
              out.add(
                  new StoredEndpoint(
                      id,
                      sealer.open(rs.getString(2), Resealer.endpointRow(id), db.description()),
                      rs.getString(3),
                      Instant.ofEpochMilli(rs.getLong(4))));
            }
            return out;
          }
        });
  }

  void saveEndpoint(StoredEndpoint endpoint) {
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO endpoints (id, definition, origin, created_at, updated_at)"
                      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                      + " definition = excluded.definition, origin = excluded.origin,"
                      + " updated_at = excluded.updated_at")) {
            long at = endpoint.updatedAt().toEpochMilli();
            ps.setString(1, endpoint.id());
            ps.setString(
                2, sealer.seal(endpoint.definition(), Resealer.endpointRow(endpoint.id())));
            ps.setString(3, endpoint.origin());
            ps.setLong(4, at);
            ps.setLong(5, at);
            return ps.executeUpdate();
          }
        });
  }

  boolean deleteEndpoint(String id) {
    return db.write(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM endpoints WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
          }
        });
  }
}
