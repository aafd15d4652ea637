package dev.hookline.routing;

import dev.hookline.HooklineException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An endpoint definition that breaks the contract: a malformed id or URL, a missing pattern, a
 * non-positive timeout, a format without its required options, and so on. The message names the
 * endpoint (when known), the setting, what is wrong and, where it helps, the fix; {@link #field()}
 * gives the setting as its config key path ({@code timeout}, {@code retry_policy.max_attempts},
 * {@code filters.time_window.start_hour}) so config loaders can prefix their own location.
 */
public final class InvalidEndpointException extends HooklineException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final transient List<InvalidEndpointException> problems;

  /** Creates an exception about {@code field}, a config key path such as {@code timeout}. */
  public InvalidEndpointException(String field, String message) {
    super(message);
    this.field = field;
    this.problems = List.of(this);
  }

  /** Creates an exception about {@code field} with the cause it wraps. */
  public InvalidEndpointException(String field, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
    this.problems = List.of(this);
  }

  private InvalidEndpointException(List<InvalidEndpointException> problems) {
    super(
        problems.stream()
            .map(InvalidEndpointException::getMessage)
            .collect(Collectors.joining("; ")));
    this.field = problems.get(0).field;
    this.problems = List.copyOf(problems);
  }

  /**
   * One exception for several problems of one endpoint: its field is the first one's, its message
   * every message joined by {@code "; "}, and {@link #problems()} lists them.
   *
   * @throws IllegalArgumentException when {@code problems} is empty
   */
  public static InvalidEndpointException all(List<InvalidEndpointException> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("no problems");
    }
    return problems.size() == 1 ? problems.get(0) : new InvalidEndpointException(problems);
  }

  /** Every problem this exception reports, each with its own field; just this one for most. */
  public List<InvalidEndpointException> problems() {
    return problems;
  }

  /** The setting at fault as a config key path, e.g. {@code retry_policy.max_attempts}. */
  public String field() {
    return field;
  }
}
