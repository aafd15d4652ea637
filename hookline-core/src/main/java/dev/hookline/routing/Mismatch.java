package dev.hookline.routing;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The first failed check of one endpoint, before it is tied to the endpoint's id.
 *
 * <p>The detail sentence is rendered only when asked for: routing makes a mismatch for every
 * endpoint that does not take the event, but the sentences are read only through {@link
 * RouteResult#skipped()}, the debug path. Suppliers must capture immutable values only (a {@link
 * RouteResult} may render them on any thread, and more than once).
 */
final class Mismatch {
  private final SkipReason reason;
  private final Supplier<String> detail;

  /** A mismatch whose detail is worked out when first needed. */
  Mismatch(SkipReason reason, Supplier<String> detail) {
    this.reason = Objects.requireNonNull(reason, "reason");
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  SkipReason reason() {
    return reason;
  }

  /** The human sentence, such as {@code severity info is below min_severity warning}. */
  String detail() {
    return detail.get();
  }

  Skip toSkip(String endpointId) {
    return new Skip(endpointId, reason, detail());
  }

  @Override
  public String toString() {
    return reason + " (" + detail() + ")";
  }
}
