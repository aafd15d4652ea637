package dev.hookline;

import dev.hookline.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Properties;

/** Who is delivering: Hookline's version and this node's id in leases and attempt records. */
final class Node {
  private Node() {}

  /** The version from the build, {@code dev} when run from unpackaged classes. */
  static String version() {
    try (InputStream in = Hookline.class.getResourceAsStream("/dev/hookline/version.properties")) {
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

  /**
   * The node id: the one given, else {@code local} on SQLite (one node owns the file, and a restart
   * gives back what it held at once), else host name and process id, distinct per node on a shared
   * PostgreSQL store.
   */
  static String id(String given, Store store) {
    if (given != null) {
      return given;
    }
    if (store.describe().startsWith("sqlite:")) {
      return "local";
    }
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "node";
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
