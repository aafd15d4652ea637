package dev.hookline.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Reads a YAML document into a Jackson tree, replacing {@code ${VAR}} and {@code ${VAR:-default}}
 * in string scalars and remembering the line of every key.
 *
 * <p>Built from SnakeYAML's parse events rather than a YAML mapper, for three reasons: the line of
 * each key (error messages), the scalar's style (a plain scalar is typed after substitution, so
 * {@code port: ${PORT:-8000}} is a number, while a quoted one stays a string), and typing by the
 * YAML 1.2 core schema ({@code yes}, {@code no}, {@code on}, {@code off} are strings, not
 * booleans). Substitution happens on parsed scalars, never on the raw text, so a variable's value
 * cannot add YAML structure. Duplicate keys are errors.
 */
final class YamlTree {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern INT = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final String TAG = "tag:yaml.org,2002:";

  /** The tree (null for an empty document) and the 1-based line of each key path. */
  record Result(Optional<JsonNode> root, Map<String, Integer> lines) {
    /** The line of {@code path}, or of its nearest enclosing path that has one. */
    OptionalInt lineOf(String path) {
      String p = path;
      while (true) {
        Integer line = lines.get(p);
        if (line != null) {
          return OptionalInt.of(line);
        }
        if (p.isEmpty()) {
          return OptionalInt.empty();
        }
        int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
        p = cut < 0 ? "" : p.substring(0, cut);
      }
    }
  }

  private final Map<String, String> env;
  private final Map<String, Integer> lines = new HashMap<>();
  private final Map<String, JsonNode> anchors = new HashMap<>();
  private final List<ConfigException.Problem> problems = new ArrayList<>();
  private Iterator<Event> events;

  private YamlTree(Map<String, String> env) {
    this.env = env;
  }

  /**
   * Parses {@code yaml}.
   *
   * @throws ConfigException when it does not parse, holds several documents, a duplicate key, an
   *     unsupported tag, or a variable reference that cannot be resolved (all of those found)
   */
  static Result read(String yaml, Map<String, String> env, Optional<String> file) {
    YamlTree t = new YamlTree(env);
    JsonNode root;
    try {
      t.events = new Yaml(new LoaderOptions()).parse(new StringReader(yaml)).iterator();
      root = t.document();
    } catch (MarkedYAMLException e) {
      OptionalInt line =
          e.getProblemMark() == null
              ? OptionalInt.empty()
              : OptionalInt.of(e.getProblemMark().getLine() + 1);
      String what = e.getProblem() == null ? "invalid YAML" : e.getProblem();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      throw new ConfigException(
          file,
          List.of(new ConfigException.Problem("", line, "YAML does not parse: " + what + context)));
    } catch (YAMLException e) {
      throw new ConfigException(
          file,
          List.of(
              new ConfigException.Problem(
                  "", OptionalInt.empty(), "YAML does not parse: " + e.getMessage())));
    }
    if (!t.problems.isEmpty()) {
      throw new ConfigException(file, t.problems);
    }
    return new Result(Optional.ofNullable(root), Map.copyOf(t.lines));
  }

  private JsonNode document() {
    expect(Event.ID.StreamStart);
    Event e = events.next();
    if (e.is(Event.ID.StreamEnd)) {
      return null;
    }
    if (!e.is(Event.ID.DocumentStart)) {
      throw new YAMLException("expected a document, got " + e);
    }
    JsonNode root = node(events.next(), "");
    expect(Event.ID.DocumentEnd);
    Event end = events.next();
    if (!end.is(Event.ID.StreamEnd)) {
      problems.add(
          new ConfigException.Problem(
              "",
              OptionalInt.of(end.getStartMark().getLine() + 1),
              "the file holds several YAML documents (---); keep one"));
    }
    return root.isNull() ? null : root;
  }

  private void expect(Event.ID id) {
    Event e = events.next();
    if (!e.is(id)) {
      throw new YAMLException("expected " + id + ", got " + e);
    }
  }

  private JsonNode node(Event e, String path) {
    JsonNode n =
        switch (e) {
          case ScalarEvent s -> scalar(s, path);
          case AliasEvent a -> {
            JsonNode target = anchors.get(a.getAnchor());
            if (target == null) {
              problem(path, a, "alias *" + a.getAnchor() + " names no anchor");
              yield NODES.nullNode();
            }
            yield target.deepCopy();
          }
          case CollectionStartEvent c when c.is(Event.ID.MappingStart) -> mapping(c, path);
          case CollectionStartEvent c -> sequence(c, path);
          default -> throw new YAMLException("unexpected " + e);
        };
    if (e instanceof NodeEvent ne && !(e instanceof AliasEvent) && ne.getAnchor() != null) {
      anchors.put(ne.getAnchor(), n);
    }
    return n;
  }

  private JsonNode mapping(CollectionStartEvent start, String path) {
    checkCollectionTag(start, path, "map");
    ObjectNode o = NODES.objectNode();
    while (true) {
      Event k = events.next();
      if (k.is(Event.ID.MappingEnd)) {
        return o;
      }
      if (!(k instanceof ScalarEvent key)) {
        problem(path, k, "a key is a list or a map; keys must be plain text");
        skip(k);
        skip(events.next());
        continue;
      }
      String name = key.getValue();
      String keyPath = path.isEmpty() ? name : path + "." + name;
      if (o.has(name)) {
        problem(keyPath, key, "duplicate key; each key may appear once");
      }
      lines.putIfAbsent(keyPath, key.getStartMark().getLine() + 1);
      o.set(name, node(events.next(), keyPath));
    }
  }

