package dev.hookline.signature;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Slack: {@code X-Slack-Request-Timestamp: <unix>} and {@code X-Slack-Signature: v0=<hex
 * HMAC-SHA256 over "v0:{ts}:{body}">}. Signing uses the first secret; verifying accepts any.
 */
final class SlackScheme extends AbstractScheme {
  static final String TIMESTAMP = "X-Slack-Request-Timestamp";
  static final String SIGNATURE = "X-Slack-Signature";
  private static final String VERSION = "v0";

  private final List<Hmac> keys;
  private final Duration tolerance;
  private final Clock clock;

  SlackScheme(List<Hmac> keys, Duration tolerance, Clock clock) {
    super(SignatureScheme.SLACK, keys.size());
    this.keys = keys;
    this.tolerance = tolerance;
    this.clock = clock;
  }

  @Override
  public Map<String, String> sign(SignedContent content) {
    String timestamp = Long.toString(content.timestamp().getEpochSecond());
    byte[] mac = keys.get(0).compute(basePrefix(timestamp), content.bodyBytes());
    return Headers.ordered(
        TIMESTAMP, timestamp, SIGNATURE, VERSION + "=" + HexFormat.of().formatHex(mac));
  }

  @Override
  Verification check(Function<String, Optional<String>> headers, byte[] body, URI url) {
    Optional<String> timestamp = Headers.get(headers, TIMESTAMP);
    if (timestamp.isEmpty()) {
      return Headers.missing(TIMESTAMP);
    }
    Optional<String> signature = Headers.get(headers, SIGNATURE);
    if (signature.isEmpty()) {
      return Headers.missing(SIGNATURE);
    }
    OptionalLong seconds = Timestamps.parse(timestamp.get());
    if (seconds.isEmpty()) {
      return Headers.malformed(TIMESTAMP, "not a Unix time in seconds");
    }
    String value = signature.get();
    if (!value.startsWith(VERSION + "=")) {
      return Headers.malformed(SIGNATURE, "it does not start with v0=");
    }
    byte[] candidate;
    try {
      candidate = HexFormat.of().parseHex(value.substring(VERSION.length() + 1));
    } catch (IllegalArgumentException e) {
      return Headers.malformed(SIGNATURE, "the signature is not hex");
    }
    Optional<Verification> outside =
        Timestamps.outsideTolerance(TIMESTAMP, seconds.getAsLong(), clock, tolerance);
    if (outside.isPresent()) {
      return outside.get();
    }
    byte[] prefix = basePrefix(timestamp.get());
    List<byte[]> expected = new ArrayList<>(keys.size());
    for (Hmac key : keys) {
      expected.add(key.compute(prefix, body));
    }
    return anyMatches(List.of(candidate), expected)
        ? Verification.success("the v0 signature matches")
        : Verification.failure(
            Verification.Reason.NO_MATCHING_SIGNATURE,
            "the "
                + SIGNATURE
                + " signature does not match the configured secret"
                + (keys.size() == 1 ? "" : "s"));
  }

  private static byte[] basePrefix(String timestamp) {
    return (VERSION + ':' + timestamp + ':').getBytes(UTF_8);
  }
}
