package dev.hookline.server;

import dev.hookline.server.config.HooklineConfig;
import dev.hookline.server.config.HooklineConfig.SecretSettings;
import dev.hookline.store.SecretKeys;
import dev.hookline.store.StoreException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the keys the server's store seals secrets with: {@code HOOKLINE_SECRET_KEY} (and {@code
 * HOOKLINE_SECRET_KEY_PREVIOUS}) when set, else the config's {@code secrets.key_file} (and {@code
 * secrets.previous_key_files}), else, for SQLite only, {@code <db>.key} beside the database,
 * generated on first start. PostgreSQL has no default: its nodes must share one key.
 */
final class StoreKeys {
  private static final Logger LOG = LoggerFactory.getLogger(StoreKeys.class);

  private StoreKeys() {}

  static SecretKeys resolve(HooklineConfig config, Map<String, String> env) {
    SecretSettings secrets = config.secrets();
    Optional<SecretKeys> fromEnv = SecretKeys.fromEnvironment(env);
    if (fromEnv.isPresent()) {
      if (secrets.keyFile().isPresent()) {
        LOG.info(
            "{} is set: it is used, not secrets.key_file {}",
            SecretKeys.ENV_KEY,
            secrets.keyFile().get());
      }
      return fromEnv.get();
    }
    if (secrets.keyFile().isPresent()) {
      return SecretKeys.fromFiles(secrets.keyFile().get(), secrets.previousKeyFiles());
    }
    String url = config.store();
    if (url.startsWith("jdbc:sqlite:")) {
      return SecretKeys.loadOrGenerate(
          SecretKeys.keyFileBeside(Path.of(url.substring("jdbc:sqlite:".length()))));
    }
    throw new StoreException(
        "a PostgreSQL store needs the secret key every node shares, to seal secrets at rest: set "
            + SecretKeys.ENV_KEY
            + " (generate one with: hookline secrets keygen) or secrets.key_file in hookline.yaml");
  }
}
