package dev.hookline.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level {@code hookline} command. Exit codes: 0 success, 1 failure, 2 usage error.
 * Subcommands are listed here and nowhere else.
 */
@Command(
    name = "hookline",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Webhook and event integration for the JVM.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ServeCommand.class,
      DemoCommand.class,
      SignCommand.class,
      VerifyCommand.class,
      KeygenCommand.class,
      SecretsCommand.class,
      ListenCommand.class,
      SendCommand.class,
      EndpointsCommand.class,
      DeliveriesCommand.class,
      RetryCommand.class,
      ReplayCommand.class,
      LogsCommand.class,
      TrainCommand.class
    })
public final class HooklineCommand implements Callable<Integer> {
  /** Exit code of a command that did what was asked. */
  public static final int OK = 0;

  /** Exit code of a command that failed (a signature that does not verify, a server error). */
  public static final int FAILURE = 1;

  /** Exit code of a usage error (unknown option, missing argument). */
  public static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return OK;
  }

  /** Runs {@code hookline} with these arguments on the process's standard streams. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs {@code hookline} with these arguments, writing to the given streams (for tests). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return commandLine(out, err).execute(args);
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new HooklineCommand());
    // "@file" is data here (send --data @event.json, as with curl), not picocli's argument file.
    cli.setExpandAtFiles(false);
    cli.setOut(out);
    cli.setErr(err);
    // Usage errors: the message and where to find help, not the whole usage text.
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine failed = e.getCommandLine();
          PrintWriter printer = failed.getErr();
          String message = e.getMessage();
          printer.println(
              "hookline: " + (message.startsWith("Error: ") ? message.substring(7) : message));
          if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, printer)) {
            printer.println(
                "Try '"
                    + failed.getCommandSpec().qualifiedName()
                    + " --help' for more information.");
          }
          printer.flush();
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("hookline: " + e.getMessage());
          return FAILURE;
        });
    return cli;
  }
}
