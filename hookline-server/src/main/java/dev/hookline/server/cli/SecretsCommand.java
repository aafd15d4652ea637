package dev.hookline.server.cli;

import dev.hookline.server.config.HooklineConfig;
import dev.hookline.server.workflow.WorkflowStore;
import dev.hookline.store.SecretKeys;
import dev.hookline.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hookline secrets}: the key that seals secrets at rest in the store. */
@Command(
    name = "secrets",
    mixinStandardHelpOptions = true,
    description = "Manage the key that encrypts secrets at rest in the store.",
    subcommands = {SecretsCommand.Keygen.class, SecretsCommand.Rotate.class})
final class SecretsCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return HooklineCommand.OK;
  }

  /** {@code hookline secrets keygen}: a new key, one line of base64. */
  @Command(
      name = "keygen",
      mixinStandardHelpOptions = true,
      description = {
        "Print a new secret key (base64 of 32 random bytes) for HOOKLINE_SECRET_KEY or a key file:",
        "  hookline secrets keygen > hookline.key && chmod 600 hookline.key"
      })
  static final class Keygen implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      out.println(SecretKeys.generate());
      out.flush();
      return HooklineCommand.OK;
    }
  }

  /**
   * {@code hookline secrets rotate}: a new key into the key file, every stored secret sealed again
   * with it. For a store whose servers are stopped; see the README for a rolling rotation.
   */
  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description = {
        "Generate a new key into the key file and seal every stored secret with it.",
        "Stop the server first. The key file is the config's secrets.key_file, --key-file,",
        "or, for SQLite, <db>.key beside the database. Keys in HOOKLINE_SECRET_KEY are rotated",
        "by setting the new key there and the old one in HOOKLINE_SECRET_KEY_PREVIOUS."
      })
  static final class Rotate implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "hookline.yaml to read")
    Path config;

    @Option(
        names = "--store",
        paramLabel = "JDBC_URL",
        description = "the store (default: the config's, else jdbc:sqlite:hookline.db)")
    String store;

    @Option(
        names = "--key-file",
        paramLabel = "FILE",
        description = "the key file (default: the config's secrets.key_file, else <db>.key)")
    Path keyFile;

    @Override
    public Integer call() throws IOException {
      HooklineConfig c =
          config == null ? HooklineConfig.defaults() : HooklineConfig.load(config, System.getenv());
      String url = store != null ? store : c.store();
      Path file = keyFile(c, url);
      if (!Files.exists(file)) {
        throw new CliException("key file " + file + " does not exist: there is no key to rotate");
      }
      SecretKeys old = SecretKeys.fromFiles(file, List.of());
      // Opening the store, and the server's tables, with the new key current and the old one
      // previous seals every row again.
      SecretKeys fresh =
          SecretKeys.rotateFile(
              file,
              keys -> {
                Store.open(url, keys).close();
                WorkflowStore.open(url, keys).close();
              });
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "rotated "
              + file
              + ": key "
              + old.currentKeyId()
              + " -> "
              + fresh.currentKeyId()
              + "; every stored secret is sealed with the new key");
      out.flush();
      return HooklineCommand.OK;
    }

    private Path keyFile(HooklineConfig c, String url) {
      if (keyFile != null) {
        return keyFile.toAbsolutePath();
      }
      if (c.secrets().keyFile().isPresent()) {
        return c.secrets().keyFile().get();
      }
      if (url.startsWith("jdbc:sqlite:")) {
        return SecretKeys.keyFileBeside(Path.of(url.substring("jdbc:sqlite:".length())));
      }
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "a PostgreSQL store has no default key file: give --key-file or --config with"
              + " secrets.key_file");
    }
  }
}
