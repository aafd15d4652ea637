package dev.hookline.server.inbound;

import dev.hookline.server.config.SourceConfig;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.SignatureScheme;
import dev.hookline.signature.Verification;
import dev.hookline.signature.Verifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One configured source: how its requests are verified (with core's {@link Verifier}s, each
 * provider's secret used the way that provider uses it) and which {@link Provider} reads them.
 */
final class Source {
  private final String name;
  private final String type;
  private final Function<InboundRequest, Verification> verifier;
  private final Provider provider;

  private Source(
      String name,
      String type,
      Function<InboundRequest, Verification> verifier,
      Provider provider) {
    this.name = name;
    this.type = type;
    this.verifier = verifier;
    this.provider = provider;
  }

  /**
   * The source for a configuration.
   *
   * @throws IllegalArgumentException if the name, type, header or tolerance cannot be used, or a
   *     provider source has no secret
   * @throws dev.hookline.signature.InvalidSecretException if a secret cannot be used for its scheme
   */
  static Source create(SourceConfig config, Clock clock) {
    String name = config.name();
    if (!Names.SOURCE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "source name '"
              + name
              + "' is invalid: use 1 to 100 letters, digits, '_' or '-', starting with a letter or"
              + " digit (it is the path segment after /webhooks/ and the start of event ids)");
    }
    String type = config.type();
    List<String> secrets = config.secrets();
    if (secrets.isEmpty() && !type.equals("generic")) {
      throw new IllegalArgumentException(
          "source '"
              + name
              + "' of type "
              + type
              + " needs a secret: requests it cannot verify would be accepted from anyone");
    }
    return switch (type) {
      case "github" ->
          new Source(
              name, type, plain(SignatureScheme.GITHUB, config, clock), new GitHubProvider());
      case "stripe" ->
          new Source(
              name, type, plain(SignatureScheme.STRIPE, config, clock), new StripeProvider());
      case "slack" ->
          new Source(name, type, plain(SignatureScheme.SLACK, config, clock), new SlackProvider());
      case "shopify" ->
          new Source(
              name, type, plain(SignatureScheme.SHOPIFY, config, clock), new ShopifyProvider());
      case "standard" -> new Source(name, type, standard(config, clock), new StandardProvider());
      case "twilio" -> new Source(name, type, twilio(config, clock), new TwilioProvider());
      case "generic" -> new Source(name, type, generic(config, clock), new GenericProvider());
      default ->
          throw new IllegalArgumentException(
              "source '"
                  + name
                  + "' has unknown type '"
                  + type
                  + "'; known types: "
                  + String.join(", ", SourceConfig.TYPES));
    };
  }

  String name() {
    return name;
  }

  String type() {
    return type;
  }

  Verification verify(InboundRequest request) {
    return verifier.apply(request);
  }

  Provider provider() {
    return provider;
  }

  private static Function<InboundRequest, Verification> plain(
      SignatureScheme scheme, SourceConfig config, Clock clock) {
    Verifier verifier =
        Verifier.of(
            SignatureConfig.of(scheme, config.secrets()).withTolerance(config.tolerance()), clock);
    return request -> verifier.verify(request::header, request.body());
  }

  /**
   * Standard Webhooks: {@code whsec_} (and plain) secrets verify v1 HMAC signatures, {@code whpk_}
   * and {@code whsk_} keys v1a Ed25519 ones; a source may hold both kinds while a sender moves from
   * one to the other.
   */
  private static Function<InboundRequest, Verification> standard(SourceConfig config, Clock clock) {
    List<String> hmac = new ArrayList<>();
    List<String> ed25519 = new ArrayList<>();
    for (String secret : config.secrets()) {
      (secret.startsWith("whpk_") || secret.startsWith("whsk_") ? ed25519 : hmac).add(secret);
    }
    List<Verifier> verifiers = new ArrayList<>();
    if (!hmac.isEmpty()) {
      verifiers.add(
          Verifier.of(SignatureConfig.standard(hmac).withTolerance(config.tolerance()), clock));
    }
    if (!ed25519.isEmpty()) {
      verifiers.add(
          Verifier.of(
              SignatureConfig.of(SignatureScheme.STANDARD_ED25519, ed25519)
                  .withTolerance(config.tolerance()),
              clock));
    }
    // Every verifier checks the same timestamp and headers; when none matches, the first one's
    // answer says why.
    return request -> {
      Verification first = null;
      for (Verifier verifier : verifiers) {
        Verification result = verifier.verify(request::header, request.body());
        if (result.valid()) {
          return result;
        }
        first = first == null ? result : first;
      }
      return first;
    };
  }

  /** Twilio signs the URL it requested: the configured public URL, else the request's. */
  private static Function<InboundRequest, Verification> twilio(SourceConfig config, Clock clock) {
    Verifier verifier =
        Verifier.of(SignatureConfig.of(SignatureScheme.TWILIO, config.secrets()), clock);
    Optional<URI> publicUrl = config.publicUrl();
    return request ->
        verifier.verify(request::header, request.body(), signedUrl(publicUrl, request.url()));
  }

  static URI signedUrl(Optional<URI> publicUrl, URI requestUrl) {
    if (publicUrl.isEmpty()) {
      return requestUrl;
    }
    URI base = publicUrl.get();
    String query = requestUrl.getRawQuery();
    if (query == null) {
      return base;
    }
    try {
      String text = base.toString();
      return new URI(text + (base.getRawQuery() == null ? "?" : "&") + query);
    } catch (URISyntaxException e) {
      return base; // the query came from a parsed URI, so this does not happen
    }
  }

  /**
   * A generic source with secrets checks a hex HMAC-SHA256 of the body in its header (default
   * {@code X-Webhook-Signature}) after its prefix (default none); without, nothing is checked.
   */
  private static Function<InboundRequest, Verification> generic(SourceConfig config, Clock clock) {
    if (config.secrets().isEmpty()) {
      return request -> Verification.success("source has no secret; signature not checked");
    }
    Verifier verifier =
        Verifier.of(
            new SignatureConfig(
                SignatureScheme.HEX,
                config.secrets(),
                config.header().orElse(SourceConfig.DEFAULT_GENERIC_HEADER),
                config.prefix().orElse(""),
                config.tolerance()),
            clock);
    return request -> verifier.verify(request::header, request.body());
  }
}
