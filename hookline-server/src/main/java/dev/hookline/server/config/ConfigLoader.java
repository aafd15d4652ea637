package dev.hookline.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.HooklineException;
import dev.hookline.delivery.PrivateNetworks;
import dev.hookline.routing.DeliveryHeaders;
import dev.hookline.routing.Durations;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.EndpointJson;
import dev.hookline.routing.Format;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.server.config.HooklineConfig.AlertSettings;
import dev.hookline.server.config.HooklineConfig.SecretSettings;
import dev.hookline.server.config.HooklineConfig.ServerSettings;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.SignatureScheme;
import dev.hookline.store.SecretKeys;
import dev.hookline.store.StoreException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns {@code hookline.yaml} into a {@link HooklineConfig} (DESIGN §7). Reads every section even
 * after a problem, so that one run reports every problem it can; then throws them together. One
 * loader per load; not thread-safe.
 */
final class ConfigLoader {
  private static final List<String> TOP_KEYS =
      List.of(
          "server",
          "store",
          "signing",
          "endpoints",
          "webhooks",
          "sources",
          "workflows",
          "alerts",
          "secrets",
          "delivery_headers");
  private static final List<String> WEBHOOKS_KEYS =
      List.of("enabled", "secret_key", "signature_header", "endpoints");
  private static final List<String> SERVER_KEYS =
      List.of(
          "host",
          "port",
          "api_keys",
          "max_body_bytes",
          "allow_private_networks",
          "private_networks",
          "cors_origins");
  private static final List<String> STORE_KEYS = List.of("url");
  private static final List<String> SIGNING_KEYS = List.of("secret");
  private static final List<String> SOURCE_KEYS =
      List.of("type", "secret", "header", "prefix", "tolerance", "public_url");
  private static final List<String> SECRETS_KEYS = List.of("key_file", "previous_key_files");
  private static final List<String> ALERT_KEYS =
      List.of("failure_threshold", "window", "delivery_timeout_threshold", "channels");

  /** Keys other tools (and the seeds) use, with what to write instead. */
  private static final Map<String, String> HINTS =
      Map.of(
          "webhook_alerts", "use alerts",
          "secret_key", "use signing: {secret: ...}",
          "database", "use store: {url: jdbc:...}",
          "enabled", "remove it; disable one endpoint with enabled: false on the endpoint",
          "secrets", "use secret, which takes a string or a list (rotation)");

  private static final Map<String, SignatureScheme> SOURCE_SCHEMES =
      Map.of(
          "github", SignatureScheme.GITHUB,
          "stripe", SignatureScheme.STRIPE,
          "slack", SignatureScheme.SLACK,
          "standard", SignatureScheme.STANDARD,
          "shopify", SignatureScheme.SHOPIFY,
          "twilio", SignatureScheme.TWILIO,
          "generic", SignatureScheme.HEX);

  /** Source types whose signatures carry a timestamp, so that a tolerance applies. */
  private static final Set<String> TIMESTAMPED = Set.of("stripe", "slack", "standard");

  private static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");

  private final Map<String, String> env;
  private final Path baseDir;
  private final Optional<String> file;
  private final List<ConfigException.Problem> problems = new ArrayList<>();
  private YamlTree.Result tree;
  private DeliveryHeaders inherited = DeliveryHeaders.DEFAULT;
  private Optional<SignatureConfig> defaultSigning = Optional.empty();

  ConfigLoader(Map<String, String> env, Path baseDir, Optional<String> file) {
    this.env = Map.copyOf(env);
    this.baseDir = baseDir;
    this.file = file;
  }

