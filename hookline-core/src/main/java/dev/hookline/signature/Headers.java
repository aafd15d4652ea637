package dev.hookline.signature;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Header plumbing shared by the schemes: case-insensitive lookup and ordered results. */
final class Headers {
  private Headers() {}

  /**
   * A case-insensitive lookup over a map of header lists, as servlet containers, the JDK HTTP
   * client and Jetty hand them out. Takes the first value of the first matching name.
   */
  static Function<String, Optional<String>> lookup(Map<String, List<String>> headers) {
    return name -> {
      for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
        String key = entry.getKey();
        List<String> values = entry.getValue();
        // HttpURLConnection puts the status line under a null key.
        if (key != null && key.equalsIgnoreCase(name) && values != null && !values.isEmpty()) {
          return Optional.ofNullable(values.get(0));
        }
      }
      return Optional.empty();
    };
  }

  /**
   * The stripped value of a header, empty when absent or blank. Tolerates a lookup that returns
   * null instead of an empty Optional.
   */
  static Optional<String> get(Function<String, Optional<String>> lookup, String name) {
    Optional<String> value = lookup.apply(name);
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    String stripped = value.get().strip();
    return stripped.isEmpty() ? Optional.empty() : Optional.of(stripped);
  }

  /** An unmodifiable map that iterates in the order given: name, value, name, value, ... */
  static Map<String, String> ordered(String... namesAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  /** The failure for an absent header. */
  static Verification missing(String name) {
    return Verification.failure(Verification.Reason.MISSING_HEADER, "missing header " + name);
  }

  /** The failure for a header in the wrong format. */
  static Verification malformed(String name, String what) {
    return Verification.failure(
        Verification.Reason.MALFORMED_HEADER, "header " + name + " is malformed: " + what);
  }
}
