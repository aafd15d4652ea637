package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.server.cli.HooklineCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoTest {
  @Test
  void demoShowsSignedDeliveriesARetryAndSkipReasons() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    int code = new Demo(out).run(Duration.ofMillis(200));

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(printed).contains("signature valid").doesNotContain("INVALID");
    assertThat(printed).contains("attempt 2");
    assertThat(printed).contains("(95%) for user_123");
    assertThat(printed).contains("slack: condition_false: when 'data.confidence > 0.85' is false");
    assertThat(printed.lines().filter(l -> l.contains("<- /")).count()).isEqualTo(6);
  }

  @Test
  void unknownCommandIsAUsageErrorAndHelpSucceeds() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int unknown = HooklineCommand.run(new PrintWriter(out), new PrintWriter(err), "nope");
    int help = HooklineCommand.run(new PrintWriter(out), new PrintWriter(err), "--help");

    assertThat(unknown).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument");
    assertThat(help).isZero();
    assertThat(out.toString()).contains("Usage: hookline").contains("demo");
  }
}
