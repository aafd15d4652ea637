package dev.hookline.routing;

import dev.cel.common.CelOptions;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelVariableResolver;
import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one CEL environment every condition is compiled in and run with (building it is costly; the
 * compiler and runtime are immutable and thread-safe, so they are shared). Loaded on first use, so
 * routers without conditions never pay for it.
 */
final class CelEnvironment {
  private CelEnvironment() {}

  /** The variables, their CEL types, in the order the docs list them. */
  static final Map<String, CelType> VARIABLES = declarations();

  private static final CelOptions OPTIONS =
      CelOptions.current()
          // data.count > 5.5 with count a JSON integer (Long) must work: JSON has one number type.
          .enableHeterogeneousNumericComparisons(true)
          // A condition runs for every routed event: bound runaway comprehensions.
          .comprehensionMaxIterations(10_000)
          .build();

  static final CelCompiler COMPILER = compiler();

  static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .setOptions(OPTIONS)
          .addLibraries(CelExtensions.strings())
          .build();

  private static Map<String, CelType> declarations() {
    Map<String, CelType> v = new LinkedHashMap<>();
    v.put("id", SimpleType.STRING);
    v.put("type", SimpleType.STRING);
    v.put("timestamp", SimpleType.TIMESTAMP);
    v.put("source", SimpleType.STRING);
    v.put("subject", SimpleType.STRING);
    v.put("severity", SimpleType.STRING);
    v.put("tags", ListType.create(SimpleType.STRING));
    v.put("user_id", SimpleType.STRING);
    v.put("platform", SimpleType.STRING);
    v.put("data", MapType.create(SimpleType.STRING, SimpleType.DYN));
    v.put("metadata", MapType.create(SimpleType.STRING, SimpleType.DYN));
    v.put("now", SimpleType.TIMESTAMP);
    return Collections.unmodifiableMap(v);
  }

  private static CelCompiler compiler() {
    CelCompilerBuilder b =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelExtensions.strings())
            .setResultType(SimpleType.BOOL);
    VARIABLES.forEach(b::addVar);
    return b.build();
  }

  /**
   * The {@link #variables} of {@code event} as a resolver, for {@code Program.eval}. CEL copies a
   * {@code Map} given to {@code eval} into a new immutable map on every call (streams, entries, a
   * hash table: about half of what one evaluation allocated); a resolver is used as is, so one
   * binding serves every condition the event is routed through. Each value is wrapped in its {@code
   * Optional} here, once, so lookups allocate nothing. (The map path also dropped null values and
   * widened top-level {@code Integer} and {@code Float}; {@link #variables} binds none.)
   */
  static CelVariableResolver resolver(Event event, Instant now) {
    Map<String, Object> values = variables(event, now);
    Map<String, Optional<Object>> found = HashMap.newHashMap(values.size());
    values.forEach((name, value) -> found.put(name, Optional.of(value)));
    return name -> found.getOrDefault(name, Optional.empty());
  }

  /**
   * Binds every declared variable for {@code event}. Absent fields follow the path rule (the event
   * field, else the same key in {@code data} when it has the declared type) and are otherwise bound
   * to an empty value, so that {@code platform == "discord"} and {@code "x" in tags} are simply
   * false; {@code severity} counts as {@code "info"}, as in filters.
   */
  static Map<String, Object> variables(Event event, Instant now) {
    Map<String, Object> data = event.data();
    Map<String, Object> v = HashMap.newHashMap(VARIABLES.size());
    v.put("id", event.id());
    v.put("type", event.type());
    v.put("timestamp", event.timestamp());
    v.put("source", string(event.source(), data, "source", ""));
    v.put("subject", string(event.subject(), data, "subject", ""));
    v.put("severity", string(event.severity().map(Severity::wireName), data, "severity", "info"));
    v.put("tags", tags(event));
    v.put("user_id", string(event.userId(), data, "user_id", ""));
    v.put("platform", string(event.platform(), data, "platform", ""));
    v.put("data", toCel(data));
    v.put(
        "metadata",
        toCel(
            !event.metadata().isEmpty()
                ? event.metadata()
                : data.get("metadata") instanceof Map<?, ?> m ? m : Map.of()));
    v.put("now", now);
    return v;
  }

  private static String string(
      Optional<String> own, Map<String, Object> data, String key, String absent) {
    return own.orElseGet(() -> data.get(key) instanceof String s ? s : absent);
  }

  private static List<?> tags(Event event) {
    if (!event.tags().isEmpty()) {
      return event.tags();
    }
    if (event.data().get("tags") instanceof List<?> list
        && list.stream().allMatch(t -> t instanceof String)) {
      return list;
    }
    return List.of();
  }

  /**
   * Converts event values to ones CEL accepts: JSON null to CEL {@code null}, and big numbers
   * (outside the {@code int} range, or {@code BigDecimal}) to {@code double}. Returns the same
   * instance when nothing changes, which is the common case.
   */
  static Object toCel(Object value) {
    return switch (value) {
      case null -> NullValue.NULL_VALUE;
      case BigInteger b -> b.doubleValue();
      case BigDecimal b -> b.doubleValue();
      case Map<?, ?> m -> {
        Map<Object, Object> copy = null;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          Object converted = toCel(e.getValue());
          if (converted != e.getValue() && copy == null) {
            copy = new LinkedHashMap<>(m);
          }
          if (copy != null) {
            copy.put(e.getKey(), converted);
          }
        }
        yield copy != null ? copy : m;
      }
      case List<?> l -> {
        List<Object> copy = null;
        for (int i = 0; i < l.size(); i++) {
          Object converted = toCel(l.get(i));
          if (converted != l.get(i) && copy == null) {
            copy = new ArrayList<>(l);
          }
          if (copy != null) {
            copy.set(i, converted);
          }
        }
        yield copy != null ? copy : l;
      }
      default -> value;
    };
  }
}
