package dev.hookline.routing;

import dev.hookline.HooklineException;

/** {@link Router#add} was given an endpoint whose id is already registered. */
public final class DuplicateEndpointException extends HooklineException {
  private final String endpointId;

  DuplicateEndpointException(String endpointId) {
    super(
        "endpoint '"
            + endpointId
            + "' is already registered; remove it first or use put() to replace it");
    this.endpointId = endpointId;
  }

  /** The id that is already taken. */
  public String endpointId() {
    return endpointId;
  }
}
