package dev.hookline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hookline deliveries [ID]}: lists deliveries (newest first), shows one with its attempts,
 * or with {@code --follow} keeps printing outcomes as they happen.
 */
@Command(
    name = "deliveries",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "List deliveries (newest first), or show one with every attempt.",
      "",
      "Examples:",
      "  hookline deliveries --status dead --endpoint ops",
      "  hookline deliveries dlv_01J...",
      "  hookline deliveries --follow"
    })
final class DeliveriesCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DELIVERY_ID",
      description = "Show this delivery and its attempts.")
  String id;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description = "pending, in_flight, failed, succeeded or dead.")
  String status;

  @Option(names = "--endpoint", paramLabel = "ID", description = "Only this endpoint's.")
  String endpoint;

  @Option(names = "--type", paramLabel = "TYPE", description = "Only this event type's.")
  String type;

  @Option(names = "--event", paramLabel = "ID", description = "Only this event's.")
  String event;

  @Option(
      names = {"-n", "--limit"},
      paramLabel = "N",
      defaultValue = "20",
      description = "How many to list. Default: ${DEFAULT-VALUE}.")
  int limit;

  @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue a previous listing.")
  String cursor;

  @Option(
      names = {"-f", "--follow"},
      description = "After the listing, print outcomes as they happen, until Ctrl-C.")
  boolean follow;

  @Mixin ServerOptions server;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1");
    }
    if (id != null && follow) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--follow lists many deliveries; leave out DELIVERY_ID");
    }
    ApiClient client = server.client();
    PrintWriter out = spec.commandLine().getOut();
    if (id != null) {
      show(client.get("/api/deliveries/" + ApiClient.segment(id)), out);
      return HooklineCommand.OK;
    }
    JsonNode page =
        client.get(
            ApiClient.query(
                "/api/deliveries",
                ApiClient.params(
                    "status", status,
                    "endpoint", endpoint,
                    "type", type,
                    "event", event,
                    "limit", limit,
                    "cursor", cursor)));
    if (follow) {
      follow(client, page, out);
      return HooklineCommand.OK;
    }
    if (server.json) {
      out.println(Table.pretty(page));
      out.flush();
      return HooklineCommand.OK;
    }
    Table table =
        Table.of("ID", "EVENT TYPE", "ENDPOINT", "STATUS", "ATTEMPTS", "CODE", "UPDATED", "ERROR");
    for (JsonNode d : page.path("data")) {
      table.row(
          Table.text(d, "id"),
          Table.text(d, "event_type"),
          Table.text(d, "endpoint_id"),
          Table.text(d, "status"),
          Table.text(d, "attempts"),
          Table.text(d, "last_status_code"),
          Table.time(d, "updated_at"),
          Table.text(d, "last_error"));
    }
    if (table.isEmpty()) {
      out.println("no deliveries");
    } else {
      table.print(out);
    }
    String next = Table.text(page, "next_cursor");
    if (next != null) {
      out.println("more: add --cursor " + next);
    }
    out.flush();
    return HooklineCommand.OK;
  }

  private void show(JsonNode d, PrintWriter out) {
    if (server.json) {
      out.println(Table.pretty(d));
      out.flush();
      return;
    }
    Table fields = Table.of("FIELD", "VALUE");
    for (String field :
        List.of(
            "id",
            "status",
            "event_id",
            "event_type",
            "endpoint_id",
            "attempts",
            "created_at",
            "updated_at",
            "next_attempt_at",
            "completed_at",
            "last_status_code",
            "last_error")) {
      fields.row(field, Table.text(d, field));
    }
    fields.print(out);
    out.println();
    Table attempts = Table.of("#", "STARTED", "CODE", "MS", "ERROR", "RESPONSE", "NODE");
    for (JsonNode a : d.path("attempt_log")) {
      attempts.row(
          Table.text(a, "number"),
          Table.time(a, "started_at"),
          Table.text(a, "status_code"),
          a.hasNonNull("duration_ms") ? Math.round(a.get("duration_ms").asDouble()) : null,
          Table.text(a, "error"),
          Table.text(a, "response_snippet"),
          Table.text(a, "node"));
    }
    if (attempts.isEmpty()) {
      out.println("no attempts yet");
    } else {
      attempts.print(out);
    }
    out.flush();
  }

  /** The listing oldest first, then live outcomes that pass the same filters. */
  private void follow(ApiClient client, JsonNode page, PrintWriter out) {
    List<JsonNode> listed = new ArrayList<>();
    page.path("data").forEach(listed::add);
    for (JsonNode d : listed.reversed()) {
      out.println(
          server.json ? d.toString() : LogLines.delivery(d, LogLines.time(d, "updated_at")));
    }
    out.flush();
    boolean serverEnded =
        client.stream(
            ApiClient.query("/api/stream", ApiClient.params("types", type)),
            () -> LogsCommand.following(client, spec.commandLine().getErr()),
            message -> {
              LogsCommand.warnIfLagged(message, spec.commandLine().getErr());
              if (!message.event().equals("delivery")) {
                return true;
              }
              JsonNode d = message.json();
              if (matches(d)) {
                out.println(server.json ? d.toString() : LogLines.delivery(d, LogLines.now()));
                out.flush();
              }
              return true;
            });
    if (serverEnded) {
      throw new CliException("the server closed the stream");
    }
  }

  private boolean matches(JsonNode outcome) {
    return (endpoint == null || endpoint.equals(outcome.path("endpoint_id").asText()))
        && (status == null || status.equalsIgnoreCase(outcome.path("status").asText()))
        && (event == null || event.equals(outcome.path("event_id").asText()));
  }
}
