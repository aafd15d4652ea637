package dev.hookline.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.HooklineException;
import dev.hookline.routing.EndpointJson;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.server.config.ConfigValues.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The problems one load of a config file found, each placed at its key path and line; {@link
 * #attempt} runs one read and records what it threw. Not thread-safe.
 */
final class ConfigProblems {
  /** Keys other tools (and the seeds) use, with what to write instead. */
  private static final Map<String, String> HINTS =
      Map.of(
          "webhook_alerts", "use alerts",
          "secret_key", "use signing: {secret: ...}",
          "database", "use store: {url: jdbc:...}",
          "enabled", "remove it; disable one endpoint with enabled: false on the endpoint",
          "secrets", "use secret, which takes a string or a list (rotation)");

  private final YamlTree.Result tree;
  private final List<ConfigException.Problem> problems = new ArrayList<>();

  ConfigProblems(YamlTree.Result tree) {
    this.tree = tree;
  }

  /** Runs {@code read}, recording its problem (at {@code path} unless it names its own). */
  <T> Optional<T> attempt(String path, Supplier<T> read) {
    try {
      return Optional.of(read.get());
    } catch (Problem p) {
      record(p.path, p.getMessage());
    } catch (InvalidEndpointException e) {
      for (InvalidEndpointException one : e.problems()) {
        String field = one.field();
        String message = one.getMessage();
        record(
            field,
            message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message);
      }
    } catch (HooklineException | IllegalArgumentException e) {
      record(path, e.getMessage());
    }
    return Optional.empty();
  }

  void record(String path, String message) {
    problems.add(new ConfigException.Problem(path, tree.lineOf(path), message));
  }

  void unknownKeys(ObjectNode o, String path, List<String> known) {
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      String key = e.getKey();
      if (!known.contains(key)) {
        record(path.isEmpty() ? key : path + "." + key, EndpointJson.unknownKey(key, known, HINTS));
      }
    }
  }

  List<ConfigException.Problem> all() {
    return problems;
  }
}
