package dev.hookline.server.workflow;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CEL for a workflow's {@code when} steps: the variables are {@code inputs}, {@code steps} (each
 * step's {@code output}) and {@code event} (the triggering event, when an event triggered the run):
 * {@code inputs.event_type == "deployment" && steps.call.output.status == 200}.
 */
final class WorkflowCel {
  private static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .comprehensionMaxIterations(10_000)
          .build();

  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setOptions(OPTIONS)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addLibraries(CelExtensions.strings())
          .setResultType(SimpleType.BOOL)
          .addVar("inputs", MapType.create(SimpleType.STRING, SimpleType.DYN))
          .addVar("steps", MapType.create(SimpleType.STRING, SimpleType.DYN))
          .addVar("event", MapType.create(SimpleType.STRING, SimpleType.DYN))
          .build();

  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .setOptions(OPTIONS)
          .addLibraries(CelExtensions.strings())
          .build();

  private final String expression;
  private final CelRuntime.Program program;

  private WorkflowCel(String expression, CelRuntime.Program program) {
    this.expression = expression;
    this.program = program;
  }

  /** Compiles the expression; the exception names the problem and its position. */
  static WorkflowCel compile(String expression, String path) {
    try {
      CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
      return new WorkflowCel(expression, RUNTIME.createProgram(ast));
    } catch (CelValidationException e) {
      throw new WorkflowException(
          path + ": '" + expression + "' is not valid CEL: " + e.getMessage());
    } catch (CelEvaluationException e) {
      throw new WorkflowException(path + ": '" + expression + "' cannot run: " + e.getMessage());
    }
  }

  String expression() {
    return expression;
  }

  /** True or false; a failed evaluation throws with the reason. */
  boolean test(Map<String, Object> inputs, Map<String, Object> steps, Map<String, Object> event) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("inputs", toCel(inputs));
    vars.put("steps", toCel(steps));
    vars.put("event", toCel(event));
    try {
      Object result = program.eval(vars);
      if (result instanceof Boolean b) {
        return b;
      }
      throw new IllegalStateException("'" + expression + "' returned " + result + ", not a bool");
    } catch (CelEvaluationException e) {
      throw new IllegalStateException("'" + expression + "' failed: " + e.getMessage(), e);
    }
  }

  /** JSON-ish Java values as CEL wants them: longs, doubles, null as NullValue. */
  static Object toCel(Object v) {
    if (v == null) {
      return NullValue.NULL_VALUE;
    } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    } else if (v instanceof BigInteger b) {
      return b.longValue();
    } else if (v instanceof Float || v instanceof BigDecimal) {
      return ((Number) v).doubleValue();
    } else if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), toCel(x)));
      return out;
    } else if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(toCel(x)));
      return out;
    }
    return v;
  }
}
