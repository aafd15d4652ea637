package dev.hookline.server.config;

import static dev.hookline.server.config.ConfigValues.describe;
import static dev.hookline.server.config.ConfigValues.fail;
import static dev.hookline.server.config.ConfigValues.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.server.config.ConfigValues.Problem;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code workflows} section: inline workflows, and YAML files named relative to the
 * config file's directory.
 */
final class WorkflowsReader {
  private final ConfigProblems problems;
  private final Map<String, String> env;
  private final Path baseDir;

  WorkflowsReader(ConfigProblems problems, Map<String, String> env, Path baseDir) {
    this.problems = problems;
    this.env = env;
    this.baseDir = baseDir;
  }

  List<JsonNode> workflows(JsonNode n) {
    if (!n.isArray()) {
      fail(
          "workflows",
          "expected a list of workflows (inline maps, or file names), got " + describe(n));
    }
    List<JsonNode> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      String path = "workflows[" + i + "]";
      JsonNode item = n.get(i);
      problems.attempt(path, () -> workflow(item, path)).ifPresent(out::add);
    }
    return out;
  }

  private JsonNode workflow(JsonNode item, String path) {
    if (item.isObject()) {
      return item;
    }
    if (!item.isTextual()) {
      fail(path, "expected a workflow (a map) or the name of a YAML file, got " + describe(item));
    }
    String name = item.textValue().strip();
    Path resolved = baseDir.resolve(name).normalize();
    String text;
    try {
      text = Files.readString(resolved, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new Problem(
          path, "workflow file '" + name + "' not found (looked for " + resolved + ")");
    } catch (MalformedInputException e) {
      throw new Problem(path, "workflow file '" + name + "' is not UTF-8 text");
    } catch (IOException e) {
      throw new Problem(path, "workflow file '" + name + "' cannot be read: " + e.getMessage());
    }
    YamlTree.Result wf;
    try {
      wf = YamlTree.read(text, env, Optional.of(name));
    } catch (ConfigException e) {
      throw new Problem(path, e.getMessage());
    }
    if (wf.root().isEmpty() || !wf.root().get().isObject()) {
      throw new Problem(
          path,
          "workflow file '"
              + name
              + "' should hold one workflow (a map), got "
              + wf.root().map(ConfigValues::describe).orElse("an empty document"));
    }
    return wf.root().get();
  }
}
