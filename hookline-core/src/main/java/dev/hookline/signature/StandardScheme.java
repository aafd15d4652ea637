package dev.hookline.signature;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Standard Webhooks v1: base64 HMAC-SHA256 over {@code "{id}.{timestamp}.{body}"}. */
final class StandardScheme extends AbstractScheme {
  private static final String VERSION = "v1";

  private final List<Hmac> keys;
  private final Duration tolerance;
  private final Clock clock;

  StandardScheme(List<Hmac> keys, Duration tolerance, Clock clock) {
    super(SignatureScheme.STANDARD, keys.size());
    this.keys = keys;
    this.tolerance = tolerance;
    this.clock = clock;
  }

  @Override
  public Map<String, String> sign(SignedContent content) {
    String timestamp = Long.toString(content.timestamp().getEpochSecond());
    byte[] prefix = StandardWebhookHeaders.signedPrefix(content.messageId(), timestamp);
    StringBuilder signatures = new StringBuilder();
    for (Hmac key : keys) {
      if (!signatures.isEmpty()) {
        signatures.append(' ');
      }
      signatures
          .append(VERSION)
          .append(',')
          .append(Base64.getEncoder().encodeToString(key.compute(prefix, content.bodyBytes())));
    }
    return Headers.ordered(
        StandardWebhookHeaders.ID,
        content.messageId(),
        StandardWebhookHeaders.TIMESTAMP,
        timestamp,
        StandardWebhookHeaders.SIGNATURE,
        signatures.toString());
  }

  @Override
  Verification check(Function<String, Optional<String>> headers, byte[] body, URI url) {
    return switch (StandardWebhookHeaders.read(headers, clock, tolerance)) {
      case StandardWebhookHeaders.Rejected rejected -> rejected.verification();
      case StandardWebhookHeaders.Received received -> {
        List<byte[]> candidates = received.signatures(VERSION);
        if (candidates.isEmpty()) {
          yield Verification.failure(
              Verification.Reason.NO_MATCHING_SIGNATURE,
              received.signatureHeader() + " has no v1 signature");
        }
        List<byte[]> expected = new ArrayList<>(keys.size());
        for (Hmac key : keys) {
          expected.add(key.compute(received.signedPrefix(), body));
        }
        yield anyMatches(candidates, expected)
            ? Verification.success("a v1 signature matches")
            : Verification.failure(
                Verification.Reason.NO_MATCHING_SIGNATURE,
                "no v1 signature in "
                    + received.signatureHeader()
                    + " matches the configured secret"
                    + (keys.size() == 1 ? "" : "s"));
      }
    };
  }
}
