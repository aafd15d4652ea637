package dev.hookline.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.delivery.PrivateNetworks;
import dev.hookline.routing.DeliveryHeaders;
import dev.hookline.routing.Endpoint;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A loaded {@code hookline.yaml} (DESIGN §7): every value resolved from the environment and
 * validated, every default applied. Immutable.
 *
 * @param server where the HTTP server listens and how it guards itself
 * @param store the JDBC URL of the store
 * @param signingSecret the default signing secret for endpoints without their own
 * @param endpoints the endpoints declared in the file (saved to the store at start)
 * @param sources inbound sources by name ({@code POST /webhooks/{name}})
 * @param workflows workflow definitions, inline or loaded from the files the config names
 * @param alerts failure alerts
 * @param secrets the keys that seal secrets at rest in the store
 * @param deliveryHeaders the top-level {@code delivery_headers}: the names of the headers Hookline
 *     adds, the User-Agent and Standard Webhooks headers, for endpoints without their own block (an
 *     endpoint's block overrides it key by key)
 */
public record HooklineConfig(
    ServerSettings server,
    String store,
    Optional<String> signingSecret,
    List<Endpoint> endpoints,
    Map<String, SourceConfig> sources,
    List<JsonNode> workflows,
    AlertSettings alerts,
    SecretSettings secrets,
    DeliveryHeaders deliveryHeaders) {

  /** The default store: an SQLite file in the working directory. */
  public static final String DEFAULT_STORE_URL = "jdbc:sqlite:hookline.db";

  /** Copies the collections. */
  public HooklineConfig {
    endpoints = List.copyOf(endpoints);
    sources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    workflows = List.copyOf(workflows);
  }

  /** The configuration of an empty file: every default. */
  public static HooklineConfig defaults() {
    return new HooklineConfig(
        ServerSettings.DEFAULTS,
        DEFAULT_STORE_URL,
        Optional.empty(),
        List.of(),
        Map.of(),
        List.of(),
        AlertSettings.DEFAULTS,
        SecretSettings.DEFAULTS,
        DeliveryHeaders.DEFAULT);
  }

  /**
   * Loads {@code file}: YAML, with {@code ${VAR}} and {@code ${VAR:-default}} replaced from {@code
   * env} in every string value, every key checked, every default applied (see {@code
   * docs/config.md}). Workflow files named under {@code workflows} are read relative to the file's
   * directory. An empty file gives {@link #defaults()}.
   *
   * @param file the configuration file
   * @param env the environment, usually {@code System.getenv()}
   * @throws ConfigException when the file cannot be read or does not load; it lists every problem
   *     found, each with its key path, line and fix
   */
  public static HooklineConfig load(Path file, Map<String, String> env) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          Optional.of(file.toString()),
          List.of(
              new ConfigException.Problem(
                  "", OptionalInt.empty(), "file not found (pass --config FILE)")));
    } catch (IOException e) {
      throw new ConfigException(
          Optional.of(file.toString()),
          List.of(
              new ConfigException.Problem(
                  "", OptionalInt.empty(), "cannot read the file: " + e.getMessage())));
    }
    Path dir = file.toAbsolutePath().getParent();
    return new ConfigLoader(env, dir == null ? Path.of("") : dir, Optional.of(file.toString()))
        .load(text);
  }

  /**
   * Parses a configuration held in a string, as {@link #load} does.
   *
   * @param yaml the YAML text
   * @param env the environment {@code ${VAR}} references are resolved from
   * @param baseDir the directory workflow file names are relative to
   * @throws ConfigException when it does not load; messages give lines but no file name
   */
  public static HooklineConfig parse(String yaml, Map<String, String> env, Path baseDir) {
    return new ConfigLoader(env, baseDir, Optional.empty()).load(yaml);
  }

  /** This configuration with other server settings. */
  public HooklineConfig withServer(ServerSettings server) {
    return new HooklineConfig(
        server,
        store,
        signingSecret,
        endpoints,
        sources,
        workflows,
        alerts,
        secrets,
        deliveryHeaders);
  }

  /** This configuration with another store URL. */
  public HooklineConfig withStore(String storeUrl) {
    return new HooklineConfig(
        server,
        storeUrl,
        signingSecret,
        endpoints,
        sources,
        workflows,
        alerts,
        secrets,
        deliveryHeaders);
  }

  /** This configuration with other endpoints. */
  public HooklineConfig withEndpoints(List<Endpoint> endpoints) {
    return new HooklineConfig(
        server,
        store,
        signingSecret,
        endpoints,
        sources,
        workflows,
        alerts,
        secrets,
        deliveryHeaders);
  }

  /** This configuration with other inbound sources. */
  public HooklineConfig withSources(Map<String, SourceConfig> sources) {
    return new HooklineConfig(
        server,
        store,
        signingSecret,
        endpoints,
        sources,
        workflows,
        alerts,
        secrets,
        deliveryHeaders);
  }

  /** This configuration with another default signing secret. */
  public HooklineConfig withSigningSecret(String secret) {
    return new HooklineConfig(
        server,
        store,
        Optional.of(secret),
        endpoints,
        sources,
        workflows,
        alerts,
        secrets,
        deliveryHeaders);
  }

  /** This configuration with other top-level delivery headers. */
  public HooklineConfig withDeliveryHeaders(DeliveryHeaders deliveryHeaders) {
    return new HooklineConfig(
        server,
        store,
        signingSecret,
        endpoints,
        sources,
        workflows,
        alerts,
        secrets,
        deliveryHeaders);
  }

  /** This configuration with other secret keys. */
  public HooklineConfig withSecrets(SecretSettings secrets) {
    return new HooklineConfig(
        server,
        store,
        signingSecret,
        endpoints,
        sources,
        workflows,
        alerts,
        secrets,
        deliveryHeaders);
  }

  /**
   * The {@code server} section.
   *
   * @param host the address to bind; a non-loopback address requires API keys
   * @param port the port to bind; 0 picks a free one
   * @param apiKeys keys accepted as {@code Authorization: Bearer <key>}; none means open
   * @param maxBodyBytes the largest request body accepted, on every route
   * @param privateNetworks which endpoints may resolve to private addresses
   * @param corsOrigins web origins (e.g. {@code https://admin.example.com}) whose pages may call
   *     the API; requests from any other origin are refused
   * @param maxQueueDepth open deliveries at which routes that accept events answer 503; 0 is off
   */
  public record ServerSettings(
      String host,
      int port,
      List<String> apiKeys,
      long maxBodyBytes,
      PrivateNetworks privateNetworks,
      List<String> corsOrigins,
      long maxQueueDepth) {
    /** The default host: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The default port. */
    public static final int DEFAULT_PORT = 8000;

    /** The default body limit: 1 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    /** Every default. */
    public static final ServerSettings DEFAULTS =
        new ServerSettings(
            DEFAULT_HOST,
            DEFAULT_PORT,
            List.of(),
            DEFAULT_MAX_BODY_BYTES,
            PrivateNetworks.DENY,
            List.of(),
            0);

    /** Copies the lists; origins are normalized (see {@link #normalizeOrigin}). */
    public ServerSettings {
      Objects.requireNonNull(privateNetworks, "privateNetworks");
      apiKeys = List.copyOf(apiKeys);
      corsOrigins = corsOrigins.stream().map(ServerSettings::normalizeOrigin).distinct().toList();
    }

    /** These settings on another host and port. */
    public ServerSettings withAddress(String host, int port) {
      return new ServerSettings(
          host, port, apiKeys, maxBodyBytes, privateNetworks, corsOrigins, maxQueueDepth);
    }

    /** These settings with other API keys. */
    public ServerSettings withApiKeys(List<String> keys) {
      return new ServerSettings(
          host, port, keys, maxBodyBytes, privateNetworks, corsOrigins, maxQueueDepth);
    }

    /** These settings with another body limit. */
    public ServerSettings withMaxBodyBytes(long bytes) {
      return new ServerSettings(
          host, port, apiKeys, bytes, privateNetworks, corsOrigins, maxQueueDepth);
    }

    /** These settings with private networks allowed to every endpoint or to none. */
    public ServerSettings withAllowPrivateNetworks(boolean allow) {
      return withPrivateNetworks(allow ? PrivateNetworks.ALLOW : PrivateNetworks.DENY);
    }

    /** These settings with another rule for private networks. */
    public ServerSettings withPrivateNetworks(PrivateNetworks rule) {
      return new ServerSettings(
          host, port, apiKeys, maxBodyBytes, rule, corsOrigins, maxQueueDepth);
    }

    /** These settings with another queue limit (0: none). */
    public ServerSettings withMaxQueueDepth(long depth) {
      return new ServerSettings(
          host, port, apiKeys, maxBodyBytes, privateNetworks, corsOrigins, depth);
    }

    /** Whether every endpoint (and workflow {@code http} step) may reach private addresses. */
    public boolean allowPrivateNetworks() {
      return privateNetworks == PrivateNetworks.ALLOW;
    }

    /** These settings with other allowed web origins. */
    public ServerSettings withCorsOrigins(List<String> origins) {
      return new ServerSettings(
          host, port, apiKeys, maxBodyBytes, privateNetworks, origins, maxQueueDepth);
    }

    /**
     * An origin in the form browsers send it: {@code scheme://host[:port]}, lower case, without a
     * default port (80 for http, 443 for https), without a trailing slash.
     *
     * @throws IllegalArgumentException if {@code origin} is not an http(s) origin (a path, a query,
     *     user info or another scheme)
     */
    public static String normalizeOrigin(String origin) {
      URI uri;
      try {
        uri = new URI(origin.trim());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("not an origin: " + origin);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      if (!(scheme.equals("http") || scheme.equals("https"))
          || uri.getHost() == null
          || uri.getRawUserInfo() != null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null
          || !(path.isEmpty() || path.equals("/"))) {
        throw new IllegalArgumentException(
            "not an origin (scheme://host[:port], e.g. https://admin.example.com): " + origin);
      }
      int port = uri.getPort();
      boolean defaultPort =
          port == -1
              || (scheme.equals("http") && port == 80)
              || (scheme.equals("https") && port == 443);
      return scheme
          + "://"
          + uri.getHost().toLowerCase(Locale.ROOT)
          + (defaultPort ? "" : ":" + port);
    }
  }

  /**
   * The {@code alerts} section: when an endpoint's success rate over {@code window} drops below
   * {@code failureThreshold}, or attempts take longer than {@code deliveryTimeoutThreshold}, an
   * alert event goes to {@code channels} (endpoint ids).
   */
  public record AlertSettings(
      Optional<Double> failureThreshold,
      Duration window,
      Optional<Duration> deliveryTimeoutThreshold,
      List<String> channels) {
    /** The default window over which the success rate is judged. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    /** No alerts. */
    public static final AlertSettings DEFAULTS =
        new AlertSettings(Optional.empty(), DEFAULT_WINDOW, Optional.empty(), List.of());

    /** Copies the channels. */
    public AlertSettings {
      channels = List.copyOf(channels);
    }
  }

  /**
   * The {@code secrets} section: the key files whose keys seal secrets at rest in the store. When
   * {@code HOOKLINE_SECRET_KEY} is set it is used instead. With neither, a SQLite store uses (and
   * on first start generates) {@code <db>.key} beside its file; a PostgreSQL store refuses to
   * start.
   *
   * @param keyFile the file holding the current key (base64 of 32 bytes, one line)
   * @param previousKeyFiles files holding keys rows may still be sealed with (during a rotation)
   */
  public record SecretSettings(Optional<Path> keyFile, List<Path> previousKeyFiles) {
    /** No key files. */
    public static final SecretSettings DEFAULTS = new SecretSettings(Optional.empty(), List.of());

    /** Copies the list. */
    public SecretSettings {
      previousKeyFiles = List.copyOf(previousKeyFiles);
    }
  }
}
