package dev.hookline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hookline replay --endpoint ID}: queues an endpoint's dead (or other) deliveries again,
 * then shows a progress bar until they are no longer pending.
 *
 * <p>Progress is read from {@code GET /api/endpoints/{id}/stats}: the replayed deliveries count as
 * finished as the endpoint's {@code pending} falls back to what it was before the replay. Other
 * deliveries of the endpoint that finish meanwhile can make the bar run ahead; it never runs past
 * the number replayed.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Replay an endpoint's dead deliveries and show their progress.",
      "",
      "Queues the endpoint's dead deliveries (or those with --status) again and shows a progress",
      "bar until none is pending. Ctrl-C stops watching; the replay goes on.",
      "",
      "Example:",
      "  hookline replay --endpoint ops --since 2h"
    })
final class ReplayCommand implements Callable<Integer> {
  static final Duration POLL_INTERVAL = Duration.ofMillis(250);

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--endpoint", required = true, paramLabel = "ID", description = "Endpoint id.")
  String endpoint;

  @Option(
      names = "--since",
      paramLabel = "DURATION|TIME",
      description = "Only deliveries created since then: 30m, 2h, 1d, or 2026-11-23T12:00:00Z.")
  String since;

  @Option(
      names = "--until",
      paramLabel = "DURATION|TIME",
      description = "Only deliveries created before then.")
  String until;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      defaultValue = "dead",
      description = "Which deliveries: dead (default), failed, succeeded or pending.")
  String status;

  @Option(names = "--no-wait", description = "Queue them and exit; no progress bar.")
  boolean noWait;

  @Mixin ServerOptions server;

  @Override
  public Integer call() {
    ApiClient client = server.client();
    String base = "/api/endpoints/" + ApiClient.segment(endpoint);
    long pendingBefore = noWait || server.json ? 0 : pending(client, base);
    ObjectNode body = ApiClient.JSON.createObjectNode();
    body.put("status", status);
    if (since != null) {
      body.put("since", since);
    }
    if (until != null) {
      body.put("until", until);
    }

    JsonNode answer = client.post(base + "/replay", body).body();

    PrintWriter out = spec.commandLine().getOut();
    if (server.json) {
      out.println(Table.pretty(answer));
      out.flush();
      return HooklineCommand.OK;
    }
    long replayed = answer.path("replayed").asLong();
    String which = answer.path("status").asText(status);
    if (replayed == 0) {
      out.println(
          "nothing to replay: no "
              + which
              + " deliveries of "
              + endpoint
              + (since == null ? "" : " since " + since));
      out.flush();
      return HooklineCommand.OK;
    }
    out.println(
        "replaying "
            + replayed
            + " "
            + which
            + (replayed == 1 ? " delivery" : " deliveries")
            + " of "
            + endpoint);
    out.flush();
    if (noWait) {
      return HooklineCommand.OK;
    }
    PrintWriter err = spec.commandLine().getErr();
    long done = 0;
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("replay " + endpoint)
            .setInitialMax(replayed)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis((int) POLL_INTERVAL.toMillis())
            .setConsumer(
                new DelegatingProgressBarConsumer(
                    line -> {
                      err.print('\r' + line);
                      err.flush();
                    },
                    80))
            .build()) {
      while (done < replayed) {
        Thread.sleep(POLL_INTERVAL);
        long stillPending = Math.max(0, pending(client, base) - pendingBefore);
        done = Math.max(done, replayed - Math.min(replayed, stillPending));
        bar.stepTo(done);
      }
    } catch (InterruptedException e) {
      err.println();
      err.println("stopped watching; the replay goes on on the server");
      err.flush();
      Thread.currentThread().interrupt();
      return HooklineCommand.OK;
    }
    err.println();
    err.flush();
    out.println("done: " + replayed + " replayed, none pending");
    out.flush();
    return HooklineCommand.OK;
  }

  private static long pending(ApiClient client, String base) {
    return client.get(base + "/stats").path("pending").asLong();
  }
}
