package dev.hookline.template;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.hookline.event.Event;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A payload template: a JSON-like tree, or a plain string, whose strings hold placeholders that are
 * filled from an {@link Event} (DESIGN §3, "Templates").
 *
 * <h2>Placeholders</h2>
 *
 * <ul>
 *   <li>{@code {path}} is the value at {@code path} in the event, by the path rule of {@link
 *       Event#valueAt}: {@code {user_id}} and {@code {timestamp}} are event fields, {@code
 *       {prediction}} means {@code data.prediction}, {@code {error.message}} means {@code
 *       data.error.message}, {@code {data.items.0.name}} indexes into a list.
 *   <li>{@code {path:spec}} formats the value with a Python format spec, {@code
 *       [[fill]align][sign][z][#][0][width][,|_][.precision][type]}, with types {@code s d b o x X
 *       e E f F g G n %} or none: {@code {confidence:.0%}} gives {@code 87%}, {@code {n:,}} gives
 *       {@code 1,234,567}, {@code {name:*^9}} centres in stars. The output is Python's, digit for
 *       digit, rounding half-even on the exact value as Python does ({@code 2.675} with {@code .2f}
 *       is {@code 2.67}).
 *   <li>{@code {path|default}} shows {@code default}, as written, when the path has no value
 *       (missing or JSON null): {@code {user_id|unknown}}, {@code {recommendation|Review and
 *       address this prediction}}. With a spec the default comes last: {@code
 *       {confidence:.0%|n/a}}; the default is not formatted. {@code {path|}} defaults to an empty
 *       string.
 *   <li>Times: {@code {timestamp:unix}} (whole seconds) and {@code {timestamp:unix_ms}} give
 *       numbers; a strftime pattern such as {@code {timestamp:%Y-%m-%d %H:%M}} gives text, as
 *       Python's {@code datetime} formats it, in UTC, in English. They apply to ISO-8601 strings
 *       (the event's {@code timestamp}) and to numbers of unix seconds.
 *   <li>Doubled braces are literal braces, as in Python's {@code str.format}.
 * </ul>
 *
 * <h2>Types</h2>
 *
 * In a tree, a string that is exactly one {@code {path}} (no spec, nothing around it) is replaced
 * by the value itself, keeping its JSON type: a number stays a number, a list a list, an object an
 * object. Any other string renders to a string; values inside text read as Python's {@code str()}
 * would show them ({@code 42}, {@code 0.87}, {@code 2.0}, {@code 1e-05}), except that booleans read
 * {@code true}/{@code false} and lists and objects read as compact JSON. {@code {path:}} (an empty
 * spec) is the way to ask for the string form of a number in a tree. Object keys are literal: they
 * hold no placeholders and their braces are kept as written. A text template ({@link #text}) always
 * renders to a string.
 *
 * <h2>Leniencies, where Python would raise</h2>
 *
 * A string value under a numeric spec ({@code .2f}, {@code d}, {@code +}, {@code ,}) is read as a
 * number when it is one; a whole double (a JSON {@code 2.0}) formats under {@code d b o x X}; a
 * number under {@code s} formats its string form; an integer with a precision and no type formats
 * as a float; booleans, lists and objects format their string form under string specs. Values that
 * still do not fit (text under {@code .2f}, {@code 2.5} under {@code d}) are errors.
 *
 * <h2>Errors</h2>
 *
 * A malformed template (an unclosed <code>'&#123;'</code>, a single <code>'&#125;'</code>, an empty
 * {@code {}}, a bad spec) fails when it is created, with a {@link TemplateException} naming where
 * the string is in the tree ({@code blocks.0.text.text}) and the character. A placeholder whose
 * path has no value (missing or JSON null) and no default fails the render with a {@link
 * TemplateException} naming the placeholder, its place, the path and the event: a missing value is
 * an error, never an empty string, unless the template is made lenient with {@link
 * #onMissing(Missing) onMissing(Missing.EMPTY)}.
 *
 * <h2>Threading and cost</h2>
 *
 * Templates are immutable and thread-safe; share one per endpoint. Everything is parsed once, at
 * creation: rendering appends pre-split literal parts and formatted values, and subtrees without
 * placeholders are shared between renders, not rebuilt.
 */
public final class Template {
  /** What a placeholder without a default renders when its path has no value. */
  public enum Missing {
    /** The render fails, naming the path (the default). */
    ERROR,
    /** An empty string inside text; JSON null for a string that is only the placeholder. */
    EMPTY
  }

  private final Object frozen; // the tree as given (a String for a text template)
  private final Node root;
  private final boolean text;
  private final String source;
  private final Missing missing;

  private Template(Object frozen, boolean text, Missing missing) {
    this.frozen = frozen;
    this.text = text;
    this.missing = missing;
    boolean empty = missing == Missing.EMPTY;
    if (text) {
      String s = (String) frozen;
      CompiledText compiled = CompiledText.compile(s, "", "text", empty);
      this.root =
          compiled.isLiteral() ? new Node.Literal(compiled.literal()) : new Node.Text(compiled);
      this.source = s;
    } else {
      this.root = Node.compile(frozen, "", empty);
      this.source = JsonTrees.toJson(frozen);
    }
  }

  /**
   * A template from a JSON-like tree: maps with string keys (their order is kept, so pass a {@code
   * LinkedHashMap} or another ordered map), lists, strings, numbers, booleans, nulls and Jackson
   * {@code JsonNode}s. The tree is copied; later changes to it do not affect the template.
   * Thread-safe.
   *
   * @throws TemplateException when a string in the tree is malformed (naming its location and the
   *     character) or the tree holds a value that is not JSON-like
   */
  public static Template of(Object tree) {
    Objects.requireNonNull(tree, "tree");
    return new Template(JsonTrees.freeze(tree, ""), false, Missing.ERROR);
  }

  /**
   * A template from a JSON or YAML document. A document that starts with <code>&#123;</code>,
   * {@code [} or {@code "} and is valid JSON is read as JSON, with JSON's semantics; anything else
   * is read as YAML. In YAML, quote strings that start with a placeholder ({@code text:
   * "{prediction}"}): unquoted, {@code {prediction}} is a YAML mapping. For a plain string
   * template, use {@link #text}. Thread-safe.
   *
   * @throws TemplateException when the document does not parse (with line and column), has
   *     duplicate keys, or a string in it is malformed
   */
  public static Template parse(String document) {
    Objects.requireNonNull(document, "document");
    return new Template(
        JsonTrees.freeze(JsonTrees.readDocument(document), ""), false, Missing.ERROR);
  }

  /**
   * A plain string template, such as an e-mail subject: {@link #render} always gives a String, even
   * when the text is one placeholder. Thread-safe.
   *
   * @throws TemplateException when the text is malformed, naming the character
   */
  public static Template text(String text) {
    Objects.requireNonNull(text, "text");
    return new Template(text, true, Missing.ERROR);
  }

  /**
   * This template with another rule for placeholders whose path has no value and that have no
   * default. Thread-safe; returns {@code this} when the rule is the same.
   */
  public Template onMissing(Missing rule) {
    Objects.requireNonNull(rule, "rule");
    return rule == missing ? this : new Template(frozen, text, rule);
  }

  /** The rule for placeholders whose path has no value: {@link Missing#ERROR} unless changed. */
  public Missing missing() {
    return missing;
  }

  /**
   * Renders the template for an event: for a tree template, the tree with its placeholders filled
   * (unmodifiable Maps and Lists, Strings, Numbers, Booleans and nulls, possibly sharing immutable
   * parts with the template and the event); for a text template, a String.
   *
   * <p>Thread-safe; allocates only the rendered containers and strings.
   *
   * @throws TemplateException when a placeholder's path has no value in the event, or its value
   *     does not fit its format spec
   */
  public Object render(Event event) {
    Objects.requireNonNull(event, "event");
    return root.render(event);
  }

  /**
   * Renders the template as compact UTF-8 JSON, written directly without building the tree first. A
   * text template renders as a JSON string. Thread-safe.
   *
   * @throws TemplateException as {@link #render} does
   */
  public byte[] renderJson(Event event) {
    Objects.requireNonNull(event, "event");
    try (ByteArrayBuilder out = new ByteArrayBuilder(256)) {
      try (JsonGenerator g = JsonTrees.FACTORY.createGenerator(out)) {
        root.write(g, event);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Renders a text template to its String, or a tree template to compact JSON text. Thread-safe.
   *
   * @throws TemplateException as {@link #render} does
   */
  public String renderString(Event event) {
    Objects.requireNonNull(event, "event");
    if (text) {
      return (String) root.render(event);
    }
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JsonTrees.FACTORY.createGenerator(out)) {
      root.write(g, event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * True for a plain string template made by {@link #text}, false for a tree made by {@link #of} or
   * {@link #parse}. With {@link #toString()}, enough to write the template back out.
   */
  public boolean isText() {
    return text;
  }

  /**
   * True when rendering depends on the event: the template holds at least one placeholder. A
   * template without any (doubled braces included) renders the same text for every event.
   */
  public boolean hasPlaceholders() {
    return !(root instanceof Node.Literal);
  }

  /**
   * The text a text template without placeholders renders for every event (doubled braces read as
   * single ones); empty for a tree template or one with placeholders.
   */
  public java.util.Optional<String> literalText() {
    return text && root instanceof Node.Literal l
        ? java.util.Optional.of((String) l.value)
        : java.util.Optional.empty();
  }

  /** The template as written: the text of a text template, or the tree as compact JSON. */
  @Override
  public String toString() {
    return source;
  }
}