  HooklineConfig load(String yaml) {
    tree = YamlTree.read(yaml, env, file);
    if (tree.root().isEmpty()) {
      return HooklineConfig.defaults();
    }
    JsonNode root = tree.root().get();
    if (!root.isObject()) {
      fail("", "expected a map of sections (server, store, endpoints, ...), got " + describe(root));
    }
    ObjectNode o = (ObjectNode) root;
    unknownKeys(o, "", TOP_KEYS);

    HooklineConfig defaults = HooklineConfig.defaults();
    ServerSettings server =
        section(o, "server", () -> server(o.get("server")), ServerSettings.DEFAULTS);
    String store = section(o, "store", () -> store(o.get("store")), defaults.store());
    Optional<String> signing =
        section(o, "signing", () -> signing(o.get("signing")), Optional.empty());
    inherited =
        section(
            o,
            "delivery_headers",
            () ->
                EndpointJson.readDeliveryHeaders(
                    o.get("delivery_headers"), "delivery_headers", DeliveryHeaders.DEFAULT),
            DeliveryHeaders.DEFAULT);
    defaultSigning = signing.map(SignatureConfig::standard);
    List<Endpoint> endpoints =
        new ArrayList<>(endpoints(o.get("endpoints"), "endpoints", null, null));
    if (present(o, "webhooks")) {
      ObjectNode w =
          object(o.get("webhooks"), "webhooks", "a map {enabled, secret_key, endpoints}");
      unknownKeys(w, "webhooks", WEBHOOKS_KEYS);
      if (present(w, "secret_key")) {
        if (signing.isPresent()) {
          record("webhooks.secret_key", "give signing.secret or webhooks.secret_key, not both");
        } else {
          signing = attempt("webhooks.secret_key", () -> secretKey(w.get("secret_key")));
        }
      }
      boolean enabled = !present(w, "enabled") || bool(w.get("enabled"), "webhooks.enabled");
      String header =
          present(w, "signature_header")
              ? nonEmpty(w.get("signature_header"), "webhooks.signature_header", "a header name")
              : null;
      // With a signature_header, the block's secret_key signs every webhook without its own
      // secret there too, as MegaBot signs all of its webhooks with it.
      String blockSecret = header == null ? null : signing.orElse(null);
      for (Endpoint e : endpoints(w.get("endpoints"), "webhooks.endpoints", header, blockSecret)) {
        Endpoint one = enabled ? e : e.toBuilder().enabled(false).build();
        if (endpoints.stream().anyMatch(x -> x.id().equals(one.id()))) {
          record("webhooks.endpoints", "endpoint id '" + one.id() + "' is also in endpoints");
        } else {
          endpoints.add(one);
        }
      }
    }
    if (server.privateNetworks() == PrivateNetworks.DENY) {
      JsonNode list = o.get("endpoints");
      for (int i = 0; list != null && list.isArray() && i < list.size(); i++) {
        if (list.get(i).path("allow_private_network").asBoolean(false)) {
          record(
              "endpoints[" + i + "].allow_private_network",
              "needs server.private_networks: per_endpoint (private networks are refused to every"
                  + " endpoint now)");
        }
      }
    }
    failureTargets(o.get("endpoints"), endpoints);
    Map<String, SourceConfig> sources =
        section(o, "sources", () -> sources(o.get("sources")), Map.of());
    List<JsonNode> workflows =
        section(o, "workflows", () -> workflows(o.get("workflows")), List.of());
    AlertSettings alerts =
        section(
            o,
            "alerts",
            () -> alerts(o.get("alerts"), o.get("endpoints"), endpoints),
            AlertSettings.DEFAULTS);
    SecretSettings secrets =
        section(o, "secrets", () -> secrets(o.get("secrets")), SecretSettings.DEFAULTS);

    if (!problems.isEmpty()) {
      throw new ConfigException(file, problems);
    }
    return new HooklineConfig(
        server, store, signing, endpoints, sources, workflows, alerts, secrets, inherited);
  }

  /** Reads a section when present and not null, recording its problem and using the default. */
  private <T> T section(ObjectNode o, String key, Supplier<T> read, T fallback) {
    JsonNode n = o.get(key);
    if (n == null || n.isNull()) {
      return fallback;
    }
    return attempt(key, read).orElse(fallback);
  }

  /** Runs {@code read}, recording its problem (at {@code path} unless it names its own). */
  private <T> Optional<T> attempt(String path, Supplier<T> read) {
    try {
      return Optional.of(read.get());
    } catch (Problem p) {
      record(p.path, p.getMessage());
    } catch (InvalidEndpointException e) {
      for (InvalidEndpointException one : e.problems()) {
        String field = one.field();
        String message = one.getMessage();
        record(
            field,
            message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message);
      }
    } catch (HooklineException | IllegalArgumentException e) {
      record(path, e.getMessage());
    }
    return Optional.empty();
  }

