package dev.hookline.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The test PostgreSQL: {@code HOOKLINE_TEST_POSTGRES_URL} or 127.0.0.1:5432/test. Tests skip when
 * it is unreachable, except under CI ({@code CI=true}), where they fail. Shared with the other
 * modules' tests through hookline-core's test jar.
 */
public final class TestPostgres {
  private static final String BASE =
      System.getenv()
          .getOrDefault(
              "HOOKLINE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  private static Boolean reachable;

  /**
   * The secret key tests open PostgreSQL stores with: one fixed key, so nodes of a test share it
   * and no key file is written.
   */
  public static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  /** {@link #KEY} as keys. */
  public static final SecretKeys KEYS = SecretKeys.of(KEY);

  private TestPostgres() {}

  /** The JDBC URL, with {@code currentSchema} set when {@code schema} is not null. */
  public static synchronized String url(String schema) {
    if (reachable == null) {
      try (Connection c = DriverManager.getConnection(BASE)) {
        reachable = c.isValid(5);
      } catch (SQLException e) {
        reachable = false;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          throw new AssertionError("CI=true but PostgreSQL at " + BASE + " is unreachable", e);
        }
      }
    }
    assumeTrue(reachable, "PostgreSQL at " + BASE + " is unreachable; set CI=true to fail instead");
    if (schema == null) {
      return BASE;
    }
    return BASE + (BASE.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** Drops {@code schema} and everything in it. */
  public static void drop(String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(BASE);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
