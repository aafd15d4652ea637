package dev.hookline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hookline.server.config.ConfigException.Problem;
import dev.hookline.server.config.HooklineConfig.SecretSettings;
import dev.hookline.store.SecretKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code secrets} section: key files, relative to the config file, checked at load. */
class SecretsConfigTest {
  @TempDir Path dir;

  private HooklineConfig parse(String yaml) {
    return HooklineConfig.parse(yaml, Map.of(), dir);
  }

  private List<Problem> problems(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> parse(yaml)).problems();
  }

  @Test
  void keyFilesAreReadRelativeToTheConfigFile() throws Exception {
    Files.writeString(dir.resolve("new.key"), SecretKeys.generate());
    Files.writeString(dir.resolve("old.key"), SecretKeys.generate());

    HooklineConfig c = parse("secrets:\n  key_file: new.key\n  previous_key_files: [old.key]\n");

    assertThat(c.secrets())
        .isEqualTo(
            new SecretSettings(
                Optional.of(dir.resolve("new.key")), List.of(dir.resolve("old.key"))));
  }

  @Test
  void withoutTheSectionNoKeyFileIsNamed() {
    assertThat(parse("").secrets()).isEqualTo(SecretSettings.DEFAULTS);
    assertThat(parse("store: {url: \"jdbc:sqlite:x.db\"}\n").secrets())
        .isEqualTo(SecretSettings.DEFAULTS);
  }

  @Test
  void aMissingOrMalformedKeyFileIsReportedAtItsKeyPath() throws Exception {
    Files.writeString(dir.resolve("short.key"), "c2hvcnQ=");

    List<Problem> problems =
        problems("secrets:\n  key_file: nowhere.key\n  previous_key_files: [short.key]\n");

    assertThat(problems)
        .extracting(Problem::path)
        .containsExactly("secrets.key_file", "secrets.previous_key_files[0]");
    assertThat(problems.get(0).message()).contains("does not exist");
    assertThat(problems.get(1).message())
        .contains("holds 5 bytes, not 32")
        .contains("hookline secrets keygen")
        .doesNotContain("c2hvcnQ=");
  }

  @Test
  void previousKeysNeedTheNewKey() throws Exception {
    Files.writeString(dir.resolve("old.key"), SecretKeys.generate());

    assertThat(problems("secrets:\n  previous_key_files: [old.key]\n"))
        .extracting(Problem::path, Problem::message)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple(
                "secrets.previous_key_files",
                "needs secrets.key_file: the new key, which rows are sealed again with"));
  }

  @Test
  void unknownKeysInTheSectionAreReported() {
    assertThat(problems("secrets:\n  key: abc\n"))
        .extracting(Problem::path)
        .containsExactly("secrets.key");
  }
}
