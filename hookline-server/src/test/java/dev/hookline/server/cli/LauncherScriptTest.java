package dev.hookline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code scripts/java-home.sh}, which {@code ./hookline} and {@code ./test} source (#19.6). */
class LauncherScriptTest {
  static final Path SCRIPT = Path.of("..", "scripts", "java-home.sh").toAbsolutePath().normalize();

  /** Sources the script in bash with {@code env}, runs {@code command}, returns its output. */
  static String bash(Map<String, String> env, String command)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-c", ". \"$0\" && " + command, SCRIPT.toString())
            .redirectErrorStream(true);
    pb.environment().remove("HOOKLINE_JAVA_OPTS");
    pb.environment().remove("_HOOKLINE_USER_JAVA_OPTS");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void usersJavaOptionsReachTheJvmTheLauncherStarts() throws Exception {
    assertThat(Files.isRegularFile(SCRIPT)).isTrue();
    // The same command line as ./hookline's: "$JAVA_HOME/bin/java" $HOOKLINE_JAVA_OPTS ...
    String out =
        bash(
            Map.of("HOOKLINE_JAVA_OPTS", "-Dhookline.user.option=kept -Xmx123m"),
            "\"$JAVA_HOME/bin/java\" $HOOKLINE_JAVA_OPTS -XshowSettings:properties -version");

    assertThat(out).contains("hookline.user.option = kept");
  }

  @Test
  void sourcingTwiceKeepsOneCopyOfEachOption() throws Exception {
    String out =
        bash(
            Map.of("HOOKLINE_JAVA_OPTS", "-Dx=1"),
            ". \"$0\" && printf '%s|%s' \"$HOOKLINE_JAVA_OPTS\" \"$MAVEN_OPTS\"");

    String[] parts = out.trim().split("\\|", -1);
    assertThat(parts[0]).endsWith(" -Dx=1").startsWith("--enable-native-access=ALL-UNNAMED");
    assertThat(parts[0].split("-Dx=1", -1)).hasSize(2);
    assertThat(parts[0].split("--enable-native-access", -1)).hasSize(2);
    assertThat(parts[1].split("--sun-misc-unsafe-memory-access", -1).length).isLessThanOrEqualTo(2);
  }

  @Test
  void withoutUserOptionsOnlyOursAreSet() throws Exception {
    String out = bash(Map.of(), "printf '%s' \"$HOOKLINE_JAVA_OPTS\"");

    assertThat(out.trim()).startsWith("--enable-native-access=ALL-UNNAMED").doesNotContain("  ");
  }
}
