package dev.hookline.server.inbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Event types and ids made from what providers send. */
final class Names {
  /** Source names: they become the first part of event ids, so no {@code :} or {@code .}. */
  static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

  private static final Pattern ID_SAFE = Pattern.compile("[A-Za-z0-9_:\\-]+");
  private static final Pattern NOT_TYPE_CHAR = Pattern.compile("[^A-Za-z0-9_:\\-]");
  private static final int MAX_ID = 255;

  private Names() {}

  /**
   * The event id of a delivery: {@code <source>:<delivery id>}, the same every time the provider
   * resends it, so the store recognises the duplicate. A delivery id that is not usable in an event
   * id as it is (a {@code .} as in Slack's trigger ids, other punctuation, too long) is replaced by
   * {@code h-} and 32 hex digits of its SHA-256.
   */
  static String eventId(String source, String deliveryId) {
    String id = source + ":" + deliveryId;
    if (id.length() <= MAX_ID && ID_SAFE.matcher(deliveryId).matches()) {
      return id;
    }
    return source + ":h-" + sha256Hex(deliveryId).substring(0, 32);
  }

  /**
   * An event type from a prefix and provider-given parts: each part is split at {@code .} and
   * {@code /}, characters an event type cannot hold become {@code _}, empty segments are dropped.
   */
  static String type(String prefix, Optional<?>... parts) {
    List<String> segments = new ArrayList<>();
    segments.add(prefix);
    for (Optional<?> part : parts) {
      if (part.isEmpty()) {
        continue;
      }
      for (String segment : part.get().toString().split("[./]")) {
        String clean = NOT_TYPE_CHAR.matcher(segment.strip()).replaceAll("_");
        if (!clean.isEmpty()) {
          segments.add(clean);
        }
      }
    }
    return String.join(".", segments);
  }

  /**
   * A part of an event type the provider always sends.
   *
   * @throws Rejection 400 {@code invalid_payload} with the message when it is absent or has no
   *     letter or digit
   */
  static Optional<String> required(Optional<String> part, String message) {
    if (part.isEmpty() || part.get().chars().noneMatch(Character::isLetterOrDigit)) {
      throw Rejection.badRequest("invalid_payload", message);
    }
    return part;
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
