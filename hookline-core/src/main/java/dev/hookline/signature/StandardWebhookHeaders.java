package dev.hookline.signature;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The three Standard Webhooks headers, shared by v1 (HMAC) and v1a (Ed25519): reading them,
 * checking the timestamp, and picking the signatures of one version out of the signature list.
 *
 * <p>Senders that brand their headers the Svix way ({@code svix-id}, {@code svix-timestamp}, {@code
 * svix-signature}) are read too, when {@code webhook-id} is absent, as the Svix libraries do.
 */
final class StandardWebhookHeaders {
  static final String ID = "webhook-id";
  static final String TIMESTAMP = "webhook-timestamp";
  static final String SIGNATURE = "webhook-signature";
  private static final String SVIX_ID = "svix-id";
  private static final String SVIX_TIMESTAMP = "svix-timestamp";
  private static final String SVIX_SIGNATURE = "svix-signature";

  private StandardWebhookHeaders() {}

  /** The outcome of reading the headers: usable, or a failure to report. */
  sealed interface Read permits Received, Rejected {}

  /**
   * Usable headers.
   *
   * @param signedPrefix the bytes of {@code "{id}.{timestamp}."}, signed before the body
   * @param entries each {@code version,signature} entry of the signature header, split
   * @param signatureHeader the name the signatures were read from, for messages
   */
  record Received(byte[] signedPrefix, List<String[]> entries, String signatureHeader)
      implements Read {

    /** The decoded signatures of this version, skipping ones that are not base64. */
    List<byte[]> signatures(String version) {
      List<byte[]> out = new ArrayList<>();
      for (String[] entry : entries) {
        if (entry[0].equals(version)) {
          try {
            out.add(Base64.getDecoder().decode(entry[1]));
          } catch (IllegalArgumentException e) {
            // Not base64: it matches nothing, like any other wrong signature.
          }
        }
      }
      return out;
    }
  }

  /** A failure found while reading. */
  record Rejected(Verification verification) implements Read {}

  /** Reads the headers and checks the timestamp against the tolerance. */
  static Read read(Function<String, Optional<String>> headers, Clock clock, Duration tolerance) {
    String idName = ID;
    String timestampName = TIMESTAMP;
    String signatureName = SIGNATURE;
    Optional<String> id = Headers.get(headers, ID);
    if (id.isEmpty()) {
      Optional<String> svixId = Headers.get(headers, SVIX_ID);
      if (svixId.isPresent()) {
        id = svixId;
        idName = SVIX_ID;
        timestampName = SVIX_TIMESTAMP;
        signatureName = SVIX_SIGNATURE;
      }
    }
    if (id.isEmpty()) {
      return new Rejected(Headers.missing(ID));
    }
    Optional<String> timestamp = Headers.get(headers, timestampName);
    if (timestamp.isEmpty()) {
      return new Rejected(Headers.missing(timestampName));
    }
    Optional<String> signature = Headers.get(headers, signatureName);
    if (signature.isEmpty()) {
      return new Rejected(Headers.missing(signatureName));
    }
    OptionalLong seconds = Timestamps.parse(timestamp.get());
    if (seconds.isEmpty()) {
      return new Rejected(Headers.malformed(timestampName, "not a Unix time in seconds"));
    }
    Optional<Verification> outside =
        Timestamps.outsideTolerance(timestampName, seconds.getAsLong(), clock, tolerance);
    if (outside.isPresent()) {
      return new Rejected(outside.get());
    }
    List<String[]> entries = new ArrayList<>();
    for (String token : signature.get().split(" ")) {
      int comma = token.indexOf(',');
      if (comma > 0 && comma < token.length() - 1) {
        entries.add(new String[] {token.substring(0, comma), token.substring(comma + 1)});
      }
    }
    if (entries.isEmpty()) {
      return new Rejected(
          Headers.malformed(
              signatureName, "no space-separated entry of the form <version>,<signature>"));
    }
    byte[] prefix = signedPrefix(id.get(), timestamp.get());
    return new Received(prefix, entries, signatureName);
  }

  /** The bytes of {@code "{id}.{timestamp}."}. */
  static byte[] signedPrefix(String id, String timestamp) {
    return (id + '.' + timestamp + '.').getBytes(UTF_8);
  }
}
