package dev.hookline.server.cli;

import java.net.URI;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --server}, {@code --api-key} and {@code --json}: what every command that talks to a
 * running server takes.
 */
final class ServerOptions {
  /** Where {@code hookline serve} listens unless told otherwise. */
  static final String DEFAULT_SERVER = "http://127.0.0.1:8000";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--server",
      paramLabel = "URL",
      defaultValue = "${env:HOOKLINE_SERVER:-" + DEFAULT_SERVER + "}",
      description = "Hookline server. Default: $HOOKLINE_SERVER, else " + DEFAULT_SERVER + ".")
  String server;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      defaultValue = "${env:HOOKLINE_API_KEY}",
      description = "API key, sent as 'Authorization: Bearer KEY'. Default: $HOOKLINE_API_KEY.")
  String apiKey;

  @Option(names = "--json", description = "Print the server's JSON instead of a table.")
  boolean json;

  /**
   * A client for the server.
   *
   * @throws CommandLine.ParameterException if {@code --server} is not an http(s) URL
   */
  ApiClient client() {
    URI uri;
    try {
      uri = URI.create(server.strip());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--server '" + server + "' is not a URL");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--server '" + server + "' must be an http:// or https:// URL, e.g. " + DEFAULT_SERVER);
    }
    return new ApiClient(uri, Optional.ofNullable(apiKey).filter(k -> !k.isBlank()));
  }
}
