package dev.hookline.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Secrets in endpoint definitions shown by the API: the signing secret, credential options of the
 * native formats and credential-like headers are masked to their last four characters ({@code
 * ****3xYz}). The full values are returned once, when an endpoint is created, and by {@code GET
 * /api/endpoints/{id}/secret}. A masked value sent back unchanged (GET, edit, PUT) keeps the stored
 * secret.
 */
final class Redaction {
  static final String MASK = "****";

  private static final Set<String> OPTION_SECRETS =
      Set.of("bot_token", "api_token", "token", "api_key", "app_key", "password", "routing_key");
  private static final Pattern SECRET_HEADER =
      Pattern.compile("(?i).*(authorization|token|secret|password|api[-_]?key|cookie).*");

  private Redaction() {}

  /** A copy of an endpoint's JSON with its secrets masked. */
  static ObjectNode redact(ObjectNode endpoint) {
    ObjectNode out = endpoint.deepCopy();
    visit(out, (parent, key) -> parent.set(key, mask(parent.get(key))));
    return out;
  }

  /**
   * A workflow definition as the API shows it: credential-like headers of {@code http} steps masked
   * (the definition keeps what the config file's {@code ${VAR}} put in).
   */
  static JsonNode redactWorkflow(JsonNode definition) {
    JsonNode out = definition.deepCopy();
    for (JsonNode step : out.path("steps")) {
      if (step.path("http").path("headers") instanceof ObjectNode headers) {
        for (Iterator<String> it = headers.fieldNames(); it.hasNext(); ) {
          String name = it.next();
          if (SECRET_HEADER.matcher(name).matches()) {
            headers.set(name, mask(headers.get(name)));
          }
        }
      }
    }
    return out;
  }

  /**
   * {@code incoming} with every masked value put back: a value equal to the mask of the stored
   * secret at the same place, or — in a list, as during a rotation ({@code ["whsec_new...",
   * "****LaSw"]}) — to the mask of one of the stored secrets there. A masked value that matches no
   * stored secret is refused: storing the mask itself would lose the secret.
   *
   * @throws ApiException 400 naming the key
   */
  static ObjectNode restore(ObjectNode incoming, ObjectNode current) {
    ObjectNode out = incoming.deepCopy();
    visit(
        out,
        (parent, key) -> {
          JsonNode given = parent.get(key);
          JsonNode stored = at(current, parent, out, key);
          JsonNode restored = stored == null ? given : restoreValue(given, stored);
          parent.set(key, restored);
          if (stillMasked(restored)) {
            throw ApiException.badRequest(
                "invalid_endpoint",
                key
                    + ": a masked value ("
                    + MASK
                    + "...) that matches no stored secret; send the secret itself");
          }
        });
    return out;
  }

  private static JsonNode restoreValue(JsonNode given, JsonNode stored) {
    if (given.equals(mask(stored))) {
      return stored.deepCopy();
    }
    if (given instanceof ArrayNode list) {
      ArrayNode out = list.arrayNode();
      for (JsonNode item : list) {
        JsonNode match = item;
        Iterable<JsonNode> candidates = stored.isArray() ? stored : List.of(stored);
        for (JsonNode candidate : candidates) {
          if (item.equals(mask(candidate))) {
            match = candidate.deepCopy();
            break;
          }
        }
        out.add(match);
      }
      return out;
    }
    return given;
  }

  private static boolean stillMasked(JsonNode value) {
    if (value instanceof ArrayNode list) {
      for (JsonNode item : list) {
        if (stillMasked(item)) {
          return true;
        }
      }
      return false;
    }
    return value.isTextual() && value.asText().startsWith(MASK);
  }

  private interface Visitor {
    void secret(ObjectNode parent, String key);
  }

  private static void visit(ObjectNode endpoint, Visitor v) {
    if (endpoint.get("signature") instanceof ObjectNode sig && sig.has("secret")) {
      v.secret(sig, "secret");
    }
    if (endpoint.get("headers") instanceof ObjectNode headers) {
      for (Iterator<String> it = headers.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (SECRET_HEADER.matcher(name).matches()) {
          v.secret(headers, name);
        }
      }
    }
    for (Map.Entry<String, JsonNode> e : endpoint.properties()) {
      if (e.getValue() instanceof ObjectNode options && !e.getKey().equals("headers")) {
        for (String key : OPTION_SECRETS) {
          if (options.has(key) && !e.getKey().equals("signature")) {
            v.secret(options, key);
          }
        }
      }
    }
  }

  /** The current value at the same place as {@code parent.key} in {@code root}. */
  private static JsonNode at(ObjectNode current, ObjectNode parent, ObjectNode root, String key) {
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (e.getValue() == parent) {
        JsonNode section = current.get(e.getKey());
        return section == null ? null : section.get(key);
      }
    }
    return null;
  }

  private static JsonNode mask(JsonNode value) {
    if (value instanceof ArrayNode list) {
      ArrayNode out = list.arrayNode();
      list.forEach(v -> out.add(mask(v)));
      return out;
    }
    String s = value.asText();
    return TextNode.valueOf(s.length() >= 12 ? MASK + s.substring(s.length() - 4) : MASK);
  }
}
