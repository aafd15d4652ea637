package dev.hookline.routing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JSON-like value helpers shared by filters and endpoint options. */
final class Values {
  private Values() {}

  /** Normalises a scalar the way events hold them: integers as Long, floats as Double. */
  static Object normalise(Object v) {
    return switch (v) {
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case Float f -> f.doubleValue();
      case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : b;
      case CharSequence cs -> cs.toString();
      default -> v;
    };
  }

  /** Deep, unmodifiable copy of a JSON-like tree (nulls kept); {@code path} names it in errors. */
  static Object deepCopy(Object v, String path) {
    return switch (v) {
      case null -> null;
      case String s -> s;
      case Boolean b -> b;
      case Number n -> normalise(n);
      case CharSequence cs -> cs.toString();
      case Map<?, ?> m -> deepCopyMap(m, path);
      case Collection<?> c -> {
        List<Object> out = new ArrayList<>(c.size());
        int i = 0;
        for (Object o : c) {
          out.add(deepCopy(o, path + "." + i++));
        }
        yield Collections.unmodifiableList(out);
      }
      default ->
          throw new InvalidEndpointException(
              path,
              path
                  + " holds a "
                  + v.getClass().getName()
                  + "; use JSON-like values (String, Number, Boolean, List, Map)");
    };
  }

  static Map<String, Object> deepCopyMap(Map<?, ?> m, String path) {
    LinkedHashMap<String, Object> out = LinkedHashMap.newLinkedHashMap(m.size());
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new InvalidEndpointException(
            path, path + " has a non-string key '" + e.getKey() + "'");
      }
      out.put(key, deepCopy(e.getValue(), path + "." + key));
    }
    return Collections.unmodifiableMap(out);
  }

  /** The value as an exact decimal: numbers, and strings that parse as numbers. */
  static Optional<BigDecimal> decimal(Object v) {
    try {
      return switch (v) {
        case Long l -> Optional.of(BigDecimal.valueOf(l));
        case Integer i -> Optional.of(BigDecimal.valueOf(i));
        case Double d ->
            d.isNaN() || d.isInfinite() ? Optional.empty() : Optional.of(BigDecimal.valueOf(d));
        case Float f -> decimal(f.doubleValue());
        case BigDecimal b -> Optional.of(b);
        case BigInteger b -> Optional.of(new BigDecimal(b));
        case Number n -> decimal(n.doubleValue());
        case String s -> s.isBlank() ? Optional.empty() : Optional.of(new BigDecimal(s.strip()));
        default -> Optional.empty();
      };
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** JSON equality: numbers compare by value ({@code 5 == 5.0}), everything else by equals. */
  static boolean jsonEquals(Object a, Object b) {
    if (a instanceof Number && b instanceof Number) {
      Optional<BigDecimal> x = decimal(a);
      Optional<BigDecimal> y = decimal(b);
      return x.isPresent() && y.isPresent() && x.get().compareTo(y.get()) == 0;
    }
    return a.equals(b);
  }

  /** A short, quoted rendering of a value for skip details. */
  static String describe(Object v) {
    String s = v instanceof String str ? "'" + str + "'" : String.valueOf(v);
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
