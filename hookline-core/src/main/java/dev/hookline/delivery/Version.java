package dev.hookline.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Hookline's version, from the build. */
final class Version {
  static final String VALUE = load();

  private Version() {}

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("/dev/hookline/version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
