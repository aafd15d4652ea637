package dev.hookline.template;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.hookline.event.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled part of a template tree. Subtrees without placeholders compile to one {@link Literal}
 * that every render returns as it is (it is deep-immutable), so rendering builds only the objects
 * and arrays on the way to a placeholder. Immutable and thread-safe.
 */
sealed interface Node permits Node.Literal, Node.Value, Node.Text, Node.ObjectNode, Node.ArrayNode {

  /** The rendered value: a String, Number, Boolean, null, or an unmodifiable List or Map. */
  Object render(Event event);

  /** Writes the rendered value as JSON, without building it first. */
  void write(JsonGenerator g, Event event) throws IOException;

  /**
   * Compiles a frozen tree (see {@link JsonTrees#freeze}).
   *
   * @param location where the value is in the template, {@code ""} for the root
   * @param empty whether a path without a value renders empty rather than failing
   * @throws TemplateException naming the location when a string in it is malformed
   */
  static Node compile(Object value, String location, boolean empty) {
    return switch (value) {
      case String s -> {
        CompiledText text =
            CompiledText.compile(
                s, location, location.isEmpty() ? "string" : "string at " + location, empty);
        if (text.isLiteral()) {
          yield new Literal(text.literal());
        }
        Placeholder sole = text.sole();
        yield sole != null ? new Value(sole) : new Text(text);
      }
      case Map<?, ?> map -> {
        int n = map.size();
        String[] keys = new String[n];
        Node[] values = new Node[n];
        boolean literal = true;
        int i = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          keys[i] = (String) e.getKey();
          values[i] = compile(e.getValue(), JsonTrees.child(location, keys[i]), empty);
          literal &= values[i] instanceof Literal;
          i++;
        }
        if (!literal) {
          yield new ObjectNode(keys, values);
        }
        // Strings in it may have had escaped braces: keep the unescaped values.
        LinkedHashMap<String, Object> copy = LinkedHashMap.newLinkedHashMap(n);
        for (int k = 0; k < n; k++) {
          copy.put(keys[k], ((Literal) values[k]).value);
        }
        yield new Literal(Collections.unmodifiableMap(copy));
      }
      case List<?> list -> {
        Node[] items = new Node[list.size()];
        boolean literal = true;
        for (int i = 0; i < items.length; i++) {
          items[i] = compile(list.get(i), JsonTrees.child(location, Integer.toString(i)), empty);
          literal &= items[i] instanceof Literal;
        }
        if (!literal) {
          yield new ArrayNode(items);
        }
        List<Object> copy = new ArrayList<>(items.length);
        for (Node item : items) {
          copy.add(((Literal) item).value);
        }
        yield new Literal(Collections.unmodifiableList(copy));
      }
      case null, default -> new Literal(value);
    };
  }

  /** A value without placeholders, deep-immutable, returned as it is. */
  final class Literal implements Node {
    final Object value;

    Literal(Object value) {
      this.value = value;
    }

    @Override
    public Object render(Event event) {
      return value;
    }

    @Override
    public void write(JsonGenerator g, Event event) throws IOException {
      JsonTrees.write(g, value);
    }
  }

  /**
   * A string that is exactly {@code {path}} (or {@code {path|default}}, {@code {path:unix}}): the
   * value itself, with its JSON type.
   */
  final class Value implements Node {
    private final Placeholder placeholder;

    Value(Placeholder placeholder) {
      this.placeholder = placeholder;
    }

    @Override
    public Object render(Event event) {
      return placeholder.resolve(event);
    }

    @Override
    public void write(JsonGenerator g, Event event) throws IOException {
      JsonTrees.write(g, placeholder.resolve(event));
    }
  }

  /** A string with text around its placeholders, or with format specs: always a string. */
  final class Text implements Node {
    private final CompiledText text;

    Text(CompiledText text) {
      this.text = text;
    }

    @Override
    public Object render(Event event) {
      return text.render(event);
    }

    @Override
    public void write(JsonGenerator g, Event event) throws IOException {
      g.writeString(text.render(event));
    }
  }

  /** An object with placeholders somewhere below; keys are literal. */
  final class ObjectNode implements Node {
    private final String[] keys;
    private final SerializedString[] encodedKeys; // escaped once, not on every write
    private final Node[] values;

    ObjectNode(String[] keys, Node[] values) {
      this.keys = keys;
      this.values = values;
      this.encodedKeys = new SerializedString[keys.length];
      for (int i = 0; i < keys.length; i++) {
        encodedKeys[i] = new SerializedString(keys[i]);
      }
    }

    @Override
    public Object render(Event event) {
      LinkedHashMap<String, Object> out = LinkedHashMap.newLinkedHashMap(keys.length);
      for (int i = 0; i < keys.length; i++) {
        out.put(keys[i], values[i].render(event));
      }
      return Collections.unmodifiableMap(out);
    }

    @Override
    public void write(JsonGenerator g, Event event) throws IOException {
      g.writeStartObject();
      for (int i = 0; i < keys.length; i++) {
        g.writeFieldName(encodedKeys[i]);
        values[i].write(g, event);
      }
      g.writeEndObject();
    }
  }

  /** An array with placeholders somewhere below. */
  final class ArrayNode implements Node {
    private final Node[] items;

    ArrayNode(Node[] items) {
      this.items = items;
    }

    @Override
    public Object render(Event event) {
      List<Object> out = new ArrayList<>(items.length);
      for (Node item : items) {
        out.add(item.render(event));
      }
      return Collections.unmodifiableList(out);
    }

    @Override
    public void write(JsonGenerator g, Event event) throws IOException {
      g.writeStartArray();
      for (Node item : items) {
        item.write(g, event);
      }
      g.writeEndArray();
    }
  }
}
