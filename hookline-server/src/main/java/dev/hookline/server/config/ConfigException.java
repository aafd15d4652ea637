package dev.hookline.server.config;

import dev.hookline.HooklineException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * A configuration file that does not load: YAML that does not parse, an unknown key, a value of the
 * wrong type, a missing environment variable, a reference to an endpoint that does not exist. Every
 * problem found in one pass is listed ({@link #problems()}), each with its key path ({@code
 * endpoints[1].retry_policy.max_attempt}), its line when known, and the fix:
 *
 * <pre>
 * hookline.yaml: line 14: endpoints[1].retry_policy.max_attempt: unknown key; did you mean max_attempts?
 * </pre>
 */
public final class ConfigException extends HooklineException {
  private final Optional<String> file;
  private final List<Problem> problems;

  /**
   * Creates an exception listing {@code problems} (at least one) found in {@code file}, a name for
   * messages such as {@code hookline.yaml}, or empty when the text came from elsewhere.
   */
  public ConfigException(Optional<String> file, List<Problem> problems) {
    super(message(file, problems));
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  /** The file the problems are in, as named to the loader, if the text came from a file. */
  public Optional<String> file() {
    return file;
  }

  /** Every problem found, in file order of the sections; at least one. */
  public List<Problem> problems() {
    return problems;
  }

  private static String message(Optional<String> file, List<Problem> problems) {
    Objects.requireNonNull(file, "file");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    String where = file.map(f -> f + ": ").orElse("");
    if (problems.size() == 1) {
      return where + problems.get(0);
    }
    return where
        + problems.size()
        + " problems:"
        + problems.stream().map(p -> "\n  " + p).collect(Collectors.joining());
  }

  /**
   * One problem.
   *
   * @param path the key path, such as {@code sources.github.secret} or {@code endpoints[0].url};
   *     empty for the document as a whole
   * @param line the 1-based line of the key (or of the nearest enclosing key), when known
   * @param message what is wrong and, where possible, the fix
   */
  public record Problem(String path, OptionalInt line, String message) {
    /** Checks the components. */
    public Problem {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(line, "line");
      Objects.requireNonNull(message, "message");
    }

    /** {@code line 14: endpoints[1].url: message}. */
    @Override
    public String toString() {
      return (line.isPresent() ? "line " + line.getAsInt() + ": " : "")
          + (path.isEmpty() ? "" : path + ": ")
          + message;
    }
  }
}
