package dev.hookline.event;

import dev.hookline.HooklineException;

/**
 * An event that breaks the contract: a missing or malformed {@code type}, {@code data} that is not
 * a JSON object, an unknown {@code severity}, an id with a {@code .} in it, or JSON that does not
 * parse. The message names the field and what is wrong with it.
 */
public final class InvalidEventException extends HooklineException {
  private final String field;

  /** Creates an exception about {@code field} ({@code ""} when it concerns the whole event). */
  public InvalidEventException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** Creates an exception with its cause, for JSON that does not parse. */
  public InvalidEventException(String field, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /**
   * The event field at fault, such as {@code type} or {@code data}, or {@code ""} for the whole
   * event.
   */
  public String field() {
    return field;
  }
}
