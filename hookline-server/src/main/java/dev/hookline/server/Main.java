package dev.hookline.server;

import java.time.Duration;

/** The {@code hookline} command line entry point. */
public final class Main {
  private Main() {}

  /** Runs the command line; exits 0 on success, 1 on failure, 2 on a usage error. */
  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  static int run(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("demo")) {
      return new Demo(System.out).run(Duration.ofSeconds(2));
    }
    System.err.println(
        "usage: hookline demo\n\n"
            + "  demo   embedded Hookline with a local receiver: events flow, signed, templated,"
            + " filtered and retried\n\n"
            + "The server (hookline serve) and the rest of the CLI arrive with the server release.");
    return args.length == 0 || args[0].equals("--help") ? 0 : 2;
  }
}
