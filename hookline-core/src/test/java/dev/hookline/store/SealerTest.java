package dev.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealerTest {
  @TempDir Path dir;
  final String keyA = SecretKeys.generate();
  final String keyB = SecretKeys.generate();

  @Test
  void sealedTextOpensForItsRowOnly() {
    Sealer sealer = new Sealer(SecretKeys.of(keyA));

    String sealed = sealer.seal("{\"secret\":\"s3cret\"}", "endpoints/a");

    assertThat(sealed).startsWith("hlenc:v1:" + SecretKeys.of(keyA).currentKeyId() + ":");
    assertThat(sealed).doesNotContain("s3cret");
    assertThat(sealer.open(sealed, "endpoints/a", "db")).isEqualTo("{\"secret\":\"s3cret\"}");
    assertThatThrownBy(() -> sealer.open(sealed, "endpoints/b", "db"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("endpoints/b in db does not decrypt");
  }

  @Test
  void aPreviousKeyOpensButIsNotCurrent() {
    String sealed = new Sealer(SecretKeys.of(keyA)).seal("x", "r");
    Sealer rotated = new Sealer(SecretKeys.of(keyB, List.of(keyA)));

    assertThat(rotated.open(sealed, "r", "db")).isEqualTo("x");
    assertThat(rotated.isCurrent(sealed)).isFalse();
    assertThat(rotated.isCurrent(rotated.seal("x", "r"))).isTrue();
  }

  @Test
  void plainTextFromBeforeSealingIsReadAsIs() {
    assertThat(new Sealer(SecretKeys.of(keyA)).open("{\"id\":\"a\"}", "r", "db"))
        .isEqualTo("{\"id\":\"a\"}");
  }

  @Test
  void anUnknownKeyIsNamedWithTheFix() {
    String sealed = new Sealer(SecretKeys.of(keyA)).seal("x", "endpoints/ops");

    assertThatThrownBy(() -> new Sealer(SecretKeys.of(keyB)).open(sealed, "endpoints/ops", "db"))
        .hasMessageContaining("endpoints/ops in db is sealed with secret key")
        .hasMessageContaining(SecretKeys.of(keyA).currentKeyId())
        .hasMessageContaining(SecretKeys.ENV_PREVIOUS_KEYS);
  }

  @Test
  void aGeneratedKeyFileIsOwnerOnlyAndReadBackTheSame() throws Exception {
    Path file = SecretKeys.keyFileBeside(dir.resolve("hookline.db"));

    SecretKeys first = SecretKeys.loadOrGenerate(file);
    SecretKeys again = SecretKeys.loadOrGenerate(file);

    assertThat(file.getFileName().toString()).isEqualTo("hookline.db.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(again.currentKeyId()).isEqualTo(first.currentKeyId());
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file); // no temporary file left
    }
  }

  @Test
  void keysAreNeverShown() {
    SecretKeys keys = SecretKeys.of(keyA, List.of(keyB));

    assertThat(keys.toString()).doesNotContain(keyA).doesNotContain(keyB).contains(keys.keyIds());
    assertThatThrownBy(() -> SecretKeys.of("not-a-key!"))
        .hasMessageContaining("not base64")
        .hasMessageNotContaining("not-a-key!");
  }
}
