package dev.hookline.signature;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.net.URLDecoder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Twilio: {@code X-Twilio-Signature: base64(HMAC-SHA1(auth token, data))}.
 *
 * <p>For a form body ({@code application/x-www-form-urlencoded}) the data is the full request URL
 * followed by every form parameter's decoded name and value, sorted by name (then value), with no
 * separators. When the URL has a {@code bodySHA256} query parameter (Twilio's JSON requests), the
 * data is the URL alone and the body's hex SHA-256 must equal that parameter.
 *
 * <p>Verification tries the URL as given, without its port, and with the scheme's default port
 * added, because Twilio is not consistent about ports (its own validators do the same). Signing
 * uses the first auth token; verifying accepts any.
 */
final class TwilioScheme extends AbstractScheme {
  static final String HEADER = "X-Twilio-Signature";
  private static final String BODY_HASH = "bodySHA256";

  private final List<Hmac> keys;

  TwilioScheme(List<Hmac> keys) {
    super(SignatureScheme.TWILIO, keys.size());
    this.keys = keys;
  }

  /**
   * @throws IllegalArgumentException if the content has no URL, or a form body that cannot be
   *     decoded
   */
  @Override
  public Map<String, String> sign(SignedContent content) {
    URI url =
        content
            .url()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "scheme twilio signs the request URL; give it with"
                            + " SignedContent.withUrl(uri)"));
    String params =
        bodyHashParameter(url).isPresent() ? "" : sortedFormParameters(content.bodyBytes());
    byte[] mac = keys.get(0).compute((url.toString() + params).getBytes(UTF_8));
    return Headers.ordered(HEADER, Base64.getEncoder().encodeToString(mac));
  }

  @Override
  Verification check(Function<String, Optional<String>> headers, byte[] body, URI url) {
    Optional<String> value = Headers.get(headers, HEADER);
    if (value.isEmpty()) {
      return Headers.missing(HEADER);
    }
    if (url == null) {
      return Verification.failure(
          Verification.Reason.MISSING_URL,
          "scheme twilio signs the full request URL; pass it to Verifier.verify");
    }
    byte[] candidate;
    try {
      candidate = Base64.getDecoder().decode(value.get());
    } catch (IllegalArgumentException e) {
      return Headers.malformed(HEADER, "the signature is not base64");
    }
    Optional<String> bodyHash = bodyHashParameter(url);
    String params;
    if (bodyHash.isPresent()) {
      params = "";
    } else {
      try {
        params = sortedFormParameters(body);
      } catch (IllegalArgumentException e) {
        return Verification.failure(
            Verification.Reason.MALFORMED_BODY,
            "the body is not application/x-www-form-urlencoded (bad %-escape), and the URL has"
                + " no bodySHA256 parameter");
      }
    }
    List<byte[]> expected = new ArrayList<>();
    for (String variant : urlVariants(url)) {
      byte[] data = (variant + params).getBytes(UTF_8);
      for (Hmac key : keys) {
        expected.add(key.compute(data));
      }
    }
    if (!anyMatches(List.of(candidate), expected)) {
      return Verification.failure(
          Verification.Reason.NO_MATCHING_SIGNATURE,
          "the "
              + HEADER
              + " signature does not match the URL and parameters with the configured auth token"
              + (keys.size() == 1 ? "" : "s"));
    }
    if (bodyHash.isPresent() && !bodyMatches(body, bodyHash.get())) {
      return Verification.failure(
          Verification.Reason.NO_MATCHING_SIGNATURE,
          "the body's SHA-256 does not match the URL's bodySHA256 parameter");
    }
    return Verification.success("the " + HEADER + " signature matches");
  }

  private static boolean bodyMatches(byte[] body, String hexHash) {
    byte[] want;
    try {
      want = HexFormat.of().parseHex(hexHash);
    } catch (IllegalArgumentException e) {
      return false;
    }
    try {
      return MessageDigest.isEqual(MessageDigest.getInstance("SHA-256").digest(body), want);
    } catch (NoSuchAlgorithmException e) {
      throw Hmac.unexpected(e);
    }
  }

  /** The raw value of the bodySHA256 query parameter, if the URL has one. */
  private static Optional<String> bodyHashParameter(URI url) {
    String query = url.getRawQuery();
    if (query == null) {
      return Optional.empty();
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith(BODY_HASH + "=")) {
        return Optional.of(pair.substring(BODY_HASH.length() + 1));
      }
    }
    return Optional.empty();
  }

  /**
   * Name and value of every form parameter, decoded, sorted by name then value, concatenated.
   *
   * @throws IllegalArgumentException if a %-escape is malformed
   */
  static String sortedFormParameters(byte[] body) {
    List<String[]> pairs = new ArrayList<>();
    for (String pair : new String(body, UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      pairs.add(new String[] {URLDecoder.decode(name, UTF_8), URLDecoder.decode(value, UTF_8)});
    }
    pairs.sort(
        Comparator.<String[], String>comparing(pair -> pair[0]).thenComparing(pair -> pair[1]));
    StringBuilder out = new StringBuilder();
    for (String[] pair : pairs) {
      out.append(pair[0]).append(pair[1]);
    }
    return out.toString();
  }

  /** The URL as given, then without its port or with the scheme's default port. */
  static List<String> urlVariants(URI url) {
    List<String> variants = new ArrayList<>(2);
    variants.add(url.toString());
    String scheme = url.getScheme();
    String host = url.getHost();
    if (scheme == null || host == null) {
      return variants;
    }
    int defaultPort =
        scheme.equalsIgnoreCase("https") ? 443 : scheme.equalsIgnoreCase("http") ? 80 : -1;
    String authority;
    if (url.getPort() != -1) {
      authority = host;
    } else if (defaultPort != -1) {
      authority = host + ":" + defaultPort;
    } else {
      return variants;
    }
    if (url.getRawUserInfo() != null) {
      authority = url.getRawUserInfo() + "@" + authority;
    }
    variants.add(
        scheme
            + "://"
            + authority
            + (url.getRawPath() == null ? "" : url.getRawPath())
            + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery())
            + (url.getRawFragment() == null ? "" : "#" + url.getRawFragment()));
    return variants;
  }
}
