package dev.hookline.routing;

import java.util.Objects;

/**
 * Why one endpoint did not take an event, for the skip log ({@code GET /api/events/{id}} shows
 * these).
 *
 * @param endpointId the endpoint that skipped the event
 * @param reason the first check that failed
 * @param detail a human sentence, e.g. {@code severity info is below min_severity warning}
 */
public record Skip(String endpointId, SkipReason reason, String detail) {
  /** Checks that no component is null. */
  public Skip {
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return endpointId + ": " + reason + " (" + detail + ")";
  }
}
