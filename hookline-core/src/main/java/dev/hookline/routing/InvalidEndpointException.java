package dev.hookline.routing;

import dev.hookline.HooklineException;

/**
 * An endpoint definition that breaks the contract: a malformed id or URL, a missing pattern, a
 * non-positive timeout, a format without its required options, and so on. The message names the
 * endpoint (when known), the setting, what is wrong and, where it helps, the fix; {@link #field()}
 * gives the setting as its config key path ({@code timeout}, {@code retry_policy.max_attempts},
 * {@code filters.time_window.start_hour}) so config loaders can prefix their own location.
 */
public final class InvalidEndpointException extends HooklineException {
  private final String field;

  /** Creates an exception about {@code field}, a config key path such as {@code timeout}. */
  public InvalidEndpointException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** Creates an exception about {@code field} with the cause it wraps. */
  public InvalidEndpointException(String field, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /** The setting at fault as a config key path, e.g. {@code retry_policy.max_attempts}. */
  public String field() {
    return field;
  }
}
