package dev.hookline.routing;

/**
 * Why an endpoint did not take an event. Checks run in the order of these constants and the first
 * that fails is reported.
 */
public enum SkipReason {
  /** The endpoint is disabled. */
  DISABLED,
  /** None of the endpoint's event patterns matches the event type. */
  TYPE_NOT_SUBSCRIBED,
  /** {@code filters.platforms} does not include the event's platform, or it has none. */
  PLATFORM,
  /** {@code filters.users} does not include the event's user id, or it has none. */
  USER,
  /** The event's severity is below {@code filters.min_severity}. */
  SEVERITY,
  /** A {@code filters.content_filters} entry does not match (a missing field never matches). */
  CONTENT_FILTER,
  /** The routing time is outside {@code filters.time_window}. */
  TIME_WINDOW,
  /** The {@code when} condition evaluated to {@code false}. */
  CONDITION_FALSE,
  /** The {@code when} condition failed at evaluation (a missing key, a type mismatch). */
  CONDITION_ERROR,
  /** A Java predicate returned {@code false} or threw. */
  PREDICATE,
  /**
   * The event is a failure alert about this very endpoint, which is never sent to it (it is the one
   * failing, and an alert channel alerting itself would loop).
   */
  ALERT_ABOUT_ENDPOINT
}
