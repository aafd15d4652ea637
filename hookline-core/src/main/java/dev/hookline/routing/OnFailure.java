package dev.hookline.routing;

import dev.hookline.HooklineException;
import dev.hookline.event.EventPattern;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an endpoint's dead deliveries are announced (the endpoint's {@code on_failure} option): one
 * {@code hookline.delivery.dead} notice per dead delivery, carrying the event and the last error,
 * sent either only to another endpoint ({@code on_failure: {endpoint: <id>}}) or published with its
 * own type and routed like any event ({@code on_failure: {event: <type>}}). Create with {@link
 * #toEndpoint} or {@link #asEvent}. Immutable.
 *
 * @param endpoint the endpoint the notice goes to, and only there
 * @param eventType the notice's event type, routed by every endpoint's subscriptions
 */
public record OnFailure(Optional<String> endpoint, Optional<String> eventType) {

  /**
   * Checks that exactly one of the two is given, and that it is well formed.
   *
   * @throws InvalidEndpointException naming the {@code on_failure} key at fault
   */
  public OnFailure {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(eventType, "eventType");
    if (endpoint.isPresent() == eventType.isPresent()) {
      throw new InvalidEndpointException(
          "on_failure",
          "on_failure needs exactly one of endpoint (an endpoint id) or event (an event type),"
              + " e.g. on_failure: {endpoint: ops-alerts}");
    }
    if (endpoint.isPresent() && endpoint.get().isBlank()) {
      throw new InvalidEndpointException(
          "on_failure.endpoint", "on_failure.endpoint is empty; give an endpoint id");
    }
    if (eventType.isPresent()) {
      String t = eventType.get();
      if (t.isBlank() || t.contains("*")) {
        throw new InvalidEndpointException(
            "on_failure.event",
            "on_failure.event '" + t + "' is not an event type; give one such as delivery.dead");
      }
      try {
        EventPattern.compile(t); // the same characters as any event type
      } catch (HooklineException e) {
        throw new InvalidEndpointException(
            "on_failure.event", "on_failure.event: " + e.getMessage());
      }
    }
  }

  /** Dead deliveries are announced to the endpoint {@code id} only, whatever it subscribes to. */
  public static OnFailure toEndpoint(String id) {
    return new OnFailure(Optional.of(Objects.requireNonNull(id, "id")), Optional.empty());
  }

  /** Dead deliveries are announced as events of {@code type}, routed like any other event. */
  public static OnFailure asEvent(String type) {
    return new OnFailure(Optional.empty(), Optional.of(Objects.requireNonNull(type, "type")));
  }
}
