package dev.hookline.server;

import dev.hookline.server.cli.HooklineCommand;

/** The {@code hookline} command line entry point. */
public final class Main {
  private Main() {}

  /** Runs the command line; exits 0 on success, 1 on failure, 2 on a usage error. */
  public static void main(String[] args) {
    System.exit(HooklineCommand.run(args));
  }
}
