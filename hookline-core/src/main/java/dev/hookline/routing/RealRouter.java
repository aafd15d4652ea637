package dev.hookline.routing;

import dev.hookline.event.Event;
import dev.hookline.event.EventPattern;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The {@link Router}: copy-on-write snapshots, with exact event types indexed in a map. */
final class RealRouter implements Router {
  private static final System.Logger LOG = System.getLogger(Router.class.getName());
  private static final int[] NONE = new int[0];

  private final Clock clock;
  private final Object writeLock = new Object();
  private volatile Snapshot snapshot = new Snapshot(List.of());

  RealRouter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void add(Endpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    synchronized (writeLock) {
      if (snapshot.positions.containsKey(endpoint.id())) {
        throw new DuplicateEndpointException(endpoint.id());
      }
      List<Endpoint> next = new ArrayList<>(snapshot.endpoints);
      next.add(endpoint);
      snapshot = new Snapshot(next);
    }
  }

  @Override
  public Optional<Endpoint> put(Endpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    synchronized (writeLock) {
      List<Endpoint> next = new ArrayList<>(snapshot.endpoints);
      Integer at = snapshot.positions.get(endpoint.id());
      Endpoint previous = null;
      if (at == null) {
        next.add(endpoint);
      } else {
        previous = next.set(at, endpoint);
      }
      snapshot = new Snapshot(next);
      return Optional.ofNullable(previous);
    }
  }

  @Override
  public Optional<Endpoint> remove(String id) {
    Objects.requireNonNull(id, "id");
    synchronized (writeLock) {
      Integer at = snapshot.positions.get(id);
      if (at == null) {
        return Optional.empty();
      }
      List<Endpoint> next = new ArrayList<>(snapshot.endpoints);
      Endpoint removed = next.remove((int) at);
      snapshot = new Snapshot(next);
      return Optional.of(removed);
    }
  }

  @Override
  public Optional<Endpoint> endpoint(String id) {
    Snapshot s = snapshot;
    Integer at = s.positions.get(id);
    return at == null ? Optional.empty() : Optional.of(s.endpoints.get(at));
  }

  @Override
  public List<Endpoint> endpoints() {
    return snapshot.endpoints;
  }

  @Override
  public RouteResult route(Event event) {
    Objects.requireNonNull(event, "event");
    Snapshot s = snapshot;
    String type = event.type();
    int[] exact = s.exactIndex.getOrDefault(type, NONE);
    int[] others = s.nonExact;
    int[] judged = new int[exact.length + others.length];
    int n = 0;
    // Merge the two ascending index lists, so results keep registration order.
    int i = 0;
    int j = 0;
    while (i < exact.length || j < others.length) {
      if (j >= others.length || (i < exact.length && exact[i] <= others[j])) {
        if (j < others.length && exact[i] == others[j]) {
          j++; // subscribed exactly; no need to test its other patterns
        }
        judged[n++] = exact[i++];
      } else {
        int candidate = others[j++];
        if (s.endpoints.get(candidate).subscribesTo(type)) {
          judged[n++] = candidate;
        }
      }
    }
    if (n < judged.length) {
      judged = Arrays.copyOf(judged, n);
    }

    RoutingContext ctx = new RoutingContext(event, clock);
    List<Endpoint> matched = new ArrayList<>(n);
    Mismatch[] skips = new Mismatch[n];
    for (int k = 0; k < n; k++) {
      Endpoint endpoint = s.endpoints.get(judged[k]);
      Mismatch mismatch = judge(endpoint, ctx);
      if (mismatch == null) {
        matched.add(endpoint);
      } else {
        skips[k] = mismatch; // tied to the endpoint's id, and worded, only if skipped() is read
      }
    }
    return new RouteResult(event, s, matched, judged, skips);
  }

  /** Filters, then the condition, then the predicates; null when the endpoint takes the event. */
  private static Mismatch judge(Endpoint endpoint, RoutingContext ctx) {
    Mismatch filtered = endpoint.filters().check(ctx);
    if (filtered != null) {
      return filtered;
    }
    if (endpoint.when().isPresent()) {
      Condition when = endpoint.when().get();
      Condition.Evaluation result = when.evaluate(ctx);
      if (result.failed()) {
        return new Mismatch(
            SkipReason.CONDITION_ERROR,
            () -> "when '" + when.expression() + "' failed: " + result.error().get());
      }
      if (!result.matched()) {
        return new Mismatch(
            SkipReason.CONDITION_FALSE, () -> "when '" + when.expression() + "' is false");
      }
    }
    List<Endpoint.NamedPredicate> predicates = endpoint.namedPredicates();
    for (int k = 0; k < predicates.size(); k++) { // indexed: no iterator per endpoint
      Endpoint.NamedPredicate p = predicates.get(k);
      boolean ok;
      try {
        ok = p.predicate().test(ctx.event);
      } catch (Exception e) { // a user's predicate must not break routing for other endpoints
        LOG.log(
            Level.DEBUG,
            () ->
                "predicate "
                    + p.name()
                    + " of endpoint '"
                    + endpoint.id()
                    + "' threw on event "
                    + ctx.event.id(),
            e);
        // Worded now, so the skip does not keep the exception (and what it references) alive.
        String detail =
            "predicate "
                + p.name()
                + " threw "
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new Mismatch(SkipReason.PREDICATE, () -> detail);
      }
      if (!ok) {
        return new Mismatch(
            SkipReason.PREDICATE, () -> "predicate " + p.name() + " returned false");
      }
    }
    return null;
  }

  /** An immutable view of the endpoints with the index used to route. */
  static final class Snapshot {
    private final List<Endpoint> endpoints;
    private final Map<String, Integer> positions;

    /** Exact event type → ascending indices of enabled endpoints with that exact pattern. */
    private final Map<String, int[]> exactIndex;

    /** Ascending indices of enabled endpoints with at least one non-exact pattern. */
    private final int[] nonExact;

    Snapshot(List<Endpoint> endpoints) {
      this.endpoints = List.copyOf(endpoints);
      this.positions = HashMap.newHashMap(endpoints.size());
      Map<String, List<Integer>> exact = new HashMap<>();
      List<Integer> wild = new ArrayList<>();
      for (int i = 0; i < this.endpoints.size(); i++) {
        Endpoint e = this.endpoints.get(i);
        positions.put(e.id(), i);
        if (!e.enabled()) {
          continue; // routing skips it as DISABLED without looking at its patterns
        }
        boolean anyWild = false;
        for (EventPattern p : e.events()) {
          if (p.isExact()) {
            List<Integer> at = exact.computeIfAbsent(p.pattern(), k -> new ArrayList<>());
            if (at.isEmpty() || at.get(at.size() - 1) != i) {
              at.add(i);
            }
          } else {
            anyWild = true;
          }
        }
        if (anyWild) {
          wild.add(i);
        }
      }
      this.exactIndex = HashMap.newHashMap(exact.size());
      exact.forEach((k, v) -> exactIndex.put(k, toArray(v)));
      this.nonExact = toArray(wild);
    }

    List<Endpoint> endpoints() {
      return endpoints;
    }

    private static int[] toArray(List<Integer> list) {
      return list.stream().mapToInt(Integer::intValue).toArray();
    }
  }
}
