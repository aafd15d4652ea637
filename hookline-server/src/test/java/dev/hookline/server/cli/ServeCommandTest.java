package dev.hookline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void configWithAnUnknownKeyExits1NamingItsPathAndLine() throws Exception {
    Path config = dir.resolve("hookline.yaml");
    Files.writeString(config, "server:\n  port: 0\n  max_body: 10\n");

    Cli result = Cli.run("serve", "--config", config.toString());

    assertThat(result.code()).as(result.toString()).isEqualTo(1);
    assertThat(result.err())
        .contains("server.max_body")
        .contains("line 3")
        .contains("max_body_bytes");
  }

  @Test
  void aotTrainingDeliversEveryEventItSentAndExits0() {
    // The launcher records the JDK start-up cache from this run; it must finish on its own.
    Cli result = Cli.run("aot-training");

    assertThat(result.code()).as(result.toString()).isZero();
  }

  @Test
  void missingConfigFileExits1() {
    Cli result = Cli.run("serve", "--config", dir.resolve("nope.yaml").toString());

    assertThat(result.code()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).contains("nope.yaml");
  }

  @Test
  void nonLoopbackWithoutKeysExits1() {
    Cli result =
        Cli.run(
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            "0",
            "--store",
            "jdbc:sqlite:" + dir.resolve("h.db"));

    assertThat(result.code()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).contains("without API keys");
  }

  @Test
  void anEndpointWithoutASecretIsToldTheConfigKeysNotTheJavaMethods() throws Exception {
    Path config = dir.resolve("hookline.yaml");
    Files.writeString(
        config,
        "server: {port: 0}\nstore: {url: \"jdbc:sqlite:%s\"}\nendpoints:\n  - {id: ops, url: https://a.example/h, events: [\"*\"]}\n"
            .formatted(dir.resolve("h.db")));

    Cli result = Cli.run("serve", "--config", config.toString());

    assertThat(result.code()).as(result.toString()).isEqualTo(1);
    assertThat(result.err())
        .contains("endpoint 'ops' has no signing secret")
        .contains("signing.secret")
        .contains("signature: {scheme: none}")
        .doesNotContain("builder()")
        .doesNotContain("(...)");
  }

  @Test
  void badPortIsAUsageError() {
    assertThat(Cli.run("serve", "--port", "eighty").code()).isEqualTo(2);
  }
}
