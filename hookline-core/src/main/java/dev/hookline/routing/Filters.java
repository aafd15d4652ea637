package dev.hookline.routing;

import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An endpoint's declarative {@code filters} (DESIGN §3); every filter given must match.
 *
 * <ul>
 *   <li>{@code platforms}: the event's {@code platform} (falling back to {@code data.platform}) is
 *       one of these;
 *   <li>{@code users}: its {@code user_id} (falling back to {@code data.user_id}; a number counts
 *       as its decimal text) is one of these;
 *   <li>{@code min_severity}: its severity is at least this one. The event's own severity is used,
 *       else {@code data.severity} when it names a severity (ignoring case), else {@code info};
 *   <li>{@code content_filters}: every {@link ContentFilter} matches;
 *   <li>{@code time_window}: the routing time is inside the {@link TimeWindow}.
 * </ul>
 *
 * An event that lacks a filtered field (no platform while {@code platforms} is set, a missing
 * content-filter field) does not match; checking never throws. Empty sets and lists mean "no
 * filter". Immutable and thread-safe.
 *
 * @param platforms accepted platforms, or empty for any
 * @param users accepted user ids, or empty for any
 * @param minSeverity the lowest severity accepted, if any
 * @param contentFilters tests on event fields, all of which must match
 * @param timeWindow when events are accepted, if only at some hours
 */
