package dev.hookline.format;

import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What formats look up from their service before they can render, and the cache of the answers:
 * today Jira's account id for an {@code assignee} given as a name or e-mail ({@code GET
 * /rest/api/3/user/search?query=...}, with the endpoint's credentials). The delivery engine asks
 * {@link #next} for a request to send, hands its answer to {@link #record}, and renders with {@link
 * Formats#render(Endpoint, List, Lookups)} once nothing is left to look up.
 *
 * <p>Answers are cached per endpoint (its id, site and credentials e-mail, so a changed endpoint
 * looks up again) for {@link #TTL}, judged by the injected clock; at most {@link #MAX_ENTRIES} are
 * kept, the least recently used going first. Only a match is cached: a value that found no user or
 * several is looked up again for the next event. Thread-safe.
 */
public final class Lookups {
  /** How long a resolved account id is used before it is looked up again. */
  public static final Duration TTL = Duration.ofHours(1);

  /** Most cached answers, over all endpoints. */
  public static final int MAX_ENTRIES = 1_000;

  private final Clock clock;
  private final Map<String, Cached> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  private record Cached(String value, Instant expires) {}

  /**
   * A request to send before rendering.
   *
   * @param request the request (a GET)
   * @param what the option and value looked up, for messages ({@code jira.assignee 'tech-lead'})
   * @param query the value looked up
   */
  public record Lookup(NativeRequest request, String what, String query) {}

  /** With the clock that judges the cache's {@link #TTL}. */
  public Lookups(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The look-up these events need before rendering, if any: none for most formats, for a Jira
   * {@code assignee} that is already an account id, or when the answer is cached.
   *
   * @throws FormatException when the value to look up cannot be rendered from the event
   */
  public Optional<Lookup> next(Endpoint endpoint, List<Event> events) {
    if (endpoint.format() != Format.JIRA) {
      return Optional.empty();
    }
    Optional<String> query = JiraFormat.assigneeToLookUp(endpoint, events.get(0));
    if (query.isEmpty() || cached(endpoint, query.get()).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        new Lookup(
            JiraFormat.userSearch(endpoint, query.get()),
            "jira.assignee '" + query.get() + "'",
            query.get()));
  }

  /**
   * Reads the answer to a look-up and caches what it found.
   *
   * @param status the answer's HTTP status
   * @param body the answer's body
   * @throws LookupException when the answer is a failure (retryable for 408, 429 and 5xx) or does
   *     not name exactly one user
   */
  public void record(Endpoint endpoint, Lookup lookup, int status, byte[] body) {
    if (status < 200 || status > 299) {
      String reason = JiraFormat.INSTANCE.failureReason(status, body).map(r -> ": " + r).orElse("");
      throw new LookupException(
          "endpoint '"
              + endpoint.id()
              + "': Jira's user search for "
              + lookup.what()
              + " answered HTTP "
              + status
              + reason,
          status == 408 || status == 429 || status >= 500,
          null);
    }
    String accountId = JiraFormat.pickUser(endpoint, lookup.query(), body);
    synchronized (cache) {
      cache.put(key(endpoint, lookup.query()), new Cached(accountId, clock.instant().plus(TTL)));
    }
  }

  /**
   * A look-up that got no answer (a network error, a timeout): retryable.
   *
   * @param reason what went wrong
   */
  public static LookupException unanswered(Endpoint endpoint, Lookup lookup, String reason) {
    return new LookupException(
        "endpoint '"
            + endpoint.id()
            + "': Jira's user search for "
            + lookup.what()
            + " got no answer: "
            + reason,
        true,
        null);
  }

  /** The cached answer for this endpoint and value, if it is fresh. */
  Optional<String> cached(Endpoint endpoint, String query) {
    String key = key(endpoint, query);
    synchronized (cache) {
      Cached c = cache.get(key);
      if (c == null) {
        return Optional.empty();
      }
      if (!clock.instant().isBefore(c.expires())) {
        cache.remove(key);
        return Optional.empty();
      }
      return Optional.of(c.value());
    }
  }

  private static String key(Endpoint e, String query) {
    return e.id()
        + '\n'
        + e.url().map(Object::toString).orElse("")
        + '\n'
        + e.formatOptions().get("email")
        + '\n'
        + query;
  }
}
