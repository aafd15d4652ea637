package dev.hookline.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code hookline} in-process, capturing what it prints. */
record Cli(int code, String out, String err) {
  static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = HooklineCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Cli(code, out.toString(), err.toString());
  }

  static Cli run(List<String> args) {
    return run(args.toArray(String[]::new));
  }

  /** The printed lines of stdout. */
  List<String> lines() {
    return out.lines().toList();
  }

  /** Each {@code Name: value} stdout line as a {@code --header} argument pair. */
  List<String> asHeaderArgs() {
    List<String> args = new ArrayList<>();
    for (String line : lines()) {
      args.add("--header");
      args.add(line);
    }
    return args;
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
  }
}
