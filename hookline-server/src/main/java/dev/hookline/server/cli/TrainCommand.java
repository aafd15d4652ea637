package dev.hookline.server.cli;

import dev.hookline.server.AotTraining;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hookline aot-training} (hidden): see {@link AotTraining}; the launcher runs it. */
@Command(
    name = "aot-training",
    hidden = true,
    description = "Exercise the server once and exit (the launcher records a JDK AOT cache).")
final class TrainCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    return AotTraining.run() ? HooklineCommand.OK : HooklineCommand.FAILURE;
  }
}
