package dev.hookline.format;

import dev.hookline.HooklineException;

/**
 * An event cannot be rendered in an endpoint's format (a template path is missing, an option the
 * event should supply is absent). The delivery ends dead with this message; nothing is sent.
 */
public class FormatException extends HooklineException {
  private static final long serialVersionUID = 1L;

  /** With a message naming the endpoint and what is missing. */
  public FormatException(String message) {
    super(message);
  }

  /** With a message and the cause. */
  public FormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
