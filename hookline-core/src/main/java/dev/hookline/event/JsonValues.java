package dev.hookline.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deep-immutable, normalised copies of JSON-like values. Already-frozen values are returned as they
 * are, so copying an event's data into another event costs nothing.
 */
final class JsonValues {
  private JsonValues() {}

  static Map<String, Object> immutableObject(Map<String, ?> map, String path) {
    if (map instanceof FrozenMap frozen) {
      return frozen;
    }
    return freezeMap(map, path);
  }

  private static FrozenMap freezeMap(Map<?, ?> map, String path) {
    LinkedHashMap<String, Object> copy = LinkedHashMap.newLinkedHashMap(map.size());
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new InvalidEventException(
            path, "field '" + path + "' has a non-string key '" + e.getKey() + "'");
      }
      copy.put(key, freeze(e.getValue(), path + "." + key));
    }
    return new FrozenMap(Collections.unmodifiableMap(copy));
  }

  static Object freeze(Object value, String path) {
    return switch (value) {
      case null -> null;
      case String s -> s;
      case Boolean b -> b;
      case Long l -> l;
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case Double d -> d;
      case Float f -> f.doubleValue();
      case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : b;
      case BigDecimal b -> b;
      case CharSequence cs -> cs.toString();
      case Enum<?> e -> e.name();
      case FrozenMap m -> m;
      case FrozenList l -> l;
      case Map<?, ?> m -> freezeMap(m, path);
      case Collection<?> c -> freezeList(c, path);
      case Object[] a -> freezeList(List.of(a), path);
      case JsonNode n -> freeze(EventJson.MAPPER.convertValue(n, Object.class), path);
      default ->
          throw new InvalidEventException(
              path,
              "field '"
                  + path
                  + "' holds a "
                  + value.getClass().getName()
                  + "; use JSON-like values (String, Number, Boolean, List, Map)");
    };
  }

  private static FrozenList freezeList(Collection<?> c, String path) {
    List<Object> copy = new ArrayList<>(c.size());
    int i = 0;
    for (Object o : c) {
      copy.add(freeze(o, path + "." + i++));
    }
    return new FrozenList(copy);
  }

  /** An unmodifiable map known to hold only frozen values. */
  static final class FrozenMap extends AbstractMap<String, Object> {
    private final Map<String, Object> delegate;

    FrozenMap(Map<String, Object> delegate) {
      this.delegate = delegate;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return delegate.entrySet();
    }

    @Override
    public Object get(Object key) {
      return delegate.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return delegate.containsKey(key);
    }

    @Override
    public int size() {
      return delegate.size();
    }
  }

  /** An unmodifiable list known to hold only frozen values. */
  static final class FrozenList extends AbstractList<Object> {
    private final List<Object> delegate;

    FrozenList(List<Object> delegate) {
      this.delegate = delegate;
    }

    @Override
    public Object get(int index) {
      return delegate.get(index);
    }

    @Override
    public int size() {
      return delegate.size();
    }
  }
}