  private void record(String path, String message) {
    problems.add(new ConfigException.Problem(path, tree.lineOf(path), message));
  }

  // ---------------------------------------------------------------- sections

  private ServerSettings server(JsonNode n) {
    ObjectNode o = object(n, "server", "a map {host, port, api_keys, ...}");
    unknownKeys(o, "server", SERVER_KEYS);
    ServerSettings d = ServerSettings.DEFAULTS;
    String host = d.host();
    int port = d.port();
    List<String> apiKeys = d.apiKeys();
    long maxBody = d.maxBodyBytes();
    PrivateNetworks privateNetworks = d.privateNetworks();
    List<String> corsOrigins = d.corsOrigins();
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
    return new ServerSettings(host, port, apiKeys, maxBody, privateNetworks, corsOrigins);
  }

  private String store(JsonNode n) {
    ObjectNode o = object(n, "store", "a map {url: jdbc:...}");
    unknownKeys(o, "store", STORE_KEYS);
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

  private Optional<String> signing(JsonNode n) {
    ObjectNode o = object(n, "signing", "a map {secret: ...}");
    unknownKeys(o, "signing", SIGNING_KEYS);
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

  private String secretKey(JsonNode n) {
    String secret = nonEmpty(n, "webhooks.secret_key", "the default signing secret");
    try {
      SignatureConfig.standard(secret);
    } catch (HooklineException | IllegalArgumentException e) {
      fail("webhooks.secret_key", e.getMessage());
    }
    return secret;
  }

  /**
   * The endpoints of {@code list} ({@code endpoints}, or {@code webhooks.endpoints}, whose items
   * are registrations: an id is made from the URL when absent, {@code secret} signs in {@code
   * signatureHeader}, and so does {@code headerSecret} for items with neither {@code secret} nor
   * {@code signature}, when given).
   */
  private List<Endpoint> endpoints(
      JsonNode n, String where, String signatureHeader, String headerSecret) {
    boolean registrations = !where.equals("endpoints");
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      record(where, "expected a list of endpoints (- id: ...), got " + describe(n));
      return List.of();
    }
    List<Endpoint> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < n.size(); i++) {
      String path = where + "[" + i + "]";
      JsonNode given = n.get(i);
      JsonNode item = given;
      if (registrations && given instanceof ObjectNode r) {
        item =
            attempt(
                    path,
                    () -> (JsonNode) registration(r, path, signatureHeader, headerSecret, seen))
                .orElse(given);
      }
      JsonNode read = item;
      Optional<Endpoint> e =
          attempt(
              path,
              () -> {
                Endpoint one = EndpointJson.read(read, path, inherited);
                if (one.deliveryHeaders().isEmpty()) {
                  // The top-level block applies: check it against this endpoint's signing here,
                  // where the problem can be placed at a line.
                  placed(
                      path,
                      () ->
                          inherited.check(
                              one.id(),
                              one.signature()
                                  .or(
                                      () ->
                                          one.format() == Format.RAW
                                              ? defaultSigning
                                              : Optional.empty()),
                              one.headers().keySet()));
                }
                return one;
              });
      String id =
          e.map(Endpoint::id)
              .orElse(item.path("id").isTextual() ? item.path("id").textValue() : null);
      if (id != null) {
        Integer first = seen.putIfAbsent(id, i);
        if (first != null) {
          record(
              path + ".id",
              "duplicate endpoint id '"
                  + id
                  + "' (also "
                  + where
                  + "["
                  + first
                  + "]); ids are unique");
          continue;
        }
      }
      e.ifPresent(out::add);
    }
    return out;
  }

  /** Runs a check of one endpoint, placing the field it names under the endpoint's path. */
  private static void placed(String path, Runnable check) {
    try {
      check.run();
    } catch (InvalidEndpointException e) {
      String where = path + "." + e.field();
      throw new InvalidEndpointException(where, where + ": " + e.getMessage(), e);
    }
  }

