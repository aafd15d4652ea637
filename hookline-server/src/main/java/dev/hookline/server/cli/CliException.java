package dev.hookline.server.cli;

import dev.hookline.HooklineException;

/**
 * A command failed for a reason the user can act on (a server error, an unreachable server). The
 * top command prints {@code hookline: <message>} and exits 1; no stack trace.
 */
final class CliException extends HooklineException {
  CliException(String message) {
    super(message);
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
