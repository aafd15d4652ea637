package dev.hookline.server;

import dev.hookline.server.config.HooklineConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A server node in a JVM of its own, so a test can kill it with SIGKILL: {@code ServerNode
 * STORE_URL SIGNING_SECRET LEASE_MILLIS}. Prints {@code ready PORT} once it listens (on loopback, a
 * free port, with {@link TestServer#API_KEY}), then serves until it is killed.
 */
final class ServerNode {
  private ServerNode() {}

  public static void main(String[] args) throws InterruptedException {
    HooklineConfig config =
        TestServer.config(
            Path.of(System.getProperty("java.io.tmpdir")), args[1], c -> c.withStore(args[0]));
    HooklineServer server =
        HooklineServer.builder(config).lease(Duration.ofMillis(Long.parseLong(args[2]))).start();
    System.out.println("ready " + server.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
