package dev.hookline.server.config;

import static dev.hookline.server.config.ConfigValues.bool;
import static dev.hookline.server.config.ConfigValues.describe;
import static dev.hookline.server.config.ConfigValues.duration;
import static dev.hookline.server.config.ConfigValues.fail;
import static dev.hookline.server.config.ConfigValues.nonEmpty;
import static dev.hookline.server.config.ConfigValues.object;
import static dev.hookline.server.config.ConfigValues.positive;
import static dev.hookline.server.config.ConfigValues.present;
import static dev.hookline.server.config.ConfigValues.strings;
import static dev.hookline.server.config.ConfigValues.text;
import static dev.hookline.server.config.ConfigValues.whole;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.HooklineException;
import dev.hookline.delivery.PrivateNetworks;
import dev.hookline.routing.Endpoint;
import dev.hookline.server.config.ConfigValues.Problem;
import dev.hookline.server.config.HooklineConfig.AlertSettings;
import dev.hookline.server.config.HooklineConfig.SecretSettings;
import dev.hookline.server.config.HooklineConfig.ServerSettings;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.store.SecretKeys;
import dev.hookline.store.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the settings sections of {@code hookline.yaml}: {@code server}, {@code store}, {@code
 * signing}, {@code secrets} and {@code alerts}.
 */
final class SettingsReader {
  private static final List<String> SERVER_KEYS =
      List.of(
          "host",
          "port",
          "api_keys",
          "max_body_bytes",
          "allow_private_networks",
          "private_networks",
          "cors_origins",
          "max_queue_depth");
  private static final List<String> STORE_KEYS = List.of("url");
  private static final List<String> SIGNING_KEYS = List.of("secret");
  private static final List<String> SECRETS_KEYS = List.of("key_file", "previous_key_files");
  private static final List<String> ALERT_KEYS =
      List.of("failure_threshold", "window", "delivery_timeout_threshold", "channels");

  private final ConfigProblems problems;
  private final Path baseDir;

  SettingsReader(ConfigProblems problems, Path baseDir) {
    this.problems = problems;
    this.baseDir = baseDir;
  }

  ServerSettings server(JsonNode n) {
    ObjectNode o = object(n, "server", "a map {host, port, api_keys, ...}");
    problems.unknownKeys(o, "server", SERVER_KEYS);
    ServerSettings d = ServerSettings.DEFAULTS;
    String host = d.host();
    int port = d.port();
    List<String> apiKeys = d.apiKeys();
    long maxBody = d.maxBodyBytes();
    PrivateNetworks privateNetworks = d.privateNetworks();
    List<String> corsOrigins = d.corsOrigins();
    long maxQueueDepth = d.maxQueueDepth();
    if (present(o, "max_queue_depth")) {
      maxQueueDepth =
          whole(
              o.get("max_queue_depth"),
              "server.max_queue_depth",
              "a number of open deliveries, e.g. 100000");
      if (maxQueueDepth < 1) {
        fail(
            "server.max_queue_depth",
            "must be at least 1 (leave it out for no limit), got " + maxQueueDepth);
      }
    }
    if (present(o, "host")) {
      host = nonEmpty(o.get("host"), "server.host", "a host name or address, e.g. 127.0.0.1");
    }
    if (present(o, "port")) {
      long p = whole(o.get("port"), "server.port", "a port from 0 to 65535");
      if (p < 0 || p > 65535) {
        fail("server.port", "must be 0 to 65535 (0 picks a free port), got " + p);
      }
      port = (int) p;
    }
    if (present(o, "api_keys")) {
      apiKeys = strings(o.get("api_keys"), "server.api_keys", "API keys");
      for (int i = 0; i < apiKeys.size(); i++) {
        if (apiKeys.get(i).isBlank()) {
          fail(
              "server.api_keys[" + i + "]",
              "is empty (is its environment variable set?); an empty key would let anyone in");
        }
      }
    }
    if (present(o, "max_body_bytes")) {
      maxBody = whole(o.get("max_body_bytes"), "server.max_body_bytes", "a number of bytes");
      if (maxBody < 1) {
        fail("server.max_body_bytes", "must be at least 1, got " + maxBody);
      }
    }
    if (present(o, "allow_private_networks") && present(o, "private_networks")) {
      fail(
          "server.allow_private_networks",
          "give either private_networks (deny, per_endpoint, allow) or allow_private_networks,"
              + " not both");
    }
    if (present(o, "allow_private_networks")) {
      privateNetworks =
          bool(o.get("allow_private_networks"), "server.allow_private_networks")
              ? PrivateNetworks.ALLOW
              : PrivateNetworks.DENY;
    }
    if (present(o, "private_networks")) {
      String value = text(o.get("private_networks"), "server.private_networks");
      privateNetworks =
          PrivateNetworks.fromName(value)
              .orElseThrow(
                  () ->
                      new Problem(
                          "server.private_networks",
                          "'" + value + "' is not a choice; use deny, per_endpoint or allow"));
    }
    if (present(o, "cors_origins")) {
      corsOrigins = strings(o.get("cors_origins"), "server.cors_origins", "origins");
      for (int i = 0; i < corsOrigins.size(); i++) {
        try {
          ServerSettings.normalizeOrigin(corsOrigins.get(i));
        } catch (IllegalArgumentException e) {
          fail("server.cors_origins[" + i + "]", e.getMessage());
        }
      }
    }
    return new ServerSettings(
        host, port, apiKeys, maxBody, privateNetworks, corsOrigins, maxQueueDepth);
  }

