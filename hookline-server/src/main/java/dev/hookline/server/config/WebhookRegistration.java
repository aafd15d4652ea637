package dev.hookline.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.routing.InvalidEndpointException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The webhook registration shape other tools use (seed 003's MegaBot: {@code {"url", "events",
 * "secret", "filters"}}, no id), turned into a Hookline endpoint definition: an id when it has
 * none, and {@code secret} as a {@code hex} signature ({@code sha256=<hex HMAC-SHA256 of the
 * body>}) in {@code signature_header} (default {@value #DEFAULT_SIGNATURE_HEADER}). Everything else
 * is an endpoint key and passes through. Used by {@code POST /api/webhooks} and the config file's
 * {@code webhooks:} block. Stateless and thread-safe.
 */
public final class WebhookRegistration {
  /** The header a registration's {@code secret} signs in unless it names another. */
  public static final String DEFAULT_SIGNATURE_HEADER = "X-Hookline-Signature";

  private WebhookRegistration() {}

  /**
   * The endpoint definition for {@code registration}, a copy; {@code id} is used when it has none.
   *
   * @param where the registration's place for error messages ({@code webhooks.endpoints[0]}, or
   *     {@code ""} for an API body)
   * @throws InvalidEndpointException naming the key when {@code secret} and {@code signature} are
   *     both given, or {@code secret} or {@code signature_header} is not a string
   */
  public static ObjectNode toEndpoint(ObjectNode registration, String id, String where) {
    ObjectNode e = registration.deepCopy();
    if (!e.hasNonNull("id")) {
      e.put("id", id);
    }
    JsonNode header = e.remove("signature_header");
    JsonNode secret = e.remove("secret");
    if (header != null && !header.isNull() && !header.isTextual()) {
      throw error(where, "signature_header", "expected a header name, such as X-MegaBot-Signature");
    }
    if (secret == null || secret.isNull()) {
      if (header != null && !header.isNull()) {
        throw error(where, "signature_header", "applies to secret; this webhook has none");
      }
      return e;
    }
    if (!secret.isTextual() || secret.textValue().isBlank()) {
      throw error(where, "secret", "expected the secret (a string) the receiver verifies with");
    }
    if (e.has("signature")) {
      throw error(where, "secret", "give secret or signature, not both");
    }
    ObjectNode signature = e.putObject("signature");
    signature.put("scheme", "hex");
    signature.put(
        "header",
        header == null || header.isNull() ? DEFAULT_SIGNATURE_HEADER : header.textValue());
    signature.put("prefix", "sha256=");
    signature.put("secret", secret.textValue());
    return e;
  }

  /**
   * A stable id for a registration without one, from its URL: {@code webhook-<8 hex>}, so that a
   * config file's webhooks keep their ids (and their deliveries) across restarts.
   */
  public static String stableId(String url) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return "webhook-" + HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static InvalidEndpointException error(String where, String key, String message) {
    String path = where.isEmpty() ? key : where + "." + key;
    return new InvalidEndpointException(path, path + ": " + message);
  }
}
