package dev.hookline.signature;

import java.net.URI;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every scheme shares: it both signs and verifies, turns the public verify overloads into one
 * {@link #check}, and is created from a {@link SignatureConfig} by {@link #create}.
 */
abstract class AbstractScheme implements Signer, Verifier {
  private final SignatureScheme scheme;
  private final int secretCount;

  AbstractScheme(SignatureScheme scheme, int secretCount) {
    this.scheme = scheme;
    this.secretCount = secretCount;
  }

  /**
   * The implementation of a configuration's scheme.
   *
   * @param forSigning whether it will sign, which Ed25519 allows only with secret keys
   * @throws InvalidSecretException if a secret cannot be used
   */
  static AbstractScheme create(SignatureConfig config, Clock clock, boolean forSigning) {
    SignatureScheme scheme = config.scheme();
    List<String> secrets = config.secrets();
    return switch (scheme) {
      case STANDARD ->
          new StandardScheme(hmacs(scheme, secrets, Hmac.SHA256), config.tolerance(), clock);
      case STANDARD_ED25519 ->
          new StandardEd25519Scheme(
              Keys.ed25519Keys(scheme, secrets), forSigning, config.tolerance(), clock);
      case GITHUB, HEX ->
          new BodyHmacScheme(
              scheme,
              hmacs(scheme, secrets, Hmac.SHA256),
              config.header(),
              config.prefix(),
              BodyHmacScheme.Encoding.HEX);
      case SHOPIFY ->
          new BodyHmacScheme(
              scheme,
              hmacs(scheme, secrets, Hmac.SHA256),
              config.header(),
              "",
              BodyHmacScheme.Encoding.BASE64);
      case STRIPE ->
          new StripeScheme(hmacs(scheme, secrets, Hmac.SHA256), config.tolerance(), clock);
      case SLACK -> new SlackScheme(hmacs(scheme, secrets, Hmac.SHA256), config.tolerance(), clock);
      case TWILIO -> new TwilioScheme(hmacs(scheme, secrets, Hmac.SHA1));
      case NONE -> new NoneScheme();
    };
  }

  private static List<Hmac> hmacs(SignatureScheme scheme, List<String> secrets, String algorithm) {
    return Keys.hmacKeys(scheme, secrets).stream().map(key -> new Hmac(algorithm, key)).toList();
  }

  @Override
  public final Verification verify(Function<String, Optional<String>> headers, byte[] body) {
    return check(
        Objects.requireNonNull(headers, "headers"), Objects.requireNonNull(body, "body"), null);
  }

  @Override
  public final Verification verify(
      Function<String, Optional<String>> headers, byte[] body, URI url) {
    return check(
        Objects.requireNonNull(headers, "headers"),
        Objects.requireNonNull(body, "body"),
        Objects.requireNonNull(url, "url"));
  }

  /**
   * Verifies one request; never throws for what came from the wire.
   *
   * @param url the full request URL, or null when the caller gave none
   */
  abstract Verification check(Function<String, Optional<String>> headers, byte[] body, URI url);

  /** Whether any candidate equals any expected value, compared in constant time. */
  static boolean anyMatches(List<byte[]> candidates, List<byte[]> expected) {
    for (byte[] want : expected) {
      for (byte[] candidate : candidates) {
        if (MessageDigest.isEqual(want, candidate)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The scheme and how many secrets it holds; never the secrets. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "[scheme=" + scheme + ", secrets=" + secretCount + "]";
  }
}
