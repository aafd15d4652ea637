package dev.hookline.server.config;

import static dev.hookline.server.config.ConfigValues.bool;
import static dev.hookline.server.config.ConfigValues.describe;
import static dev.hookline.server.config.ConfigValues.fail;
import static dev.hookline.server.config.ConfigValues.nonEmpty;
import static dev.hookline.server.config.ConfigValues.object;
import static dev.hookline.server.config.ConfigValues.present;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.delivery.PrivateNetworks;
import dev.hookline.routing.DeliveryHeaders;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.EndpointJson;
import dev.hookline.server.config.HooklineConfig.AlertSettings;
import dev.hookline.server.config.HooklineConfig.SecretSettings;
import dev.hookline.server.config.HooklineConfig.ServerSettings;
import dev.hookline.signature.SignatureConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

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

  private final Map<String, String> env;
  private final Path baseDir;
  private final Optional<String> file;
  private ConfigProblems problems;

  ConfigLoader(Map<String, String> env, Path baseDir, Optional<String> file) {
    this.env = Map.copyOf(env);
    this.baseDir = baseDir;
    this.file = file;
  }

  HooklineConfig load(String yaml) {
    YamlTree.Result tree = YamlTree.read(yaml, env, file);
    problems = new ConfigProblems(tree);
    if (tree.root().isEmpty()) {
      return HooklineConfig.defaults();
    }
    JsonNode root = tree.root().get();
    if (!root.isObject()) {
      fail("", "expected a map of sections (server, store, endpoints, ...), got " + describe(root));
    }
    ObjectNode o = (ObjectNode) root;
    problems.unknownKeys(o, "", TOP_KEYS);

    SettingsReader settings = new SettingsReader(problems, baseDir);
    HooklineConfig defaults = HooklineConfig.defaults();
    ServerSettings server =
        section(o, "server", () -> settings.server(o.get("server")), ServerSettings.DEFAULTS);
    String store = section(o, "store", () -> settings.store(o.get("store")), defaults.store());
    Optional<String> signing =
        section(o, "signing", () -> settings.signing(o.get("signing")), Optional.empty());
    DeliveryHeaders inherited =
        section(
            o,
            "delivery_headers",
            () ->
                EndpointJson.readDeliveryHeaders(
                    o.get("delivery_headers"), "delivery_headers", DeliveryHeaders.DEFAULT),
            DeliveryHeaders.DEFAULT);
    EndpointsReader reader =
        new EndpointsReader(problems, inherited, signing.map(SignatureConfig::standard));
    List<Endpoint> endpoints =
        new ArrayList<>(reader.endpoints(o.get("endpoints"), "endpoints", null, null));
    if (present(o, "webhooks")) {
      ObjectNode w =
          object(o.get("webhooks"), "webhooks", "a map {enabled, secret_key, endpoints}");
      problems.unknownKeys(w, "webhooks", WEBHOOKS_KEYS);
      if (present(w, "secret_key")) {
        if (signing.isPresent()) {
          problems.record(
              "webhooks.secret_key", "give signing.secret or webhooks.secret_key, not both");
        } else {
          signing =
              problems.attempt(
                  "webhooks.secret_key", () -> settings.secretKey(w.get("secret_key")));
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
      for (Endpoint e :
          reader.endpoints(w.get("endpoints"), "webhooks.endpoints", header, blockSecret)) {
        Endpoint one = enabled ? e : e.toBuilder().enabled(false).build();
        if (endpoints.stream().anyMatch(x -> x.id().equals(one.id()))) {
          problems.record(
              "webhooks.endpoints", "endpoint id '" + one.id() + "' is also in endpoints");
        } else {
          endpoints.add(one);
        }
      }
    }
    if (server.privateNetworks() == PrivateNetworks.DENY) {
      JsonNode list = o.get("endpoints");
      for (int i = 0; list != null && list.isArray() && i < list.size(); i++) {
        if (list.get(i).path("allow_private_network").asBoolean(false)) {
          problems.record(
              "endpoints[" + i + "].allow_private_network",
              "needs server.private_networks: per_endpoint (private networks are refused to every"
                  + " endpoint now)");
        }
      }
    }
    reader.failureTargets(o.get("endpoints"), endpoints);
    Map<String, SourceConfig> sources =
        section(
            o, "sources", () -> new SourcesReader(problems).sources(o.get("sources")), Map.of());
    List<JsonNode> workflows =
        section(
            o,
            "workflows",
            () -> new WorkflowsReader(problems, env, baseDir).workflows(o.get("workflows")),
            List.of());
    AlertSettings alerts =
        section(
            o,
            "alerts",
            () -> settings.alerts(o.get("alerts"), o.get("endpoints"), endpoints),
            AlertSettings.DEFAULTS);
    SecretSettings secrets =
        section(o, "secrets", () -> settings.secrets(o.get("secrets")), SecretSettings.DEFAULTS);

    if (!problems.all().isEmpty()) {
      throw new ConfigException(file, problems.all());
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
    return problems.attempt(key, read).orElse(fallback);
  }
}
