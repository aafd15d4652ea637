package dev.hookline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.store.SecretKeys;
import dev.hookline.store.Store;
import dev.hookline.store.StoredEndpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsCommandTest {
  @TempDir Path dir;

  @Test
  void keygenPrintsOneBase64KeyOf32Bytes() {
    Cli cli = Cli.run("secrets", "keygen");

    assertThat(cli.code()).as(cli.toString()).isZero();
    assertThat(cli.lines()).hasSize(1);
    assertThat(Base64.getDecoder().decode(cli.lines().get(0))).hasSize(32);
    assertThat(Cli.run("secrets", "keygen").out()).isNotEqualTo(cli.out());
  }

  @Test
  void rotateSealsTheStoreWithANewKeyWrittenIntoTheKeyFile() throws Exception {
    Path db = dir.resolve("hookline.db");
    Path keyFile = SecretKeys.keyFileBeside(db);
    try (Store store = Store.sqlite(db)) {
      store.saveEndpoint(
          new StoredEndpoint(
              "ops", "{\"secret\":\"s3cret\"}", StoredEndpoint.ORIGIN_API, Instant.EPOCH));
    }
    String oldId = SecretKeys.fromFiles(keyFile, List.of()).currentKeyId();

    Cli cli = Cli.run("secrets", "rotate", "--store", "jdbc:sqlite:" + db);

    assertThat(cli.code()).as(cli.toString()).isZero();
    SecretKeys rotated = SecretKeys.fromFiles(keyFile, List.of());
    assertThat(rotated.currentKeyId()).isNotEqualTo(oldId);
    assertThat(cli.out()).contains(oldId + " -> " + rotated.currentKeyId());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    assertThat(new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1))
        .contains("hlenc:v1:" + rotated.currentKeyId())
        .doesNotContain(oldId);
    try (Store store = Store.sqlite(db, rotated)) {
      assertThat(store.endpoints().get(0).definition()).isEqualTo("{\"secret\":\"s3cret\"}");
    }
    assertThat(dir.resolve("hookline.db.key.new")).doesNotExist();
  }

  @Test
  void rotateWithoutAKeyFileFails() {
    Cli cli = Cli.run("secrets", "rotate", "--store", "jdbc:sqlite:" + dir.resolve("none.db"));

    assertThat(cli.code()).isEqualTo(1);
    assertThat(cli.err()).contains("does not exist: there is no key to rotate");
  }

  @Test
  void aRotationThatStoppedAfterSealingIsReadAtTheNextStartAndFinishedByTheNextRotate()
      throws Exception {
    Path db = dir.resolve("hookline.db");
    Path keyFile = SecretKeys.keyFileBeside(db);
    try (Store store = Store.sqlite(db)) {
      store.saveEndpoint(
          new StoredEndpoint(
              "ops", "{\"secret\":\"s3cret\"}", StoredEndpoint.ORIGIN_API, Instant.EPOCH));
    }
    String oldKey = Files.readString(keyFile).strip();
    // What a crash leaves between sealing every row with the new key and replacing the key file.
    String interruptedKey = SecretKeys.generate();
    Files.writeString(dir.resolve("hookline.db.key.new"), interruptedKey + "\n");
    Files.setPosixFilePermissions(
        dir.resolve("hookline.db.key.new"), PosixFilePermissions.fromString("rw-------"));
    Store.sqlite(db, SecretKeys.of(interruptedKey, List.of(oldKey))).close();

    try (Store store = Store.sqlite(db)) {
      assertThat(store.endpoints().get(0).definition()).isEqualTo("{\"secret\":\"s3cret\"}");
    }
    Cli cli = Cli.run("secrets", "rotate", "--store", "jdbc:sqlite:" + db);

    assertThat(cli.code()).as(cli.toString()).isZero();
    assertThat(dir.resolve("hookline.db.key.new")).doesNotExist();
    SecretKeys rotated = SecretKeys.fromFiles(keyFile, List.of());
    assertThat(rotated.keyIds()).hasSize(1);
    try (Store store = Store.sqlite(db, rotated)) {
      assertThat(store.endpoints().get(0).definition()).isEqualTo("{\"secret\":\"s3cret\"}");
    }
  }

  @Test
  void aRotationWhoseResealFailsKeepsBothKeysReadableUntilItIsRunAgain() throws Exception {
    Path keyFile = dir.resolve("k.key");
    String oldKey = SecretKeys.generate();
    Files.writeString(keyFile, oldKey + "\n");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                SecretKeys.rotateFile(
                    keyFile,
                    keys -> {
                      throw new IllegalStateException("database down");
                    }))
        .hasMessageContaining("database down")
        .hasMessageContaining("run hookline secrets rotate again");

    assertThat(Files.readString(keyFile).strip()).isEqualTo(oldKey);
    SecretKeys read = SecretKeys.fromFiles(keyFile, List.of());
    assertThat(read.currentKeyId()).isEqualTo(SecretKeys.of(oldKey).currentKeyId());
    assertThat(read.keyIds()).hasSize(2); // the new key, which rows may be sealed with already
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k.key.new"))))
        .isEqualTo("rw-------");
  }

  @Test
  void aLeftoverKeyFileThatIsEmptyOrNotOwnerOnlyIsNotRead() throws Exception {
    Path keyFile = dir.resolve("k.key");
    Files.writeString(keyFile, SecretKeys.generate() + "\n");
    Path leftover = dir.resolve("k.key.new");

    Files.writeString(leftover, "");
    assertThat(SecretKeys.fromFiles(keyFile, List.of()).keyIds()).hasSize(1);
    Files.writeString(leftover, SecretKeys.generate() + "\n");
    Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThat(SecretKeys.fromFiles(keyFile, List.of()).keyIds()).hasSize(1);
    Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-------"));
    assertThat(SecretKeys.fromFiles(keyFile, List.of()).keyIds()).hasSize(2);
  }
}