public record Filters(
    Set<String> platforms,
    Set<String> users,
    Optional<Severity> minSeverity,
    List<ContentFilter> contentFilters,
    Optional<TimeWindow> timeWindow) {

  private static final Severity[] SEVERITIES = Severity.values();

  /** No filters: every event matches. */
  public static final Filters NONE = builder().build();

  /** Copies the collections, keeping their order. */
  public Filters {
    platforms = orderedCopy(platforms, "platforms");
    users = orderedCopy(users, "users");
    Objects.requireNonNull(minSeverity, "minSeverity");
    contentFilters = List.copyOf(contentFilters);
    Objects.requireNonNull(timeWindow, "timeWindow");
  }

  /** A builder with no filters set. */
  public static Builder builder() {
    return new Builder();
  }

  /** True when no filter is set. */
  public boolean isEmpty() {
    return platforms.isEmpty()
        && users.isEmpty()
        && minSeverity.isEmpty()
        && contentFilters.isEmpty()
        && timeWindow.isEmpty();
  }

  /** True when {@code event}, routed at {@code now}, passes every filter. Never throws. */
  public boolean test(Event event, Instant now) {
    return check(RoutingContext.at(event, now)) == null;
  }

  /**
   * The first filter the event fails, or null when it passes them all. Runs for every endpoint an
   * event is routed to, so it allocates little: the mismatch's sentence is only worded if read.
   */
  Mismatch check(RoutingContext ctx) {
    Event event = ctx.event;
    if (!platforms.isEmpty()) {
      Optional<String> platform = event.valueAt("platform").flatMap(Filters::text);
      if (platform.isEmpty() || !platforms.contains(platform.get())) {
        return new Mismatch(SkipReason.PLATFORM, () -> notOneOf("platform", platform, platforms));
      }
    }
    if (!users.isEmpty()) {
      Optional<String> user = event.valueAt("user_id").flatMap(Filters::text);
      if (user.isEmpty() || !users.contains(user.get())) {
        return new Mismatch(SkipReason.USER, () -> notOneOf("user_id", user, users));
      }
    }
    if (minSeverity.isPresent()) {
      // The event's own severity, else data.severity (what valueAt("severity") resolves to).
      Optional<Severity> given =
          event.severity().isPresent()
              ? event.severity()
              : event.valueAt("severity").flatMap(Filters::severity);
      Severity actual = given.orElse(Severity.INFO);
      Severity min = minSeverity.get();
      if (!actual.atLeast(min)) {
        boolean none = given.isEmpty();
        return new Mismatch(
            SkipReason.SEVERITY,
            () ->
                "severity "
                    + actual.wireName()
                    + (none ? " (the event has none)" : "")
                    + " is below min_severity "
                    + min.wireName());
      }
    }
    for (int i = 0; i < contentFilters.size(); i++) { // indexed: no iterator per endpoint
      ContentFilter f = contentFilters.get(i);
      Object actual = f.valueIn(event);
      if (!f.accepts(actual)) {
        return new Mismatch(SkipReason.CONTENT_FILTER, () -> "content filter " + f.why(actual));
      }
    }
    if (timeWindow.isPresent() && !timeWindow.get().contains(ctx.now())) {
      TimeWindow w = timeWindow.get();
      Instant now = ctx.now();
      return new Mismatch(
          SkipReason.TIME_WINDOW,
          () ->
              "routing time "
                  + now.atZone(w.timezone()).toLocalDateTime().withNano(0)
                  + " ("
                  + now.atZone(w.timezone()).getDayOfWeek()
                  + ") is outside time_window "
                  + w);
    }
    return null;
  }

  private static String notOneOf(String name, Optional<String> value, Set<String> accepted) {
    return value
        .map(v -> name + " '" + v + "' is not one of " + accepted)
        .orElse("the event has no " + name + " (filter accepts " + accepted + ")");
  }

  private static Optional<String> text(Object v) {
    return switch (v) {
      case String s -> Optional.of(s);
      case Long l -> Optional.of(l.toString());
      case BigInteger b -> Optional.of(b.toString());
      default -> Optional.empty();
    };
  }

  private static Optional<Severity> severity(Object v) {
    if (v instanceof String s) {
      for (Severity sev : SEVERITIES) {
        if (sev.name().equalsIgnoreCase(s)) { // the wire name, ignoring case, without lowering it
          return Optional.of(sev);
        }
      }
    }
    return Optional.empty();
  }

  private static Set<String> orderedCopy(Collection<String> values, String key) {
    Objects.requireNonNull(values, key);
    for (String v : values) {
      if (v == null || v.isEmpty()) {
        throw new InvalidEndpointException(
            "filters." + key, "filters " + key + " holds an empty value");
      }
    }
    return Collections.unmodifiableSet(new LinkedHashSet<>(values));
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    if (!platforms.isEmpty()) {
      parts.add("platforms=" + platforms);
    }
    if (!users.isEmpty()) {
      parts.add("users=" + users);
    }
    minSeverity.ifPresent(s -> parts.add("min_severity=" + s.wireName()));
    if (!contentFilters.isEmpty()) {
      parts.add("content_filters=" + contentFilters);
    }
    timeWindow.ifPresent(w -> parts.add("time_window=" + w));
    return parts.stream().collect(Collectors.joining(", ", "Filters{", "}"));
  }

  /** Builds {@link Filters}; each setter replaces what it sets. Not thread-safe. */
  public static final class Builder {
    private Set<String> platforms = new LinkedHashSet<>();
    private Set<String> users = new LinkedHashSet<>();
    private Severity minSeverity;
    private List<ContentFilter> contentFilters = new ArrayList<>();
    private TimeWindow timeWindow;

    private Builder() {}

    /** Accept only events from these platforms. */
    public Builder platforms(String... platforms) {
      return platforms(List.of(platforms));
    }

    /** Accept only events from these platforms. */
    public Builder platforms(Collection<String> platforms) {
      this.platforms = orderedCopy(platforms, "platforms");
      return this;
    }

    /** Accept only events concerning these user ids. */
    public Builder users(String... users) {
      return users(List.of(users));
    }

    /** Accept only events concerning these user ids. */
    public Builder users(Collection<String> users) {
      this.users = orderedCopy(users, "users");
      return this;
    }

    /** Accept only events at least this severe (an event without a severity counts as info). */
    public Builder minSeverity(Severity minSeverity) {
      this.minSeverity = Objects.requireNonNull(minSeverity, "minSeverity");
      return this;
    }

    /** Adds a content filter; all must match. */
    public Builder contentFilter(ContentFilter filter) {
      contentFilters.add(Objects.requireNonNull(filter, "filter"));
      return this;
    }

    /** Replaces the content filters; all must match. */
    public Builder contentFilters(List<ContentFilter> filters) {
      this.contentFilters = new ArrayList<>(List.copyOf(filters));
      return this;
    }

    /** Accept events only while the routing time is inside {@code window}. */
    public Builder timeWindow(TimeWindow window) {
      this.timeWindow = Objects.requireNonNull(window, "window");
      return this;
    }

    /** Builds the filters. */
    public Filters build() {
      return new Filters(
          platforms,
          users,
          Optional.ofNullable(minSeverity),
          contentFilters,
          Optional.ofNullable(timeWindow));
    }
  }
}
