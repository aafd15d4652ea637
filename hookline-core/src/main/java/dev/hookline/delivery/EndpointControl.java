package dev.hookline.delivery;

/** What the dispatcher may ask of whoever owns the endpoints. */
public interface EndpointControl {
  /**
   * Disables an endpoint: it answered 410 Gone, or it has failed for too long. Implementations stop
   * routing to it and announce it (an {@code endpoint.disabled} event).
   */
  void disable(String endpointId, String reason);
}
