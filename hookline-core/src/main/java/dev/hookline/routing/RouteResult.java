package dev.hookline.routing;

import dev.hookline.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of routing one event: the endpoints that take it, and a {@link Skip} for every other
 * endpoint registered when it was routed. Together they account for each endpoint exactly once.
 *
 * <p>Immutable and thread-safe. The skips, and the sentences explaining them, are only worked out
 * when {@link #skipped()} is first called: delivery needs {@link #endpoints()} alone.
 */
public final class RouteResult {
  private final Event event;
  private final RealRouter.Snapshot snapshot;
  private final List<Endpoint> matched;
  private final int[] judged; // snapshot indices of endpoints whose patterns matched, ascending
  private final Mismatch[] judgedSkips; // parallel to judged: why it skipped, or null when matched
  private volatile List<Skip> skipped;

  RouteResult(
      Event event,
      RealRouter.Snapshot snapshot,
      List<Endpoint> matched,
      int[] judged,
      Mismatch[] judgedSkips) {
    this.event = event;
    this.snapshot = snapshot;
    this.matched = List.copyOf(matched);
    this.judged = judged;
    this.judgedSkips = judgedSkips;
  }

  /** The event routed. */
  public Event event() {
    return event;
  }

  /** The endpoints that take the event, in registration order. */
  public List<Endpoint> endpoints() {
    return matched;
  }

  /** True when no endpoint takes the event. */
  public boolean isEmpty() {
    return matched.isEmpty();
  }

  /** Why each endpoint that does not take the event skipped it, in registration order. */
  public List<Skip> skipped() {
    List<Skip> s = skipped;
    if (s == null) {
      s = computeSkipped();
      skipped = s; // racing threads compute the same immutable list
    }
    return s;
  }

  /** The skip of one endpoint, or empty when it takes the event or was not registered. */
  public Optional<Skip> skipOf(String endpointId) {
    return skipped().stream().filter(s -> s.endpointId().equals(endpointId)).findFirst();
  }

  private List<Skip> computeSkipped() {
    List<Endpoint> all = snapshot.endpoints();
    List<Skip> out = new ArrayList<>(all.size() - matched.size());
    int j = 0;
    for (int i = 0; i < all.size(); i++) {
      if (j < judged.length && judged[j] == i) {
        if (judgedSkips[j] != null) {
          out.add(judgedSkips[j].toSkip(all.get(i).id()));
        }
        j++;
        continue;
      }
      Endpoint e = all.get(i);
      out.add(
          e.enabled()
              ? new Skip(
                  e.id(),
                  SkipReason.TYPE_NOT_SUBSCRIBED,
                  "type '" + event.type() + "' matches none of " + e.events())
              : new Skip(e.id(), SkipReason.DISABLED, "endpoint is disabled"));
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return "RouteResult{"
        + event.type()
        + " -> "
        + matched.stream().map(Endpoint::id).toList()
        + "}";
  }
}
