package dev.hookline.server.workflow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hookline.event.EventLimits;
import dev.hookline.event.EventPattern;
import dev.hookline.routing.Durations;
import dev.hookline.template.Template;
import dev.hookline.template.TemplateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A workflow: declared inputs, steps run in order, and an output — the YAML of docs/workflows.md.
 * Immutable; parsed once, run many times.
 *
 * @param name the name it is triggered by ({@code workflow_name})
 * @param description what it does
 * @param on event-type patterns whose events also trigger it
 * @param inputs the declared inputs, by name
 * @param steps the steps, in order
 * @param output the output template; absent means the last step's output
 * @param definition the definition as JSON, as given
 */
public record Workflow(
    String name,
    String description,
    List<EventPattern> on,
    Map<String, Input> inputs,
    List<Step> steps,
    Optional<Template> output,
    JsonNode definition) {

  // Reads stored definitions and runs: whatever was written is read back.
  static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder().streamReadConstraints(EventLimits.readConstraints()).build())
          .build();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
  private static final Set<String> KEYS =
      Set.of("name", "description", "on", "inputs", "steps", "output");
  private static final List<String> ACTIONS =
      List.of("log", "template", "when", "http", "send", "emit");

  /** The JSON types an input may declare. */
  static final Set<String> TYPES =
      Set.of("string", "number", "integer", "boolean", "object", "list", "any");

  /**
   * A declared input.
   *
   * @param type {@code string}, {@code number}, {@code integer}, {@code boolean}, {@code object},
   *     {@code list} or {@code any}
   * @param required whether a run must give it (default: true unless it has a default)
   * @param defaultValue the value when not given
   * @param description what it means
   */
  public record Input(
      String type, boolean required, Optional<Object> defaultValue, String description) {}

  /** One step: a name and one action. */
  public sealed interface Step {
    /** The step's name, unique in its workflow; {@code steps.<name>.output} reads its output. */
    String name();

    /** The action's key: log, template, when, http, send or emit. */
    String action();
  }

  /** {@code log}: a templated line to the server log and the run record. */
  record LogStep(String name, Template line) implements Step {
    @Override
    public String action() {
      return "log";
    }
  }

  /** {@code template}: renders text or JSON. */
  record TemplateStep(String name, Template template) implements Step {
    @Override
    public String action() {
      return "template";
    }
  }

  /** {@code when}: the rest of the steps run only if the condition holds. */
  record WhenStep(String name, WorkflowCel condition) implements Step {
    @Override
    public String action() {
      return "when";
    }
  }

  /** {@code http}: calls a URL; the answer (status, body) is the output. */
  record HttpStep(
      String name,
      Template url,
      String method,
      Map<String, Template> headers,
      Optional<Template> body,
      Duration timeout)
      implements Step {
    @Override
    public String action() {
      return "http";
    }
  }

  /** {@code send}: an event delivered through a configured endpoint, with its retries. */
  record SendStep(String name, String endpoint, Template type, Optional<Template> data)
      implements Step {
    @Override
    public String action() {
      return "send";
    }
  }

  /** {@code emit}: an event published on the bus (routed to endpoints, may trigger workflows). */
  record EmitStep(String name, Template type, Optional<Template> data) implements Step {
    @Override
    public String action() {
      return "emit";
    }
  }

  /**
   * The longest a run of this workflow can take: every {@code http} step waiting out its timeout
   * (the other steps call no remote service: {@code send} and {@code emit} only store an event),
   * plus {@link #RUN_SLACK}. A run still recorded as running after that was cut off with its node.
   */
  public Duration longestRun() {
    Duration d = RUN_SLACK;
    for (Step s : steps) {
      if (s instanceof HttpStep h) {
        d = d.plus(h.timeout());
      }
    }
    return d;
  }

  /**
   * Margin over the steps' timeouts for the rest of a run: its store writes, and clocks of nodes
   * that differ.
   */
  public static final Duration RUN_SLACK = Duration.ofMinutes(1);

  /** Parses a definition (JSON or YAML tree); messages start with the key path. */
  public static Workflow parse(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new WorkflowException(path + ": a workflow is a map {name, inputs, steps, output}");
    }
    unknownKeys(node, path, KEYS);
    String name = text(node, "name", path).orElseThrow(() -> missing(path, "name"));
    if (!NAME.matcher(name).matches()) {
      throw new WorkflowException(
          path
              + ".name: '"
              + name
              + "' must be 1-100 of A-Z a-z 0-9 _ - . starting with a letter or digit");
    }
    // Messages name the key path only (workflow.steps[0].send.data, or workflows[0].steps[0]...
    // in the config file), so a reader finds the key as written.
    String where = path;
    String description = text(node, "description", where).orElse("");
    List<EventPattern> on = new ArrayList<>();
    JsonNode onNode = node.get("on");
    if (onNode != null && !onNode.isNull()) {
      List<JsonNode> patterns = new ArrayList<>();
      if (onNode.isArray()) {
        onNode.forEach(patterns::add);
      } else {
        patterns.add(onNode);
      }
      for (int i = 0; i < patterns.size(); i++) {
        String at = where + ".on" + (onNode.isArray() ? "[" + i + "]" : "");
        JsonNode p = patterns.get(i);
        if (!p.isTextual()) {
          throw new WorkflowException(
              at + ": expected an event type pattern (a string), got " + describe(p));
        }
        try {
          on.add(EventPattern.compile(p.asText()));
        } catch (RuntimeException e) {
          throw new WorkflowException(at + ": " + e.getMessage());
        }
      }
    }
    Map<String, Input> inputs = inputs(node.get("inputs"), where + ".inputs");
    JsonNode stepsNode = node.get("steps");
    if (stepsNode == null || !stepsNode.isArray() || stepsNode.isEmpty()) {
      throw new WorkflowException(where + ".steps: a workflow needs a list of steps");
    }
    List<Step> steps = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < stepsNode.size(); i++) {
      Step s = step(stepsNode.get(i), where + ".steps[" + i + "]");
      if (!names.add(s.name())) {
        throw new WorkflowException(
            where + ".steps[" + i + "].name: '" + s.name() + "' is used twice");
      }
      steps.add(s);
    }
    Optional<Template> output =
        node.has("output") && !node.get("output").isNull()
            ? Optional.of(template(node.get("output"), where + ".output"))
            : Optional.empty();
    return new Workflow(
        name, description, List.copyOf(on), inputs, List.copyOf(steps), output, node.deepCopy());
  }

  private static Map<String, Input> inputs(JsonNode node, String path) {
    Map<String, Input> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw new WorkflowException(
          path + ": a map of input name to type or {type, required, default}");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = path + "." + e.getKey();
      JsonNode spec = e.getValue();
      if (spec.isTextual()) {
        out.put(e.getKey(), new Input(type(spec.asText(), key), true, Optional.empty(), ""));
        continue;
      }
      if (!spec.isObject()) {
        throw new WorkflowException(
            key + ": a type (string, number, ...) or {type, required, default}");
      }
      unknownKeys(spec, key, Set.of("type", "required", "default", "description"));
      String type = type(text(spec, "type", key).orElse("any"), key + ".type");
      Optional<Object> def =
          spec.has("default")
              ? Optional.ofNullable(JSON.convertValue(spec.get("default"), Object.class))
              : Optional.empty();
      JsonNode req = spec.get("required");
      if (req != null && !req.isNull() && !req.isBoolean()) {
        throw new WorkflowException(
            key + ".required: expected true or false, got " + describe(req));
      }
      boolean required = req != null && !req.isNull() ? req.booleanValue() : def.isEmpty();
      out.put(
          e.getKey(), new Input(type, required, def, text(spec, "description", key).orElse("")));
    }
    return out;
  }

  private static String type(String raw, String path) {
    String t = raw.strip().toLowerCase(Locale.ROOT);
    if (t.equals("array")) {
      t = "list";
    }
    if (!TYPES.contains(t)) {
      throw new WorkflowException(
          path + ": '" + raw + "' is not a type; one of " + new java.util.TreeSet<>(TYPES));
    }
    return t;
  }

  private static Step step(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new WorkflowException(path + ": a step is a map {name, <action>}");
    }
    Set<String> allowed = new HashSet<>(ACTIONS);
    allowed.add("name");
    allowed.add("description");
    unknownKeys(node, path, allowed);
    String name = text(node, "name", path).orElseThrow(() -> missing(path, "name"));
    List<String> actions = ACTIONS.stream().filter(node::has).toList();
    if (actions.size() != 1) {
      throw new WorkflowException(
          path
              + " ("
              + name
              + "): a step has exactly one action of "
              + ACTIONS
              + "; found "
              + actions);
    }
    String action = actions.get(0);
    String at = path + "." + action;
    JsonNode a = node.get(action);
    return switch (action) {
      case "log" -> new LogStep(name, Template.text(textValue(a, at)));
      case "template" -> new TemplateStep(name, template(a, at));
      case "when" -> new WhenStep(name, WorkflowCel.compile(textValue(a, at), at));
      case "http" -> http(name, a, at);
      case "send" -> {
        object(a, at, "{endpoint, type, data}");
        unknownKeys(a, at, Set.of("endpoint", "type", "data"));
        String endpoint = text(a, "endpoint", at).orElseThrow(() -> missing(at, "endpoint"));
        yield new SendStep(
            name,
            endpoint,
            Template.text(text(a, "type", at).orElse("workflow." + name)),
            a.has("data") ? Optional.of(template(a.get("data"), at + ".data")) : Optional.empty());
      }
      case "emit" -> {
        object(a, at, "{type, data}");
        unknownKeys(a, at, Set.of("type", "data"));
        yield new EmitStep(
            name,
            Template.text(text(a, "type", at).orElseThrow(() -> missing(at, "type"))),
            a.has("data") ? Optional.of(template(a.get("data"), at + ".data")) : Optional.empty());
      }
      default -> throw new IllegalStateException(action);
    };
  }

  private static HttpStep http(String name, JsonNode a, String at) {
    object(a, at, "{url, method, headers, body, timeout}");
    unknownKeys(a, at, Set.of("url", "method", "headers", "body", "timeout"));
    Template url = Template.text(text(a, "url", at).orElseThrow(() -> missing(at, "url")));
    String method = text(a, "method", at).orElse("POST").toUpperCase(Locale.ROOT);
    if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
      throw new WorkflowException(
          at + ".method: '" + method + "'; one of GET, POST, PUT, PATCH, DELETE");
    }
    Map<String, Template> headers = new LinkedHashMap<>();
    JsonNode h = a.get("headers");
    if (h != null && !h.isNull()) {
      object(h, at + ".headers", "a map of header name to value");
      for (Map.Entry<String, JsonNode> e : h.properties()) {
        headers.put(
            e.getKey(), Template.text(textValue(e.getValue(), at + ".headers." + e.getKey())));
      }
    }
    Duration timeout = Duration.ofSeconds(10);
    if (a.has("timeout")) {
      try {
        timeout = Durations.parse(textValue(a.get("timeout"), at + ".timeout"));
      } catch (IllegalArgumentException e) {
        throw new WorkflowException(at + ".timeout: " + e.getMessage());
      }
    }
    Optional<Template> body =
        a.has("body") && !a.get("body").isNull()
            ? Optional.of(template(a.get("body"), at + ".body"))
            : Optional.empty();
    return new HttpStep(name, url, method, Map.copyOf(headers), body, timeout);
  }

  private static Template template(JsonNode node, String path) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      throw new WorkflowException(
          path
              + ": expected a template (a string, or a JSON map or list with placeholders), got"
              + " null; leave the key out instead");
    }
    try {
      return node.isTextual()
          ? Template.text(node.asText())
          : Template.of(JSON.convertValue(node, Object.class));
    } catch (TemplateException e) {
      throw new WorkflowException(path + ": " + e.getMessage());
    }
  }

  private static void object(JsonNode node, String path, String shape) {
    if (node == null || !node.isObject()) {
      throw new WorkflowException(path + ": expected " + shape);
    }
  }

  private static String textValue(JsonNode node, String path) {
    if (node == null || !node.isTextual()) {
      throw new WorkflowException(path + ": expected a string, got " + describe(node));
    }
    return node.asText();
  }

  /** An optional string: absent or null is empty; any other kind of value is refused. */
  private static Optional<String> text(JsonNode node, String key, String path) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new WorkflowException(path + "." + key + ": expected a string, got " + describe(v));
    }
    return Optional.of(v.asText());
  }

  /** What kind of JSON value a node is, for messages. */
  private static String describe(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "null";
    }
    if (node.isObject()) {
      return "a map";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    return node.isNumber() ? "a number (" + node + ")" : node.getNodeType().toString();
  }

  private static void unknownKeys(JsonNode node, String path, Set<String> known) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!known.contains(e.getKey())) {
        throw new WorkflowException(
            path
                + "."
                + e.getKey()
                + ": "
                + dev.hookline.routing.EndpointJson.unknownKey(
                    e.getKey(), List.copyOf(new java.util.TreeSet<>(known)), Map.of()));
      }
    }
  }

  private static WorkflowException missing(String path, String key) {
    return new WorkflowException(path + "." + key + ": required");
  }
}
