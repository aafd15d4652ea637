package dev.hookline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hookline endpoints list|get|add|rm|test|stats}: manage a running server's endpoints. */
@Command(
    name = "endpoints",
    mixinStandardHelpOptions = true,
    description = "Manage the endpoints of a running server (/api/endpoints).",
    subcommands = {
      EndpointsCommand.ListEndpoints.class,
      EndpointsCommand.GetEndpoint.class,
      EndpointsCommand.AddEndpoint.class,
      EndpointsCommand.RemoveEndpoint.class,
      EndpointsCommand.TestEndpoint.class,
      EndpointsCommand.EndpointStats.class
    })
final class EndpointsCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  /** Without a subcommand: the usage, as a usage error (like git). */
  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: list, get, add, rm, test or stats");
  }

  @Command(
      name = "list",
      aliases = "ls",
      mixinStandardHelpOptions = true,
      description = "List the endpoints.")
  static final class ListEndpoints implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ServerOptions server;

    @Override
    public Integer call() {
      JsonNode page = server.client().get("/api/endpoints");
      PrintWriter out = spec.commandLine().getOut();
      if (server.json) {
        out.println(Table.pretty(page));
        out.flush();
        return HooklineCommand.OK;
      }
      Table table = Table.of("ID", "URL", "EVENTS", "FORMAT", "SIGNATURE", "ENABLED");
      for (JsonNode e : page.path("data")) {
        List<String> events = new ArrayList<>();
        e.path("events").forEach(p -> events.add(p.asText()));
        table.row(
            Table.text(e, "id"),
            Table.text(e, "url"),
            String.join(",", events),
            e.path("format").asText("raw"),
            e.path("signature").path("scheme").asText(null),
            e.path("enabled").asBoolean(true) ? "yes" : "no");
      }
      if (table.isEmpty()) {
        out.println("no endpoints; add one with 'hookline endpoints add'");
      } else {
        table.print(out);
      }
      out.flush();
      return HooklineCommand.OK;
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Print one endpoint's definition (JSON).")
  static final class GetEndpoint implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ServerOptions server;

    @Parameters(paramLabel = "ID", description = "Endpoint id.")
    String id;

    @Override
    public Integer call() {
      JsonNode endpoint = server.client().get("/api/endpoints/" + ApiClient.segment(id));
      spec.commandLine().getOut().println(Table.pretty(endpoint));
      spec.commandLine().getOut().flush();
      return HooklineCommand.OK;
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Add an endpoint from options, or from a JSON or YAML file in the hookline.yaml shape",
        "(options given with --file override the file's fields). Replaces an endpoint with the",
        "same id only with --replace.",
        "",
        "Examples:",
        "  hookline endpoints add --id ops --url https://ops.example.com/hooks --events '*' \\",
        "    --secret whsec_... --when 'data.confidence > 0.85'",
        "  hookline endpoints add --file endpoint.yaml"
      })
  static final class AddEndpoint implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-f", "--file"},
        paramLabel = "FILE",
        description = "An endpoint (or a list of them) as JSON or YAML.")
    Path file;

    @Option(names = "--id", paramLabel = "ID", description = "Endpoint id.")
    String id;

    @Option(names = "--url", paramLabel = "URL", description = "Where requests go.")
    String url;

    @Option(
        names = {"-e", "--events"},
        paramLabel = "PATTERN",
        split = ",",
        description = "Event type patterns (prediction, github.*, *); comma separated or repeated.")
    List<String> events = new ArrayList<>();

    @Option(
        names = "--secret",
        paramLabel = "SECRET",
        description = "Signing secret. Default: the server's signing.secret.")
    String secret;

    @Option(
        names = "--scheme",
        paramLabel = "SCHEME",
        description = "Signature scheme for --secret. Default: standard.")
    String scheme;

    @Option(
        names = "--when",
        paramLabel = "CEL",
        description = "Condition over the event, e.g. 'data.confidence > 0.85'.")
    String when;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        description = "raw (default), slack, teams, discord, jira, github, datadog, pagerduty.")
    String format;

    @Option(names = "--method", paramLabel = "METHOD", description = "POST (default), PUT, PATCH.")
    String method;

    @Option(
        names = {"-H", "--header"},
        paramLabel = "'NAME: VALUE'",
        description = "A header to send with every request; repeat for several.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", description = "e.g. 5s.")
    String timeout;

    @Option(names = "--disabled", description = "Add it disabled.")
    boolean disabled;

    @Option(names = "--replace", description = "Replace an endpoint with the same id (PUT).")
    boolean replace;

    @Mixin ServerOptions server;

    @Override
    public Integer call() {
      List<ObjectNode> endpoints = new ArrayList<>();
      if (file != null) {
        JsonNode loaded = read(file);
        if (loaded.isArray()) {
          loaded.forEach(n -> endpoints.add(requireObject(n)));
        } else if (loaded.has("endpoints") && loaded.get("endpoints").isArray()) {
          loaded.get("endpoints").forEach(n -> endpoints.add(requireObject(n)));
        } else {
          endpoints.add(requireObject(loaded));
        }
        if (endpoints.size() > 1 && id != null) {
          throw usage("--id cannot override the ids of " + endpoints.size() + " endpoints");
        }
      } else {
        endpoints.add(ApiClient.JSON.createObjectNode());
      }
      for (ObjectNode endpoint : endpoints) {
        override(endpoint);
        for (String required : List.of("id", "url", "events")) {
          if (!endpoint.hasNonNull(required)) {
            throw usage(
                "an endpoint needs --"
                    + required
                    + (file == null ? "" : " (or '" + required + "' in " + file + ")"));
          }
        }
      }
      ApiClient client = server.client();
      PrintWriter out = spec.commandLine().getOut();
      for (ObjectNode endpoint : endpoints) {
        String endpointId = endpoint.get("id").asText();
        ApiClient.Response created =
            replace
                ? client.send("PUT", "/api/endpoints/" + ApiClient.segment(endpointId), endpoint)
                : client.post("/api/endpoints", endpoint);
        if (server.json) {
          out.println(Table.pretty(created.body()));
        } else {
          out.println(
              (created.status() == 201 ? "added " : "replaced ")
                  + endpointId
                  + " -> "
                  + created.body().path("url").asText(endpoint.path("url").asText()));
        }
      }
      out.flush();
      return HooklineCommand.OK;
    }

    private void override(ObjectNode endpoint) {
      if (id != null) {
        endpoint.put("id", id);
      }
      if (url != null) {
        endpoint.put("url", url);
      }
      if (!events.isEmpty()) {
        ArrayNode patterns = endpoint.putArray("events");
        events.stream().map(String::strip).filter(p -> !p.isEmpty()).forEach(patterns::add);
      }
      if (secret != null || scheme != null) {
        if (secret == null) {
          throw usage("--scheme needs --secret");
        }
        ObjectNode signature = endpoint.putObject("signature");
        signature.put("scheme", scheme == null ? "standard" : scheme.toLowerCase(Locale.ROOT));
        signature.put("secret", secret);
      }
      if (when != null) {
        endpoint.put("when", when);
      }
      if (format != null) {
        endpoint.put("format", format);
      }
      if (method != null) {
        endpoint.put("method", method.toUpperCase(Locale.ROOT));
      }
      if (!headers.isEmpty()) {
        ObjectNode map =
            endpoint.get("headers") instanceof ObjectNode existing
                ? existing
                : endpoint.putObject("headers");
        VerifyCommand.parseHeaders(spec, headers)
            .forEach((name, values) -> map.put(name, values.get(values.size() - 1)));
      }
      if (timeout != null) {
        endpoint.put("timeout", timeout);
      }
      if (disabled) {
        endpoint.put("enabled", false);
      }
    }

    private JsonNode read(Path path) {
      String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
      ObjectMapper mapper =
          name.endsWith(".yaml") || name.endsWith(".yml")
              ? new ObjectMapper(new YAMLFactory())
              : ApiClient.JSON;
      try {
        JsonNode node = mapper.readTree(Files.readAllBytes(path));
        if (node == null || node.isMissingNode()) {
          throw usage(path + " is empty");
        }
        return node;
      } catch (NoSuchFileException e) {
        throw usage("--file " + path + ": no such file");
      } catch (IOException e) {
        throw usage(
            "--file "
                + path
                + " is not valid "
                + (mapper == ApiClient.JSON ? "JSON" : "YAML")
                + ": "
                + e.getMessage());
      }
    }

    private ObjectNode requireObject(JsonNode node) {
      if (node instanceof ObjectNode object) {
        return object;
      }
      throw usage("--file " + file + ": an endpoint is an object with id, url and events");
    }

    private CommandLine.ParameterException usage(String message) {
      return new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }

  @Command(
      name = "rm",
      aliases = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove endpoints. Their delivery history stays queryable.")
  static final class RemoveEndpoint implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ServerOptions server;

    @Parameters(paramLabel = "ID", arity = "1..*", description = "Endpoint ids.")
    List<String> ids;

    @Override
    public Integer call() {
      ApiClient client = server.client();
      PrintWriter out = spec.commandLine().getOut();
      for (String id : ids) {
        client.delete("/api/endpoints/" + ApiClient.segment(id));
        out.println("removed " + id);
      }
      out.flush();
      return HooklineCommand.OK;
    }
  }

  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description = "Send a hookline.test event to one endpoint, whatever it subscribes to.")
  static final class TestEndpoint implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ServerOptions server;

    @Parameters(paramLabel = "ID", description = "Endpoint id.")
    String id;

    @Override
    public Integer call() {
      JsonNode sent =
          server.client().post("/api/endpoints/" + ApiClient.segment(id) + "/test", null).body();
      PrintWriter out = spec.commandLine().getOut();
      if (server.json) {
        out.println(Table.pretty(sent));
      } else {
        String delivery = Table.text(sent, "delivery_id");
        out.println(
            "sent test event "
                + Table.text(sent, "event_id")
                + " to "
                + id
                + (delivery == null
                    ? ""
                    : " (delivery " + delivery + "; see 'hookline deliveries " + delivery + "')"));
      }
      out.flush();
      return HooklineCommand.OK;
    }
  }

  @Command(
      name = "stats",
      mixinStandardHelpOptions = true,
      description = "Delivery statistics of one endpoint.")
  static final class EndpointStats implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ServerOptions server;

    @Parameters(paramLabel = "ID", description = "Endpoint id.")
    String id;

    @Override
    public Integer call() {
      JsonNode stats = server.client().get("/api/endpoints/" + ApiClient.segment(id) + "/stats");
      PrintWriter out = spec.commandLine().getOut();
      if (server.json) {
        out.println(Table.pretty(stats));
      } else {
        Table table = Table.of("STAT", "VALUE");
        stats
            .properties()
            .forEach(
                f -> table.row(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText()));
        table.print(out);
      }
      out.flush();
      return HooklineCommand.OK;
    }
  }
}
