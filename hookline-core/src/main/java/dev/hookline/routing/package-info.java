/**
 * Endpoints (subscriptions) and routing: which endpoints take an event, and why the others do not.
 *
 * <ul>
 *   <li>{@link dev.hookline.routing.Endpoint}: where and how events are delivered, with its
 *       patterns, {@link dev.hookline.routing.Filters}, CEL {@link dev.hookline.routing.Condition}
 *       and delivery settings ({@link dev.hookline.routing.RetryPolicy}, {@link
 *       dev.hookline.routing.RateLimit}, {@link dev.hookline.routing.BatchConfig}, timeout,
 *       ordering);
 *   <li>{@link dev.hookline.routing.Router}: routes events against a changing set of endpoints and
 *       returns a {@link dev.hookline.routing.RouteResult} with a {@link dev.hookline.routing.Skip}
 *       for every endpoint that does not take the event.
 * </ul>
 */
package dev.hookline.routing;
