package dev.hookline;

/**
 * The base of every exception Hookline throws. Subtypes name the failing thing (an endpoint id, a
 * config key path, a CEL expression and its position) and, where possible, the fix.
 *
 * <p>Unchecked: callers handle the cases they can recover from by subtype.
 */
public class HooklineException extends RuntimeException {
  /** Creates an exception with a message that names what is wrong. */
  public HooklineException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the cause it wraps. */
  public HooklineException(String message, Throwable cause) {
    super(message, cause);
  }
}
