package dev.hookline.format;

/**
 * A look-up a format needs before it can render (Jira's user search for an {@code assignee} given
 * as a name or e-mail) failed. {@link #retryable()} says whether trying again may help (the service
 * answered 408, 429 or 5xx, or did not answer): the delivery is then retried on its schedule, else
 * it ends dead with the message.
 */
public final class LookupException extends FormatException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  LookupException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether the look-up may succeed later. */
  public boolean retryable() {
    return retryable;
  }
}
