package dev.hookline.delivery;

import dev.hookline.routing.DeliveryHeaders;
import dev.hookline.routing.Endpoint;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Everything the delivery engine is built from. Not for applications: {@code Hookline.Builder}
 * holds the defaults, checks each value as it is set, and builds this.
 *
 * @param store where deliveries are claimed from and outcomes recorded
 * @param endpoints looks endpoints up by id (their current settings are used at each attempt)
 * @param clock for attempt times, schedules and windows
 * @param nodeId this node's id in leases and attempt records
 * @param maxInFlight most deliveries held in memory at once
 * @param maxInFlightPerEndpoint most concurrent requests to one endpoint
 * @param claimBatch most deliveries claimed from the store in one go
 * @param pollInterval how often the store is asked for due deliveries when nothing wakes the
 *     claimer sooner
 * @param lease how long a claim holds before another node may take the delivery over
 * @param privateNetworks which endpoints may reach private networks
 * @param defaultSignature how raw endpoints without their own signature sign
 * @param deliveryHeaders the headers endpoints without their own get
 * @param userAgent the {@code User-Agent} requests carry unless an endpoint names its own
 * @param interceptors steps around every request, outermost first
 * @param listeners told of outcomes, in order
 * @param listenerErrors where a listener that throws goes
 * @param onDisable disables an endpoint (its id, the reason) that answered 410 or failed too long
 * @param meters where metrics go
 * @param circuitBreaker each endpoint's circuit breaker
 */
public record EngineConfig(
    Store store,
    Function<String, Optional<Endpoint>> endpoints,
    Clock clock,
    String nodeId,
    int maxInFlight,
    int maxInFlightPerEndpoint,
    int claimBatch,
    Duration pollInterval,
    Duration lease,
    PrivateNetworks privateNetworks,
    Optional<SignatureConfig> defaultSignature,
    DeliveryHeaders deliveryHeaders,
    String userAgent,
    List<Interceptor> interceptors,
    List<DeliveryListener> listeners,
    ListenerErrorHandler listenerErrors,
    BiConsumer<String, String> onDisable,
    MeterRegistry meters,
    CircuitBreakerPolicy circuitBreaker) {

  /** Checks that nothing is null and copies the lists. */
  public EngineConfig {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(endpoints, "endpoints");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(privateNetworks, "privateNetworks");
    Objects.requireNonNull(defaultSignature, "defaultSignature");
    Objects.requireNonNull(deliveryHeaders, "deliveryHeaders");
    Objects.requireNonNull(userAgent, "userAgent");
    interceptors = List.copyOf(interceptors);
    listeners = List.copyOf(listeners);
    Objects.requireNonNull(listenerErrors, "listenerErrors");
    Objects.requireNonNull(onDisable, "onDisable");
    Objects.requireNonNull(meters, "meters");
    Objects.requireNonNull(circuitBreaker, "circuitBreaker");
  }
}
