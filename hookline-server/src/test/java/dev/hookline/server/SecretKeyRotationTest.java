package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.HooklineException;
import dev.hookline.server.config.HooklineConfig;
import dev.hookline.server.config.HooklineConfig.SecretSettings;
import dev.hookline.signature.WebhookSecret;
import dev.hookline.store.SecretKeys;
import dev.hookline.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys from the config or the environment, rotation, a wrong key, rows from before sealing. */
class SecretKeyRotationTest {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @TempDir Path dir;
  Path keyA;
  Path keyB;
  final String signing = WebhookSecret.generate();

  @BeforeEach
  void keys() throws Exception {
    keyA = Files.writeString(dir.resolve("a.key"), SecretKeys.generate() + "\n");
    keyB = Files.writeString(dir.resolve("b.key"), SecretKeys.generate() + "\n");
  }

  HooklineConfig config(Optional<Path> key, List<Path> previous) {
    return TestServer.config(dir, signing, c -> c.withSecrets(new SecretSettings(key, previous)));
  }

  void createEndpoint(HooklineConfig config) {
    try (TestServer t = new TestServer(config)) {
      TestServer.Response r =
          t.post(
              "/api/endpoints",
              "{\"id\":\"ops\",\"url\":\"https://hooks.example.com\",\"events\":[\"*\"],"
                  + "\"signature\":{\"scheme\":\"standard\",\"secret\":\""
                  + SECRET
                  + "\"}}");
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
  }

  String shownSecret(TestServer t) {
    return t.get("/api/endpoints/ops/secret").json().path("secret").asText();
  }

  String rawStore() throws Exception {
    return new String(Files.readAllBytes(dir.resolve("hookline.db")), StandardCharsets.ISO_8859_1);
  }

  String id(Path keyFile) {
    return SecretKeys.fromFiles(keyFile, List.of()).currentKeyId();
  }

  @Test
  void rotationSealsEveryRowWithTheNewKeySoTheOldOneCanBeDropped() throws Exception {
    createEndpoint(config(Optional.of(keyA), List.of()));
    assertThat(rawStore()).contains("hlenc:v1:" + id(keyA) + ":");

    try (TestServer t = new TestServer(config(Optional.of(keyB), List.of(keyA)))) {
      assertThat(shownSecret(t)).isEqualTo(SECRET);
    }

    assertThat(rawStore()).contains("hlenc:v1:" + id(keyB) + ":").doesNotContain(id(keyA));
    try (TestServer t = new TestServer(config(Optional.of(keyB), List.of()))) {
      assertThat(shownSecret(t)).isEqualTo(SECRET);
    }
  }

  @Test
  void aWrongKeyStopsTheStartNamingTheRowAndWhereToGiveTheKey() {
    createEndpoint(config(Optional.of(keyA), List.of()));

    assertThatThrownBy(() -> new TestServer(config(Optional.of(keyB), List.of())))
        .isInstanceOf(HooklineException.class)
        .hasMessageContaining("endpoints/ops")
        .hasMessageContaining("sealed with secret key " + id(keyA))
        .hasMessageContaining("HOOKLINE_SECRET_KEY_PREVIOUS")
        .hasMessageContaining("secrets.previous_key_files");
  }

  @Test
  void theEnvironmentKeyIsUsedBeforeTheConfigsAndRotatesToo() throws Exception {
    String a = Files.readString(keyA).strip();
    String b = Files.readString(keyB).strip();
    HooklineConfig configB = config(Optional.of(keyB), List.of());
    try (TestServer t =
        new TestServer(configB, s -> s.environment(Map.of(SecretKeys.ENV_KEY, a)))) {
      t.post(
          "/api/endpoints",
          "{\"id\":\"ops\",\"url\":\"https://hooks.example.com\",\"events\":[\"*\"],"
              + "\"signature\":{\"scheme\":\"standard\",\"secret\":\""
              + SECRET
              + "\"}}");
    }
    assertThat(rawStore()).contains("hlenc:v1:" + id(keyA) + ":");

    Map<String, String> rotated = Map.of(SecretKeys.ENV_KEY, b, SecretKeys.ENV_PREVIOUS_KEYS, a);
    try (TestServer t = new TestServer(configB, s -> s.environment(rotated))) {
      assertThat(shownSecret(t)).isEqualTo(SECRET);
    }

    assertThat(rawStore()).doesNotContain(id(keyA));
  }

  @Test
  void rowsWrittenBeforeSealingAreSealedAtStartAndLeaveNoPlainText() throws Exception {
    Path db = dir.resolve("hookline.db");
    Store.sqlite(db, SecretKeys.of(SecretKeys.generate())).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO endpoints (id, definition, origin, created_at, updated_at)"
                    + " VALUES ('ops', ?, 'api', 0, 0)")) {
      ps.setString(
          1,
          "{\"id\":\"ops\",\"url\":\"https://hooks.example.com\",\"events\":[\"*\"],"
              + "\"signature\":{\"scheme\":\"standard\",\"secret\":\""
              + SECRET
              + "\"}}");
      ps.executeUpdate();
    }
    assertThat(rawStore()).contains(SECRET);

    try (TestServer t = new TestServer(config(Optional.of(keyA), List.of()))) {
      assertThat(shownSecret(t)).isEqualTo(SECRET);
      assertThat(rawStore()).doesNotContain(SECRET);
      Path wal = dir.resolve("hookline.db-wal");
      if (Files.exists(wal)) {
        assertThat(new String(Files.readAllBytes(wal), StandardCharsets.ISO_8859_1))
            .doesNotContain(SECRET);
      }
    }
  }

  @Test
  void postgresqlWithoutAKeyIsRefusedNamingWhereToSetIt() {
    HooklineConfig c =
        config(Optional.empty(), List.of()).withStore("jdbc:postgresql://127.0.0.1:5432/test");

    assertThatThrownBy(() -> new TestServer(c, s -> s.environment(Map.of())))
        .isInstanceOf(HooklineException.class)
        .hasMessageContaining("HOOKLINE_SECRET_KEY")
        .hasMessageContaining("secrets.key_file")
        .hasMessageContaining("hookline secrets keygen");
    assertThat(dir.resolve("hookline.db.key")).doesNotExist();
  }
}
