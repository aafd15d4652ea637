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
 * Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 over "{t}.{body}">}. Signing emits
 * one {@code v1} per secret, as Stripe does while a secret is being rolled; verifying accepts any
 * {@code v1} that matches any secret and ignores other schemes ({@code v0}).
 */
final class StripeScheme extends AbstractScheme {
  static final String HEADER = "Stripe-Signature";

  private final List<Hmac> keys;
  private final Duration tolerance;
  private final Clock clock;

  StripeScheme(List<Hmac> keys, Duration tolerance, Clock clock) {
    super(SignatureScheme.STRIPE, keys.size());
    this.keys = keys;
    this.tolerance = tolerance;
    this.clock = clock;
  }

  @Override
  public Map<String, String> sign(SignedContent content) {
    String timestamp = Long.toString(content.timestamp().getEpochSecond());
    byte[] prefix = (timestamp + '.').getBytes(UTF_8);
    StringBuilder value = new StringBuilder("t=").append(timestamp);
    for (Hmac key : keys) {
      value
          .append(",v1=")
          .append(HexFormat.of().formatHex(key.compute(prefix, content.bodyBytes())));
    }
    return Headers.ordered(HEADER, value.toString());
  }

  @Override
  Verification check(Function<String, Optional<String>> headers, byte[] body, URI url) {
    Optional<String> value = Headers.get(headers, HEADER);
    if (value.isEmpty()) {
      return Headers.missing(HEADER);
    }
    String timestamp = null;
    List<byte[]> candidates = new ArrayList<>();
    for (String item : value.get().split(",")) {
      int equals = item.indexOf('=');
      if (equals < 0) {
        continue;
      }
      String key = item.substring(0, equals).strip();
      String itemValue = item.substring(equals + 1).strip();
      if (key.equals("t")) {
        timestamp = itemValue;
      } else if (key.equals("v1")) {
        try {
          candidates.add(HexFormat.of().parseHex(itemValue));
        } catch (IllegalArgumentException e) {
          // Not hex: it matches nothing, like any other wrong signature.
        }
      }
    }
    if (timestamp == null) {
      return Headers.malformed(HEADER, "no t=<timestamp> item");
    }
    OptionalLong seconds = Timestamps.parse(timestamp);
    if (seconds.isEmpty()) {
      return Headers.malformed(HEADER, "t is not a Unix time in seconds");
    }
    Optional<Verification> outside =
        Timestamps.outsideTolerance(HEADER + " t", seconds.getAsLong(), clock, tolerance);
    if (outside.isPresent()) {
      return outside.get();
    }
    if (candidates.isEmpty()) {
      return Verification.failure(
          Verification.Reason.NO_MATCHING_SIGNATURE, HEADER + " has no v1 signature");
    }
    byte[] prefix = (timestamp + '.').getBytes(UTF_8);
    List<byte[]> expected = new ArrayList<>(keys.size());
    for (Hmac key : keys) {
      expected.add(key.compute(prefix, body));
    }
    return anyMatches(candidates, expected)
        ? Verification.success("a v1 signature matches")
        : Verification.failure(
            Verification.Reason.NO_MATCHING_SIGNATURE,
            "no v1 signature in "
                + HEADER
                + " matches the configured secret"
                + (keys.size() == 1 ? "" : "s"));
  }
}
