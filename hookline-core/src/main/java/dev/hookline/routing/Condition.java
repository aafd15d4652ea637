package dev.hookline.routing;

import dev.cel.common.CelIssue;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationResult;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.hookline.event.Event;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An endpoint's {@code when} condition: a <a href="https://cel.dev">CEL</a> expression over the
 * event that must be {@code true} for the endpoint to take it, such as {@code data.confidence >
 * 0.85 && "security" in tags}.
 *
 * <p>Variables:
 *
 * <table>
 *   <caption>CEL variables</caption>
 *   <tr><th>name</th><th>CEL type</th><th>when the event lacks it</th></tr>
 *   <tr><td>{@code id}, {@code type}</td><td>string</td><td>(always present)</td></tr>
 *   <tr><td>{@code timestamp}</td><td>timestamp</td><td>(always present)</td></tr>
 *   <tr><td>{@code source}, {@code subject}, {@code user_id}, {@code platform}</td><td>string</td>
 *       <td>{@code data}'s string of that name, else {@code ""}</td></tr>
 *   <tr><td>{@code severity}</td><td>string ({@code debug} ... {@code critical})</td>
 *       <td>{@code data.severity} when a string, else {@code "info"}</td></tr>
 *   <tr><td>{@code tags}</td><td>list(string)</td>
 *       <td>{@code data.tags} when a list of strings, else {@code []}</td></tr>
 *   <tr><td>{@code data}</td><td>map(string, dyn)</td><td>(always present)</td></tr>
 *   <tr><td>{@code metadata}</td><td>map(string, dyn)</td>
 *       <td>{@code data.metadata} when an object, else {@code {}}</td></tr>
 *   <tr><td>{@code now}</td><td>timestamp</td><td>the routing time (the router's clock)</td></tr>
 * </table>
 *
 * <p>So {@code platform == "discord"} is simply false for an event without a platform, and {@code
 * "security" in tags} is false for an event without tags. The standard macros ({@code has}, {@code
 * exists}, {@code all}, {@code map}, {@code filter}) and the CEL string extensions ({@code
 * lowerAscii}, {@code split}, ...) are available. JSON integers and decimals compare with each
 * other ({@code data.count > 5.5}); mixing them in arithmetic needs {@code double(...)}. Business
 * hours read {@code now.getHours("Europe/Paris") >= 9}.
 *
 * <p>The expression is parsed and type-checked once, by {@link #cel}; it must yield a {@code bool}.
 * Evaluation that fails (a missing key such as {@code data.confidence} on an event without it, a
 * comparison of a string with a number) is not an exception: the condition does not match, and
 * {@link Evaluation#error()} says why. Use {@code has(data.confidence) && data.confidence > 0.85}
 * to make a missing key a plain {@code false}.
 *
 * <p>Immutable and thread-safe; equal when the expressions are equal.
 */
public final class Condition {
  private static final Pattern EVAL_ERROR =
      Pattern.compile("evaluation error at [^:]*:(\\d+): (.*)", Pattern.DOTALL);

  private final String expression;
  private final CelRuntime.Program program;

  private Condition(String expression, CelRuntime.Program program) {
    this.expression = expression;
    this.program = program;
  }

  /**
   * Compiles a CEL expression.
   *
   * @throws InvalidConditionException when it does not parse, uses an undeclared variable or
   *     function, does not type-check, or does not yield a {@code bool}; the message gives the line
   *     and column of the first error
   */
  public static Condition cel(String expression) {
    Objects.requireNonNull(expression, "expression");
    if (expression.isBlank()) {
      throw new InvalidConditionException(
          expression, 1, 1, "invalid CEL condition '': the expression is empty");
    }
    CelValidationResult result = CelEnvironment.COMPILER.compile(expression);
    if (result.hasError()) {
      throw compileError(expression, result.getErrors());
    }
    try {
      return new Condition(expression, CelEnvironment.RUNTIME.createProgram(result.getAst()));
    } catch (Exception e) { // CelValidationException, CelEvaluationException: not expected here
      throw new InvalidConditionException(
          expression, 1, 1, "invalid CEL condition '" + expression + "': " + e.getMessage());
    }
  }

  /** The expression as written. */
  public String expression() {
    return expression;
  }

  /** Evaluates the condition for {@code event}, with {@code now} bound to the current time. */
  public Evaluation evaluate(Event event) {
    return evaluate(event, Instant.now());
  }

  /**
   * Evaluates the condition for {@code event}, with {@code now} bound to {@code now}. Never throws.
   */
  public Evaluation evaluate(Event event, Instant now) {
    return evaluate(RoutingContext.at(event, now));
  }

  /** True when the condition holds for {@code event}; false when it does not or fails. */
  public boolean test(Event event) {
    return evaluate(event).matched();
  }

  Evaluation evaluate(RoutingContext ctx) {
    Object result;
    try {
      result = program.eval(ctx.celVariables());
    } catch (CelEvaluationException e) {
      return Evaluation.failed(describe(e));
    } catch (RuntimeException e) { // a defect or an odd value inside CEL: still only a skip
      return Evaluation.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    if (result instanceof Boolean b) {
      return b ? Evaluation.TRUE : Evaluation.FALSE;
    }
    return Evaluation.failed(
        "returned " + Values.describe(result) + " (" + typeName(result) + "), not a bool");
  }

  private String describe(CelEvaluationException e) {
    String message = String.valueOf(e.getMessage());
    Matcher m = EVAL_ERROR.matcher(message);
    if (!m.matches()) {
      return message;
    }
    String reason = m.group(2).strip();
    if (reason.endsWith(".")) {
      reason = reason.substring(0, reason.length() - 1);
    }
    int offset = Integer.parseInt(m.group(1));
    return reason + " (" + position(expression, offset) + ")";
  }

  /** "column 5", or "line 2, column 3" for multi-line expressions. */
  private static String position(String expression, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < Math.min(offset, expression.length()); i++) {
      if (expression.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int column = offset - lineStart + 1;
    return expression.indexOf('\n') < 0
        ? "column " + column
        : "line " + line + ", column " + column;
  }

  private static String typeName(Object v) {
    return switch (v) {
      case null -> "null";
      case Long l -> "int";
      case Double d -> "double";
      case String s -> "string";
      case Map<?, ?> m -> "map";
      case List<?> l -> "list";
      default -> v.getClass().getSimpleName();
    };
  }

  private static InvalidConditionException compileError(String expression, List<CelIssue> errors) {
    CelIssue first = errors.get(0);
    CelSourceLocation at = first.getSourceLocation();
    int line = Math.max(at.getLine(), 1);
    int column = Math.max(at.getColumn(), 0) + 1;
    StringBuilder message =
        new StringBuilder("invalid CEL condition '")
            .append(expression)
            .append("' at line ")
            .append(line)
            .append(", column ")
            .append(column)
            .append(": ")
            .append(first.getMessage());
    if (errors.size() > 1) {
      message.append(" (and ").append(errors.size() - 1).append(" more)");
    }
    String[] lines = expression.split("\n", -1);
    if (at.getLine() >= 1 && at.getLine() <= lines.length) {
      message
          .append("\n | ")
          .append(lines[line - 1])
          .append("\n | ")
          .append(" ".repeat(column - 1))
          .append('^');
    }
    return new InvalidConditionException(expression, line, column, message.toString());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Condition other && other.expression.equals(expression);
  }

  @Override
  public int hashCode() {
    return expression.hashCode();
  }

  /** The expression as written. */
  @Override
  public String toString() {
    return expression;
  }

  /**
   * The outcome of one evaluation.
   *
   * @param matched true when the expression yielded {@code true}
   * @param error why evaluation failed (a missing key, a type mismatch), when it did; then {@code
   *     matched} is false
   */
  public record Evaluation(boolean matched, Optional<String> error) {
    static final Evaluation TRUE = new Evaluation(true, Optional.empty());
    static final Evaluation FALSE = new Evaluation(false, Optional.empty());

    /** Checks that a failed evaluation does not match. */
    public Evaluation {
      Objects.requireNonNull(error, "error");
      if (matched && error.isPresent()) {
        throw new IllegalArgumentException("a failed evaluation cannot match");
      }
    }

    static Evaluation failed(String reason) {
      return new Evaluation(false, Optional.of(reason));
    }

    /** True when evaluation failed rather than yielding {@code false}. */
    public boolean failed() {
      return error.isPresent();
    }
  }
}