  String store(JsonNode n) {
    ObjectNode o = object(n, "store", "a map {url: jdbc:...}");
    problems.unknownKeys(o, "store", STORE_KEYS);
    if (!present(o, "url")) {
      return HooklineConfig.DEFAULT_STORE_URL;
    }
    String url = nonEmpty(o.get("url"), "store.url", "a JDBC URL");
    if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
      fail(
          "store.url",
          "'"
              + url
              + "' is not a supported store; use jdbc:sqlite:<file> or"
              + " jdbc:postgresql://host:port/database");
    }
    return url;
  }

  Optional<String> signing(JsonNode n) {
    ObjectNode o = object(n, "signing", "a map {secret: ...}");
    problems.unknownKeys(o, "signing", SIGNING_KEYS);
    if (!present(o, "secret")) {
      return Optional.empty();
    }
    String secret = nonEmpty(o.get("secret"), "signing.secret", "the default signing secret");
    try {
      SignatureConfig.standard(secret);
    } catch (HooklineException | IllegalArgumentException e) {
      fail("signing.secret", e.getMessage());
    }
    return Optional.of(secret);
  }

  String secretKey(JsonNode n) {
    String secret = nonEmpty(n, "webhooks.secret_key", "the default signing secret");
    try {
      SignatureConfig.standard(secret);
    } catch (HooklineException | IllegalArgumentException e) {
      fail("webhooks.secret_key", e.getMessage());
    }
    return secret;
  }

  SecretSettings secrets(JsonNode n) {
    ObjectNode o = object(n, "secrets", "a map {key_file, previous_key_files}");
    problems.unknownKeys(o, "secrets", SECRETS_KEYS);
    Optional<Path> keyFile = Optional.empty();
    if (present(o, "key_file")) {
      String name = nonEmpty(o.get("key_file"), "secrets.key_file", "the path of a key file");
      keyFile = problems.attempt("secrets.key_file", () -> keyFile(name, "secrets.key_file"));
    }
    List<Path> previous = new ArrayList<>();
    if (present(o, "previous_key_files")) {
      List<String> names =
          strings(o.get("previous_key_files"), "secrets.previous_key_files", "key file paths");
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        String path = "secrets.previous_key_files[" + i + "]";
        problems.attempt(path, () -> keyFile(name, path)).ifPresent(previous::add);
      }
      if (!present(o, "key_file")) {
        fail(
            "secrets.previous_key_files",
            "needs secrets.key_file: the new key, which rows are sealed again with");
      }
    }
    return new SecretSettings(keyFile, previous);
  }

  /** A key file's path, relative to the config file's directory, checked to hold a key. */
  private Path keyFile(String name, String path) {
    if (name.isBlank()) {
      fail(path, "is empty; give the path of a key file");
    }
    Path file = baseDir.resolve(name.strip()).normalize();
    try {
      SecretKeys.fromFiles(file, List.of());
    } catch (StoreException e) {
      fail(path, e.getMessage());
    }
    return file;
  }

  /**
   * The {@code alerts} section; {@code channels} name endpoints declared under {@code endpoints}
   * (read or not: one that failed is reported once, for itself) or under {@code webhooks}.
   */
  AlertSettings alerts(JsonNode n, JsonNode endpoints, List<Endpoint> loaded) {
    ObjectNode o = object(n, "alerts", "a map {failure_threshold, window, ...}");
    problems.unknownKeys(o, "alerts", ALERT_KEYS);
    AlertSettings d = AlertSettings.DEFAULTS;
    Optional<Double> threshold = d.failureThreshold();
    Duration window = d.window();
    Optional<Duration> timeout = d.deliveryTimeoutThreshold();
    List<String> channels = d.channels();
    if (present(o, "failure_threshold")) {
      JsonNode t = o.get("failure_threshold");
      if (!t.isNumber()) {
        fail(
            "alerts.failure_threshold",
            "expected a success rate from 0 to 1 (0.95 alerts below 95 %), got " + describe(t));
      }
      double v = t.doubleValue();
      if (!(v >= 0 && v <= 1)) {
        fail(
            "alerts.failure_threshold",
            "must be from 0 to 1 (0.95 alerts when fewer than 95 % succeed), got " + t.asText());
      }
      threshold = Optional.of(v);
    }
    if (present(o, "window")) {
      window = positive(duration(o.get("window"), "alerts.window"), "alerts.window");
    }
    if (present(o, "delivery_timeout_threshold")) {
      timeout =
          Optional.of(
              positive(
                  duration(
                      o.get("delivery_timeout_threshold"), "alerts.delivery_timeout_threshold"),
                  "alerts.delivery_timeout_threshold"));
    }
    if (present(o, "channels")) {
      channels = strings(o.get("channels"), "alerts.channels", "endpoint ids");
      Set<String> ids = new LinkedHashSet<>();
      if (endpoints != null && endpoints.isArray()) {
        endpoints.forEach(
            e -> {
              if (e.path("id").isTextual()) {
                ids.add(e.path("id").textValue());
              }
            });
      }
      loaded.forEach(e -> ids.add(e.id()));
      for (int i = 0; i < channels.size(); i++) {
        if (!ids.contains(channels.get(i))) {
          String where = "alerts.channels[" + i + "]";
          String fix =
              ids.isEmpty()
                  ? "no endpoints are declared; add it under endpoints"
                  : "declared endpoints are " + String.join(", ", ids);
          problems.record(where, "'" + channels.get(i) + "' is not an endpoint id; " + fix);
        }
      }
    }
    return new AlertSettings(threshold, window, timeout, channels);
  }
}
