package dev.hookline.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hookline send TYPE}: publishes one event through {@code POST /api/events}. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Publish an event to a running server (POST /api/events).",
      "",
      "Example:",
      "  hookline send prediction --data '{\"confidence\":0.93}' --severity warning --tag ml"
    })
final class SendCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TYPE", description = "Event type, e.g. prediction.")
  String type;

  @Option(
      names = {"-d", "--data"},
      paramLabel = "JSON",
      description =
          "The event's data, a JSON object, or @FILE to read it from a file. Default: {}.")
  String data;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "Event id, for idempotency: an id seen before queues nothing new.")
  String id;

  @Option(
      names = "--severity",
      paramLabel = "LEVEL",
      description = "debug, info, warning, error or critical.")
  String severity;

  @Option(
      names = {"-t", "--tag"},
      paramLabel = "TAG",
      description = "A tag; repeat for several.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--source", paramLabel = "SOURCE", description = "Where the event comes from.")
  String source;

  @Option(names = "--subject", paramLabel = "SUBJECT", description = "What the event is about.")
  String subject;

  @Option(names = "--user-id", paramLabel = "ID", description = "The user the event concerns.")
  String userId;

  @Option(names = "--platform", paramLabel = "NAME", description = "The platform it came from.")
  String platform;

  @Option(names = "--metadata", paramLabel = "JSON", description = "Metadata, a JSON object.")
  String metadata;

  @Mixin ServerOptions server;

  @Override
  public Integer call() {
    ObjectNode event = ApiClient.JSON.createObjectNode();
    if (id != null) {
      event.put("id", id);
    }
    event.put("type", type);
    event.set("data", data == null ? ApiClient.JSON.createObjectNode() : object("--data", data));
    put(event, "severity", severity);
    put(event, "source", source);
    put(event, "subject", subject);
    put(event, "user_id", userId);
    put(event, "platform", platform);
    if (!tags.isEmpty()) {
      tags.forEach(event.putArray("tags")::add);
    }
    if (metadata != null) {
      event.set("metadata", object("--metadata", metadata));
    }

    ApiClient.Response response = server.client().post("/api/events", event);

    PrintWriter out = spec.commandLine().getOut();
    if (server.json) {
      out.println(Table.pretty(response.body()));
    } else {
      List<String> list = new ArrayList<>();
      response.body().path("ids").forEach(n -> list.add(n.asText()));
      String ids = String.join(", ", list);
      int deliveries = response.body().path("deliveries").asInt();
      if (response.status() == 200) {
        out.println("duplicate " + ids + ": already accepted, nothing new queued");
      } else {
        out.println(
            "accepted "
                + ids
                + " ("
                + deliveries
                + (deliveries == 1 ? " delivery" : " deliveries")
                + " queued)");
      }
    }
    out.flush();
    return HooklineCommand.OK;
  }

  private JsonNode object(String option, String value) {
    String json = value;
    if (value.startsWith("@")) {
      // curl's convention: @file reads the JSON from a file.
      Path file = Path.of(value.substring(1));
      try {
        json = Files.readString(file);
      } catch (IOException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), option + " " + value + ": cannot read " + file);
      }
    }
    JsonNode node;
    try {
      node = ApiClient.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " must be a JSON object, like '{\"key\": \"value\"}'");
    }
    return node;
  }

  private static void put(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
