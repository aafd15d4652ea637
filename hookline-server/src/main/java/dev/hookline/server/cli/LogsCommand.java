package dev.hookline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hookline logs}: recent events and delivery outcomes, oldest first, one line each; with
 * {@code --follow}, then the live {@code GET /api/stream} until Ctrl-C.
 */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Print recent events and delivery outcomes; --follow streams them live.",
      "",
      "Prints the most recent ones oldest first; with --follow, keeps printing them live",
      "(Server-Sent Events from /api/stream) until Ctrl-C.",
      "With --json, one JSON object per line: {\"kind\": \"event\"|\"delivery\", \"data\": {...}}."
    })
final class LogsCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing live events and outcomes until Ctrl-C.")
  boolean follow;

  @Option(
      names = {"-n", "--limit"},
      paramLabel = "N",
      defaultValue = "20",
      description =
          "How many recent events and deliveries to print first; 0 for none. Default:"
              + " ${DEFAULT-VALUE}.")
  int limit;

  @Option(
      names = "--type",
      paramLabel = "PATTERN",
      description = "Only this event type (live: a pattern such as github.*).")
  String type;

  @Mixin ServerOptions server;

  @Override
  public Integer call() {
    if (limit < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 0 or more");
    }
    ApiClient client = server.client();
    PrintWriter out = spec.commandLine().getOut();
    if (limit > 0) {
      history(client, out);
    }
    if (!follow) {
      return HooklineCommand.OK;
    }
    boolean serverEnded =
        client.stream(
            ApiClient.query("/api/stream", ApiClient.params("types", type)),
            () -> following(client, spec.commandLine().getErr()),
            message -> {
              warnIfLagged(message, spec.commandLine().getErr());
              if (List.of("event", "delivery", "workflow").contains(message.event())) {
                print(out, message.event(), message.json(), LogLines.now());
              }
              return true;
            });
    if (serverEnded) {
      throw new CliException("the server closed the stream");
    }
    return HooklineCommand.OK;
  }

  /** The last {@code limit} events and deliveries, merged by time, oldest first. */
  private void history(ApiClient client, PrintWriter out) {
    record Line(String time, String kind, JsonNode data) {}
    List<Line> lines = new ArrayList<>();
    JsonNode events =
        client.get(ApiClient.query("/api/events", ApiClient.params("type", type, "limit", limit)));
    for (JsonNode e : events.path("data")) {
      lines.add(new Line(LogLines.time(e, "accepted_at", "timestamp"), "event", e));
    }
    JsonNode deliveries =
        client.get(
            ApiClient.query("/api/deliveries", ApiClient.params("type", type, "limit", limit)));
    for (JsonNode d : deliveries.path("data")) {
      lines.add(new Line(LogLines.time(d, "updated_at"), "delivery", d));
    }
    // Stable: for equal times an event comes before its deliveries.
    lines.sort(Comparator.comparing(Line::time));
    for (Line line : lines) {
      print(out, line.kind(), line.data(), line.time());
    }
  }

  private void print(PrintWriter out, String kind, JsonNode data, String time) {
    if (server.json) {
      ObjectNode line = ApiClient.JSON.createObjectNode();
      line.put("kind", kind);
      line.set("data", data);
      out.println(line);
    } else {
      out.println(
          switch (kind) {
            case "event" -> LogLines.event(data, time);
            case "workflow" -> LogLines.workflow(data, time);
            default -> LogLines.delivery(data, time);
          });
    }
    out.flush();
  }

  /** Says, on stderr, that the live part has begun: what is printed from now on is live. */
  static void following(ApiClient client, PrintWriter err) {
    err.println("following " + client.server() + "/api/stream; Ctrl-C to stop");
    err.flush();
  }

  /** Tells the user when the server dropped messages because this client fell behind. */
  static void warnIfLagged(ApiClient.SseMessage message, PrintWriter err) {
    if (message.event().equals("lagged")) {
      err.println(
          "hookline: the stream fell behind; "
              + message.json().path("dropped").asText("some")
              + " messages were dropped (see 'hookline deliveries' for the full history)");
      err.flush();
    }
  }
}
