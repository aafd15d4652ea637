package dev.hookline.delivery;

import dev.hookline.routing.DeliveryHeaders;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.Signer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Assembles an endpoint's interceptor chain: the user's interceptors (outermost first), then the
 * standard headers, then signing. Immutable.
 */
final class Interceptors {
  private final List<Interceptor> user;
  private final Optional<SignatureConfig> defaultSignature;
  private final DeliveryHeaders defaultHeaders;
  private final String userAgent;

  Interceptors(
      List<Interceptor> user,
      Optional<SignatureConfig> defaultSignature,
      DeliveryHeaders defaultHeaders,
      String userAgent) {
    this.user = List.copyOf(user);
    this.defaultSignature = defaultSignature;
    this.defaultHeaders = defaultHeaders;
    this.userAgent = userAgent;
  }

  /**
   * The chain for {@code e}.
   *
   * @throws IllegalStateException when a raw endpoint has no signature and there is no default
   */
  List<Interceptor> forEndpoint(Endpoint e) {
    // Native formats are signed only when the endpoint asks: Slack or Jira ignore signatures.
    Optional<SignatureConfig> signing =
        e.format() == Format.RAW ? e.signature().or(() -> defaultSignature) : e.signature();
    if (e.format() == Format.RAW && signing.isEmpty()) {
      throw new IllegalStateException(
          "endpoint '" + e.id() + "' has no signature and there is no default");
    }
    List<Interceptor> chain = new ArrayList<>(user);
    chain.add(new StandardHeaders(e.deliveryHeaders().orElse(defaultHeaders), userAgent));
    signing.ifPresent(sig -> chain.add(new SigningInterceptor(Signer.of(sig))));
    return List.copyOf(chain);
  }
}
