package dev.hookline.server.cli;

import dev.hookline.Hookline;
import dev.hookline.server.HooklineServer;
import dev.hookline.server.ServeDemo;
import dev.hookline.server.config.HooklineConfig;
import dev.hookline.signature.WebhookSecret;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hookline serve}: the server, until the process is stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the Hookline server: REST API, inbound webhooks, live stream, metrics.",
      "With --demo: a local receiver, two endpoints and an event every 2 s, to watch events flow."
    })
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "hookline.yaml to load")
  Path config;

  @Option(names = "--host", paramLabel = "H", description = "address to bind (default 127.0.0.1)")
  String host;

  @Option(names = "--port", paramLabel = "P", description = "port to bind (default 8000; 0: any)")
  Integer port;

  @Option(
      names = "--store",
      paramLabel = "JDBC_URL",
      description = "jdbc:sqlite:FILE (default jdbc:sqlite:hookline.db) or jdbc:postgresql://...")
  String store;

  @Option(names = "--demo", description = "also run the demo receiver, endpoints and events")
  boolean demo;

  @Override
  public Integer call() throws Exception {
    HooklineConfig c =
        config == null ? HooklineConfig.defaults() : HooklineConfig.load(config, System.getenv());
    var s = c.server();
    c = c.withServer(s.withAddress(host == null ? s.host() : host, port == null ? s.port() : port));
    if (store != null) {
      c = c.withStore(store);
    }
    String demoSecret = null;
    if (demo) {
      // The demo's receiver is on loopback, which endpoints may not reach by default.
      c = c.withServer(c.server().withAllowPrivateNetworks(true));
      demoSecret = c.signingSecret().orElseGet(WebhookSecret::generate);
    }
    PrintStream out = new PrintStream(System.out, true);
    HooklineServer server = HooklineServer.start(c);
    ServeDemo running = demo ? new ServeDemo(server, out, demoSecret, ServeDemo.EVERY) : null;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (running != null) {
                    running.close();
                  }
                  server.close();
                  stopped.countDown();
                },
                "hookline-shutdown"));
    banner(out, server, Optional.ofNullable(running));
    stopped.await();
    return HooklineCommand.OK;
  }

  static void banner(PrintStream out, HooklineServer server, Optional<ServeDemo> demo) {
    String base = server.url().toString();
    out.println("Hookline " + Hookline.VERSION + " serving " + base);
    out.println("  web      " + base + "/    (the dashboard)");
    out.println("  store    " + server.hookline().store().describe());
    out.println("  API      " + base + "/api/events    OpenAPI: " + base + "/openapi.json");
    out.println("  live     curl -N " + base + "/api/stream");
    out.println("  metrics  " + base + "/metrics    health: " + base + "/health");
    demo.ifPresent(
        d -> {
          out.println(
              "  demo     receiver "
                  + d.receiverUrl()
                  + "; endpoints demo-all (every event), demo-alerts (predictions over 85%)");
          out.println(
              "           an event every "
                  + ServeDemo.EVERY.toSeconds()
                  + " s; add yours: ./hookline send prediction --data"
                  + " '{\"prediction\":\"Cache stampede at 9am\",\"confidence\":0.93}'");
        });
    out.println("Ctrl-C stops.");
  }
}
