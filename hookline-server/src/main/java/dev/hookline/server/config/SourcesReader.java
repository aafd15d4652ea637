package dev.hookline.server.config;

import static dev.hookline.server.config.ConfigValues.duration;
import static dev.hookline.server.config.ConfigValues.fail;
import static dev.hookline.server.config.ConfigValues.nonEmpty;
import static dev.hookline.server.config.ConfigValues.object;
import static dev.hookline.server.config.ConfigValues.present;
import static dev.hookline.server.config.ConfigValues.strings;
import static dev.hookline.server.config.ConfigValues.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.HooklineException;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.SignatureScheme;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code sources} section: inbound webhook sources and how each is verified. */
final class SourcesReader {
  private static final List<String> SOURCE_KEYS =
      List.of("type", "secret", "header", "prefix", "tolerance", "public_url");

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

  private final ConfigProblems problems;

  SourcesReader(ConfigProblems problems) {
    this.problems = problems;
  }

  Map<String, SourceConfig> sources(JsonNode n) {
    ObjectNode o = object(n, "sources", "a map of source names to {type, secret, ...}");
    Map<String, SourceConfig> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      problems
          .attempt("sources." + e.getKey(), () -> source(e.getKey(), e.getValue()))
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
    problems.unknownKeys(o, path, SOURCE_KEYS);
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
}