  private static ObjectNode registration(
      ObjectNode r,
      String path,
      String signatureHeader,
      String headerSecret,
      Map<String, Integer> seen) {
    ObjectNode withHeader = r;
    if (signatureHeader != null
        && headerSecret != null
        && !r.has("secret")
        && !r.has("signature")
        && !r.has("signature_header")) {
      withHeader = r.deepCopy().put("secret", headerSecret);
    }
    if (signatureHeader != null && withHeader.hasNonNull("secret") && !r.has("signature_header")) {
      withHeader = withHeader.deepCopy().put("signature_header", signatureHeader);
    }
    String id = WebhookRegistration.stableId(r.path("url").asText(""));
    for (int n = 2; seen.containsKey(id); n++) {
      id = WebhookRegistration.stableId(r.path("url").asText("")) + "-" + n;
    }
    return WebhookRegistration.toEndpoint(withHeader, id, path);
  }

  private Map<String, SourceConfig> sources(JsonNode n) {
    ObjectNode o = object(n, "sources", "a map of source names to {type, secret, ...}");
    Map<String, SourceConfig> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      attempt("sources." + e.getKey(), () -> source(e.getKey(), e.getValue()))
          .ifPresent(s -> out.put(s.name(), s));
    }
    return out;
  }

  private SourceConfig source(String name, JsonNode n) {
    String path = "sources." + name;
    if (!SOURCE_NAME.matcher(name).matches()) {
      fail(
          path,
          "'"
              + name
              + "' cannot be a source name (it is the path in POST /webhooks/<name>); use letters,"
              + " digits, '_', '-' or '.'");
    }
    ObjectNode o =
        n == null || n.isNull()
            ? JsonNodeFactory.instance.objectNode()
            : object(n, path, "a map {type, secret, header, prefix, tolerance}");
    unknownKeys(o, path, SOURCE_KEYS);
    String type;
    if (present(o, "type")) {
      type = text(o.get("type"), path + ".type").strip().toLowerCase(Locale.ROOT);
      if (!SourceConfig.TYPES.contains(type)) {
        fail(
            path + ".type",
            "'"
                + type
                + "' is not a source type; use one of "
                + String.join(", ", SourceConfig.TYPES));
      }
    } else {
      type = name.toLowerCase(Locale.ROOT);
      if (!SourceConfig.TYPES.contains(type)) {
        fail(
            path,
            "'"
                + name
                + "' is not a source type, so give one: type: "
                + String.join("|", SourceConfig.TYPES));
      }
    }
    List<String> secrets = List.of();
    if (present(o, "secret")) {
      secrets = strings(o.get("secret"), path + ".secret", "secrets");
      for (int i = 0; i < secrets.size(); i++) {
        if (secrets.get(i).isBlank()) {
          fail(
              secrets.size() == 1 ? path + ".secret" : path + ".secret[" + i + "]",
              "is empty (is its environment variable set?)");
        }
      }
    }
    if (secrets.isEmpty() && !type.equals("generic")) {
      fail(
          path + ".secret",
          "is missing; a " + type + " source verifies signatures with its secret");
    }
    Optional<String> header = Optional.empty();
    Optional<String> prefix = Optional.empty();
    for (String key : List.of("header", "prefix")) {
      if (present(o, key) && !type.equals("generic")) {
        fail(
            path + "." + key,
            "applies to generic sources only; a "
                + type
                + " source uses "
                + type
                + "'s own header");
      }
    }
    if (present(o, "header")) {
      header = Optional.of(nonEmpty(o.get("header"), path + ".header", "a header name"));
    }
    if (present(o, "prefix")) {
      prefix = Optional.of(text(o.get("prefix"), path + ".prefix"));
    }
    Duration tolerance = SourceConfig.DEFAULT_TOLERANCE;
    if (present(o, "tolerance")) {
      if (!TIMESTAMPED.contains(type)) {
        fail(
            path + ".tolerance",
            "applies to stripe, slack and standard sources, whose signatures carry a timestamp");
      }
      tolerance = duration(o.get("tolerance"), path + ".tolerance");
    }
    if (!secrets.isEmpty()) {
      SignatureScheme scheme = SOURCE_SCHEMES.get(type);
      List<String> s = secrets;
      Duration t = tolerance;
      String h = header.orElse(SourceConfig.DEFAULT_GENERIC_HEADER);
      String pre = prefix.orElse("");
      try {
        if (scheme == SignatureScheme.HEX) {
          new SignatureConfig(scheme, s, h, pre, t);
        } else {
          SignatureConfig.of(scheme, s).withTolerance(t);
        }
      } catch (HooklineException | IllegalArgumentException e) {
        String where =
            e.getMessage().contains("header")
                ? path + ".header"
                : e.getMessage().contains("tolerance") ? path + ".tolerance" : path + ".secret";
        fail(where, e.getMessage());
      }
    }
    SourceConfig source = new SourceConfig(name, type, secrets, header, prefix, tolerance);
    if (present(o, "public_url")) {
      if (!type.equals("twilio")) {
        fail(path + ".public_url", "applies to twilio sources, whose signature covers the URL");
      }
      String raw = nonEmpty(o.get("public_url"), path + ".public_url", "an absolute URL");
      try {
        URI url = new URI(raw);
        if (!url.isAbsolute() || url.getHost() == null) {
          throw new URISyntaxException(raw, "not an absolute http(s) URL");
        }
        source = source.withPublicUrl(url);
      } catch (URISyntaxException e) {
        fail(path + ".public_url", "'" + raw + "' is not an absolute URL: " + e.getReason());
      }
    }
    return source;
  }

  private List<JsonNode> workflows(JsonNode n) {
    if (!n.isArray()) {
      fail(
          "workflows",
          "expected a list of workflows (inline maps, or file names), got " + describe(n));
    }
    List<JsonNode> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      String path = "workflows[" + i + "]";
      JsonNode item = n.get(i);
      attempt(path, () -> workflow(item, path)).ifPresent(out::add);
    }
    return out;
  }

  private JsonNode workflow(JsonNode item, String path) {
    if (item.isObject()) {
      return item;
    }
    if (!item.isTextual()) {
      fail(path, "expected a workflow (a map) or the name of a YAML file, got " + describe(item));
    }
    String name = item.textValue().strip();
    Path resolved = baseDir.resolve(name).normalize();
    String text;
    try {
      text = Files.readString(resolved, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new Problem(
          path, "workflow file '" + name + "' not found (looked for " + resolved + ")");
    } catch (MalformedInputException e) {
      throw new Problem(path, "workflow file '" + name + "' is not UTF-8 text");
    } catch (IOException e) {
      throw new Problem(path, "workflow file '" + name + "' cannot be read: " + e.getMessage());
    }
    YamlTree.Result wf;
    try {
      wf = YamlTree.read(text, env, Optional.of(name));
    } catch (ConfigException e) {
      throw new Problem(path, e.getMessage());
    }
    if (wf.root().isEmpty() || !wf.root().get().isObject()) {
      throw new Problem(
          path,
          "workflow file '"
              + name
              + "' should hold one workflow (a map), got "
              + wf.root().map(ConfigLoader::describe).orElse("an empty document"));
    }
    return wf.root().get();
  }

  private SecretSettings secrets(JsonNode n) {
    ObjectNode o = object(n, "secrets", "a map {key_file, previous_key_files}");
    unknownKeys(o, "secrets", SECRETS_KEYS);
    Optional<Path> keyFile = Optional.empty();
    if (present(o, "key_file")) {
      String name = nonEmpty(o.get("key_file"), "secrets.key_file", "the path of a key file");
      keyFile = attempt("secrets.key_file", () -> keyFile(name, "secrets.key_file"));
    }
    List<Path> previous = new ArrayList<>();
    if (present(o, "previous_key_files")) {
      List<String> names =
          strings(o.get("previous_key_files"), "secrets.previous_key_files", "key file paths");
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        String path = "secrets.previous_key_files[" + i + "]";
        attempt(path, () -> keyFile(name, path)).ifPresent(previous::add);
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
  private AlertSettings alerts(JsonNode n, JsonNode endpoints, List<Endpoint> loaded) {
    ObjectNode o = object(n, "alerts", "a map {failure_threshold, window, ...}");
    unknownKeys(o, "alerts", ALERT_KEYS);
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
          record(where, "'" + channels.get(i) + "' is not an endpoint id; " + fix);
        }
      }
    }
    return new AlertSettings(threshold, window, timeout, channels);
  }

  /** Each {@code endpoints[i].on_failure.endpoint} names a declared endpoint. */
  private void failureTargets(JsonNode list, List<Endpoint> endpoints) {
    Set<String> ids = new LinkedHashSet<>();
    // Declared ids, even of endpoints with other problems (reported on their own).
    for (int i = 0; list != null && list.isArray() && i < list.size(); i++) {
      if (list.get(i).path("id").isTextual()) {
        ids.add(list.get(i).path("id").textValue());
      }
    }
    endpoints.forEach(e -> ids.add(e.id()));
    for (int i = 0; list != null && list.isArray() && i < list.size(); i++) {
      JsonNode target = list.get(i).path("on_failure").path("endpoint");
      String self = list.get(i).path("id").asText("");
      if (!target.isTextual() || target.textValue().strip().equals(self)) {
        continue; // not given, or already reported by the endpoint's own checks
      }
      String id = target.textValue().strip();
      if (!ids.contains(id)) {
        record(
            "endpoints[" + i + "].on_failure.endpoint",
            "'" + id + "' is not an endpoint id; declared endpoints are " + String.join(", ", ids));
      }
    }
  }

  // ---------------------------------------------------------------- value helpers

  /** A problem at a path, thrown to abandon the item being read. */
  private static final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String path;

    Problem(String path, String message) {
      super(message, null, false, false);
      this.path = path;
    }
  }

  private static Problem fail(String path, String message) {
    throw new Problem(path, message);
  }

  private void unknownKeys(ObjectNode o, String path, List<String> known) {
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      String key = e.getKey();
      if (!known.contains(key)) {
        record(path.isEmpty() ? key : path + "." + key, EndpointJson.unknownKey(key, known, HINTS));
      }
    }
  }

  private static ObjectNode object(JsonNode n, String path, String what) {
    if (!n.isObject()) {
      fail(path, "expected " + what + ", got " + describe(n));
    }
    return (ObjectNode) n;
  }

  private static boolean present(ObjectNode o, String key) {
    JsonNode v = o.get(key);
    return v != null && !v.isNull();
  }

  private static String text(JsonNode n, String path) {
    if (!n.isTextual()) {
      fail(
          path,
          "expected a string, got "
              + describe(n)
              + (n.isNumber() || n.isBoolean() ? "; quote it to make it a string" : ""));
    }
    return n.textValue();
  }

  private static String nonEmpty(JsonNode n, String path, String what) {
    String s = text(n, path);
    if (s.isBlank()) {
      fail(path, "is empty (is its environment variable set?); give " + what);
    }
    return s;
  }

  private static long whole(JsonNode n, String path, String what) {
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      fail(path, "expected a whole number (" + what + "), got " + describe(n));
    }
    return n.longValue();
  }

  private static boolean bool(JsonNode n, String path) {
    if (!n.isBoolean()) {
      fail(path, "expected true or false, got " + describe(n));
    }
    return n.booleanValue();
  }

  private static List<String> strings(JsonNode n, String path, String what) {
    if (n.isTextual()) {
      return List.of(n.textValue());
    }
    if (!n.isArray()) {
      fail(path, "expected a list of " + what + ", got " + describe(n));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      out.add(text(n.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  private static Duration duration(JsonNode n, String path) {
    if (!n.isTextual() && !n.isNumber()) {
      fail(path, "expected a duration such as 500ms, 5s, 5m, 2h or 1d, got " + describe(n));
    }
    try {
      return Durations.parse(n.isTextual() ? n.textValue() : n.decimalValue().toPlainString());
    } catch (IllegalArgumentException e) {
      throw new Problem(path, e.getMessage());
    }
  }

  private static Duration positive(Duration d, String path) {
    if (d.isZero()) {
      fail(path, "must be longer than 0");
    }
    return d;
  }

  static String describe(JsonNode n) {
    if (n.isNull()) {
      return "nothing (null)";
    }
    if (n.isTextual()) {
      String t = n.textValue();
      return "the string '" + (t.length() > 40 ? t.substring(0, 37) + "..." : t) + "'";
    }
    if (n.isBoolean()) {
      return "the boolean " + n.booleanValue();
    }
    if (n.isNumber()) {
      return "the number " + n.asText();
    }
    return n.isArray() ? "a list" : "a map";
  }
}
