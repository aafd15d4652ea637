package dev.hookline.routing;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * How many requests an endpoint may receive (DESIGN §5): at most {@code max_requests_per_minute} in
 * any sliding minute and {@code max_requests_per_hour} in any sliding hour. Deliveries over the
 * limit are delayed, never dropped. Create with {@link #perMinute}, {@link #perHour} or {@link
 * #of}.
 *
 * @param maxRequestsPerMinute the limit per sliding minute, when there is one
 * @param maxRequestsPerHour the limit per sliding hour, when there is one
 */
public record RateLimit(OptionalInt maxRequestsPerMinute, OptionalInt maxRequestsPerHour) {

  /**
   * Checks that at least one limit is given and that each is at least 1.
   *
   * @throws InvalidEndpointException naming the {@code rate_limit} key at fault
   */
  public RateLimit {
    Objects.requireNonNull(maxRequestsPerMinute, "maxRequestsPerMinute");
    Objects.requireNonNull(maxRequestsPerHour, "maxRequestsPerHour");
    if (maxRequestsPerMinute.isEmpty() && maxRequestsPerHour.isEmpty()) {
      throw new InvalidEndpointException(
          "rate_limit", "rate_limit needs max_requests_per_minute, max_requests_per_hour or both");
    }
    check("max_requests_per_minute", maxRequestsPerMinute);
    check("max_requests_per_hour", maxRequestsPerHour);
  }

  /** At most {@code max} requests in any sliding minute. */
  public static RateLimit perMinute(int max) {
    return new RateLimit(OptionalInt.of(max), OptionalInt.empty());
  }

  /** At most {@code max} requests in any sliding hour. */
  public static RateLimit perHour(int max) {
    return new RateLimit(OptionalInt.empty(), OptionalInt.of(max));
  }

  /** Both limits at once; each applies. */
  public static RateLimit of(int maxPerMinute, int maxPerHour) {
    return new RateLimit(OptionalInt.of(maxPerMinute), OptionalInt.of(maxPerHour));
  }

  private static void check(String key, OptionalInt limit) {
    if (limit.isPresent() && limit.getAsInt() < 1) {
      throw new InvalidEndpointException(
          "rate_limit." + key,
          "rate_limit " + key + " must be at least 1, got " + limit.getAsInt());
    }
  }
}
