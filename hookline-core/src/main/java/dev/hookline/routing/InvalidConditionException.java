package dev.hookline.routing;

import dev.hookline.HooklineException;

/**
 * A {@code when} condition that does not compile: a syntax error, an undeclared variable, a type
 * error, or an expression whose result is not a {@code bool}. The message quotes the expression,
 * gives the position of the first error (1-based line and column) and points at it.
 *
 * <p>Evaluation failures of a condition that compiled (a missing key, a type mismatch at run time)
 * are not exceptions: the condition counts as not matching and the reason goes to the skip log.
 */
public final class InvalidConditionException extends HooklineException {
  private final String expression;
  private final int line;
  private final int column;

  InvalidConditionException(String expression, int line, int column, String message) {
    super(message);
    this.expression = expression;
    this.line = line;
    this.column = column;
  }

  /** The expression as written. */
  public String expression() {
    return expression;
  }

  /** The 1-based line of the first error. */
  public int line() {
    return line;
  }

  /** The 1-based column of the first error. */
  public int column() {
    return column;
  }

  /** The same error with {@code context} (such as {@code endpoint 'ops': }) before the message. */
  InvalidConditionException withContext(String context) {
    InvalidConditionException e =
        new InvalidConditionException(expression, line, column, context + getMessage());
    e.setStackTrace(getStackTrace());
    return e;
  }
}
