package dev.hookline;

import dev.hookline.delivery.PrivateNetworks;
import dev.hookline.format.Formats;
import dev.hookline.routing.DeliveryHeaders;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.routing.OnFailure;
import dev.hookline.routing.Router;
import dev.hookline.signature.SignatureConfig;
import java.util.Optional;

/**
 * The checks an endpoint passes before {@link Hookline} routes to it: its integration's options,
 * private networks, signing, its delivery headers, and the endpoint its {@code on_failure} names.
 */
final class EndpointChecks {
  private final Router router;
  private final PrivateNetworks privateNetworks;
  private final Optional<SignatureConfig> defaultSignature;
  private final DeliveryHeaders deliveryHeaders;

  EndpointChecks(
      Router router,
      PrivateNetworks privateNetworks,
      Optional<SignatureConfig> defaultSignature,
      DeliveryHeaders deliveryHeaders) {
    this.router = router;
    this.privateNetworks = privateNetworks;
    this.defaultSignature = defaultSignature;
    this.deliveryHeaders = deliveryHeaders;
  }

  Endpoint checked(Endpoint e) {
    Formats.validate(e);
    if (e.allowPrivateNetwork() && privateNetworks == PrivateNetworks.DENY) {
      throw new InvalidEndpointException(
          "allow_private_network",
          "endpoint '"
              + e.id()
              + "': allow_private_network needs private networks allowed per endpoint"
              + " (server.private_networks: per_endpoint; in Java"
              + " Hookline.builder().privateNetworks(PrivateNetworks.PER_ENDPOINT))");
    }
    if (e.format() == Format.RAW && e.signature().isEmpty() && defaultSignature.isEmpty()) {
      throw new InvalidEndpointException(
          "signature",
          "endpoint '"
              + e.id()
              + "' has no signing secret: give it signature(...), set Hookline.builder()"
              + ".signingSecret(...), or choose SignatureConfig.none() explicitly");
    }
    Optional<SignatureConfig> signing =
        e.format() == Format.RAW ? e.signature().or(() -> defaultSignature) : e.signature();
    e.deliveryHeaders().orElse(deliveryHeaders).check(e.id(), signing, e.headers().keySet());
    return e;
  }

  /** An endpoint's {@code on_failure} names an endpoint that exists. */
  void checkFailureTarget(Endpoint e) {
    Optional<String> target = e.onFailure().flatMap(OnFailure::endpoint);
    if (target.isPresent() && router.endpoint(target.get()).isEmpty()) {
      throw new InvalidEndpointException(
          "on_failure.endpoint",
          "endpoint '"
              + e.id()
              + "': on_failure.endpoint '"
              + target.get()
              + "' is not an endpoint; add it, or name one of "
              + router.endpoints().stream().map(Endpoint::id).toList());
    }
  }
}
