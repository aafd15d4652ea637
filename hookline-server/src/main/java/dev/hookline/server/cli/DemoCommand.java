package dev.hookline.server.cli;

import dev.hookline.server.Demo;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hookline demo}: the embedded library demo, no server. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Embedded Hookline with a local receiver: events flow, signed, templated, filtered and"
            + " retried.")
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    return new Demo(new PrintStream(System.out, true)).run(Duration.ofSeconds(2));
  }
}
