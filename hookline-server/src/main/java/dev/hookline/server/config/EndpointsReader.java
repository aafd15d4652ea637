package dev.hookline.server.config;

import static dev.hookline.server.config.ConfigValues.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.routing.DeliveryHeaders;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.EndpointJson;
import dev.hookline.routing.Format;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.signature.SignatureConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the endpoint lists of {@code hookline.yaml} ({@code endpoints} and {@code
 * webhooks.endpoints}), their delivery headers against their signing, and the endpoints their
 * {@code on_failure} names.
 */
final class EndpointsReader {
  private final ConfigProblems problems;
  private final DeliveryHeaders inherited;
  private final Optional<SignatureConfig> defaultSigning;

  EndpointsReader(
      ConfigProblems problems,
      DeliveryHeaders inherited,
      Optional<SignatureConfig> defaultSigning) {
    this.problems = problems;
    this.inherited = inherited;
    this.defaultSigning = defaultSigning;
  }

  /**
   * The endpoints of {@code list} ({@code endpoints}, or {@code webhooks.endpoints}, whose items
   * are registrations: an id is made from the URL when absent, {@code secret} signs in {@code
   * signatureHeader}, and so does {@code headerSecret} for items with neither {@code secret} nor
   * {@code signature}, when given).
   */
  List<Endpoint> endpoints(JsonNode n, String where, String signatureHeader, String headerSecret) {
    boolean registrations = !where.equals("endpoints");
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      problems.record(where, "expected a list of endpoints (- id: ...), got " + describe(n));
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
            problems
                .attempt(
                    path,
                    () -> (JsonNode) registration(r, path, signatureHeader, headerSecret, seen))
                .orElse(given);
      }
      JsonNode read = item;
      Optional<Endpoint> e =
          problems.attempt(
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
          problems.record(
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

  /** Each {@code endpoints[i].on_failure.endpoint} names a declared endpoint. */
  void failureTargets(JsonNode list, List<Endpoint> endpoints) {
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
        problems.record(
            "endpoints[" + i + "].on_failure.endpoint",
            "'" + id + "' is not an endpoint id; declared endpoints are " + String.join(", ", ids));
      }
    }
  }
}
