package dev.hookline.signature;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An HMAC-SHA256 of the body alone in one header, after an optional prefix: GitHub ({@code sha256=}
 * + hex), the configurable hex scheme, and Shopify (base64).
 *
 * <p>Signing uses the first secret (one header holds one signature); verifying accepts any.
 */
final class BodyHmacScheme extends AbstractScheme {
  enum Encoding {
    HEX,
    BASE64
  }

  private final List<Hmac> keys;
  private final String header;
  private final String prefix;
  private final Encoding encoding;

  BodyHmacScheme(
      SignatureScheme scheme, List<Hmac> keys, String header, String prefix, Encoding encoding) {
    super(scheme, keys.size());
    this.keys = keys;
    this.header = header;
    this.prefix = prefix;
    this.encoding = encoding;
  }

  @Override
  public Map<String, String> sign(SignedContent content) {
    byte[] mac = keys.get(0).compute(content.bodyBytes());
    String encoded =
        encoding == Encoding.HEX
            ? HexFormat.of().formatHex(mac)
            : Base64.getEncoder().encodeToString(mac);
    return Headers.ordered(header, prefix + encoded);
  }

  @Override
  Verification check(Function<String, Optional<String>> headers, byte[] body, URI url) {
    Optional<String> value = Headers.get(headers, header);
    if (value.isEmpty()) {
      return Headers.missing(header);
    }
    String signature = value.get();
    if (!signature.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return Headers.malformed(header, "it does not start with " + prefix);
    }
    byte[] candidate;
    try {
      String encoded = signature.substring(prefix.length());
      candidate =
          encoding == Encoding.HEX
              ? HexFormat.of().parseHex(encoded)
              : Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      return Headers.malformed(
          header,
          encoding == Encoding.HEX ? "the signature is not hex" : "the signature is not base64");
    }
    List<byte[]> expected = new ArrayList<>(keys.size());
    for (Hmac key : keys) {
      expected.add(key.compute(body));
    }
    return anyMatches(List.of(candidate), expected)
        ? Verification.success("the " + header + " signature matches")
        : Verification.failure(
            Verification.Reason.NO_MATCHING_SIGNATURE,
            "the "
                + header
                + " signature does not match the configured secret"
                + (keys.size() == 1 ? "" : "s"));
  }
}