  private JsonNode sequence(CollectionStartEvent start, String path) {
    checkCollectionTag(start, path, "seq");
    ArrayNode a = NODES.arrayNode();
    while (true) {
      Event e = events.next();
      if (e.is(Event.ID.SequenceEnd)) {
        return a;
      }
      String itemPath = path + "[" + a.size() + "]";
      lines.putIfAbsent(itemPath, e.getStartMark().getLine() + 1);
      a.add(node(e, itemPath));
    }
  }

  private void checkCollectionTag(CollectionStartEvent e, String path, String expected) {
    String tag = e.getTag();
    if (tag != null && !tag.equals("!") && !tag.equals(TAG + expected)) {
      problem(path, e, "tag " + tag + " is not supported; remove it");
    }
  }

  /** Skips a node whose first event is {@code e}. */
  private void skip(Event e) {
    if (e instanceof CollectionStartEvent) {
      int depth = 1;
      while (depth > 0) {
        Event n = events.next();
        if (n instanceof CollectionStartEvent) {
          depth++;
        } else if (n.is(Event.ID.MappingEnd) || n.is(Event.ID.SequenceEnd)) {
          depth--;
        }
      }
    }
  }

  private JsonNode scalar(ScalarEvent s, String path) {
    String value = substitute(s.getValue(), path, s);
    String tag = s.getTag();
    if (tag == null || tag.equals("!")) {
      return s.isPlain() && tag == null ? plain(value) : NODES.textNode(value);
    }
    if (tag.equals(TAG + "str")) {
      return NODES.textNode(value);
    }
    JsonNode typed = plain(value);
    boolean fits =
        switch (tag.substring(tag.startsWith(TAG) ? TAG.length() : 0)) {
          case "int" -> typed.isIntegralNumber();
          case "float" -> typed.isNumber();
          case "bool" -> typed.isBoolean();
          case "null" -> typed.isNull();
          default -> {
            problem(path, s, "tag " + tag + " is not supported; remove it");
            yield true;
          }
        };
    if (!fits) {
      problem(path, s, "'" + value + "' is not a valid " + tag);
    }
    return typed;
  }

  /** Types a plain scalar by the YAML 1.2 core schema. */
  static JsonNode plain(String v) {
    switch (v) {
      case "", "~", "null", "Null", "NULL" -> {
        return NODES.nullNode();
      }
      case "true", "True", "TRUE" -> {
        return NODES.booleanNode(true);
      }
      case "false", "False", "FALSE" -> {
        return NODES.booleanNode(false);
      }
      case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> {
        return NODES.numberNode(Double.POSITIVE_INFINITY);
      }
      case "-.inf", "-.Inf", "-.INF" -> {
        return NODES.numberNode(Double.NEGATIVE_INFINITY);
      }
      case ".nan", ".NaN", ".NAN" -> {
        return NODES.numberNode(Double.NaN);
      }
      default -> {}
    }
    if (INT.matcher(v).matches()) {
      return integer(new BigInteger(v.startsWith("+") ? v.substring(1) : v));
    }
    if (v.matches("0o[0-7]+")) {
      return integer(new BigInteger(v.substring(2), 8));
    }
    if (v.matches("0x[0-9a-fA-F]+")) {
      return integer(new BigInteger(v.substring(2), 16));
    }
    if (FLOAT.matcher(v).matches()) {
      return NODES.numberNode(Double.parseDouble(v));
    }
    return NODES.textNode(v);
  }

  private static JsonNode integer(BigInteger b) {
    if (b.bitLength() < 32) {
      return NODES.numberNode(b.intValue());
    }
    if (b.bitLength() < 64) {
      return NODES.numberNode(b.longValue());
    }
    return NODES.numberNode(b);
  }

  /**
   * Replaces {@code ${VAR}} and {@code ${VAR:-default}} (the default when VAR is unset or empty);
   * {@code $${} is a literal {@code ${}. A default ends at the first {@code }}.
   */
  private String substitute(String text, String path, Event at) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int close = text.indexOf('}', i + 2);
        if (close < 0) {
          problem(
              path,
              at,
              "'${' is not closed; write ${VAR} or ${VAR:-default}, or $${ for a literal ${");
          return text;
        }
        String inner = text.substring(i + 2, close);
        int sep = inner.indexOf(":-");
        String name = sep < 0 ? inner : inner.substring(0, sep);
        if (!NAME.matcher(name).matches()) {
          problem(
              path,
              at,
              "'${"
                  + inner
                  + "}' is not a variable reference; write ${VAR} or ${VAR:-default} (VAR of letters,"
                  + " digits and _), or $${ for a literal ${");
          return text;
        }
        String value = env.get(name);
        if (sep >= 0 && (value == null || value.isEmpty())) {
          value = inner.substring(sep + 2);
        }
        if (value == null) {
          problem(
              path,
              at,
              "environment variable "
                  + name
                  + " is not set; set it, or give a default: ${"
                  + name
                  + ":-...}");
          return text;
        }
        out.append(value);
        i = close + 1;
      } else {
        out.append(text.charAt(i++));
      }
    }
    return out.toString();
  }

  private void problem(String path, Event at, String message) {
    problems.add(
        new ConfigException.Problem(
            path, OptionalInt.of(at.getStartMark().getLine() + 1), message));
  }
}
