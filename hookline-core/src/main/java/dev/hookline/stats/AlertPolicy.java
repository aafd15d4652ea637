package dev.hookline.stats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * When Hookline raises failure alerts about its own endpoints (the {@code alerts} section of {@code
 * hookline.yaml}). Give it to {@code Hookline.Builder.alerts}:
 *
 * <pre>{@code
 * AlertPolicy.builder()
 *     .failureThreshold(0.95)                          // alert below 95 % success
 *     .window(Duration.ofMinutes(5))                   // judged over the last 5 minutes
 *     .deliveryTimeoutThreshold(Duration.ofSeconds(30)) // alert on attempts slower than 30 s
 *     .channels(List.of("slack-ops", "oncall-email"))
 *     .build();
 * }</pre>
 *
 * <p>Per endpoint, over a sliding {@code window}: when the share of successful attempts drops below
 * {@code failureThreshold}, an {@value #FAILURE_RATE} event (severity error) is raised; when an
 * attempt takes longer than {@code deliveryTimeoutThreshold}, a {@value #SLOW_DELIVERY} event
 * (warning). Each at most once per endpoint per window; when the endpoint heals (success rate back
 * at the threshold, no slow attempt left in the window), a {@value #RESOLVED} event (info). Alert
 * events go to every endpoint in {@code channels} whatever their subscriptions, and to endpoints
 * subscribed to their type, but never to the endpoint they are about. Their {@code subject} is
 * {@code <endpoint id>/failure_rate} or {@code <endpoint id>/slow_delivery}, the same on the alert
 * and on its resolution, so that incident tools group them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param failureThreshold the success rate (0 to 1) below which an endpoint is failing; empty: no
 *     failure-rate alerts
 * @param window how far back the success rate and the slow attempts are judged
 * @param deliveryTimeoutThreshold attempts slower than this raise a slow-delivery alert; empty:
 *     none
 * @param channels ids of the endpoints alerts are sent to
 * @param minAttempts attempts in the window before the success rate is judged (so one failure right
 *     after a quiet spell is not "0 %")
 */
public record AlertPolicy(
    OptionalDouble failureThreshold,
    Duration window,
    Optional<Duration> deliveryTimeoutThreshold,
    List<String> channels,
    int minAttempts) {

  /** The event type raised when an endpoint's success rate drops below the threshold. */
  public static final String FAILURE_RATE = "hookline.alert.failure_rate";

  /** The event type raised when an attempt takes longer than the delivery-time threshold. */
  public static final String SLOW_DELIVERY = "hookline.alert.slow_delivery";

  /**
   * The event type raised when an endpoint that was alerted about is healthy again. Named so that a
   * PagerDuty endpoint resolves the incident the alert opened (same {@code subject}, the dedup
   * key).
   */
  public static final String RESOLVED = "hookline.alert.resolved";

  /** The window unless one is set. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

  /** Attempts needed in the window before its success rate is judged, unless set otherwise. */
  public static final int DEFAULT_MIN_ATTEMPTS = 1;

  /** Checks the values and copies the channels. */
  public AlertPolicy {
    Objects.requireNonNull(failureThreshold, "failureThreshold");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(deliveryTimeoutThreshold, "deliveryTimeoutThreshold");
    channels = List.copyOf(channels);
    failureThreshold.ifPresent(AlertPolicy::checkRate);
    checkPositive(window, "window");
    deliveryTimeoutThreshold.ifPresent(d -> checkPositive(d, "deliveryTimeoutThreshold"));
    checkMinAttempts(minAttempts);
  }

  private static double checkRate(double successRate) {
    if (!(successRate >= 0 && successRate <= 1)) {
      throw new IllegalArgumentException(
          "failureThreshold is a success rate from 0 to 1 (0.95: alert below 95 %), got "
              + successRate);
    }
    return successRate;
  }

  private static Duration checkPositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }

  private static int checkMinAttempts(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("minAttempts must be at least 1, got " + n);
    }
    return n;
  }

  /** Starts a policy: nothing is alerted on until a threshold is set. */
  public static Builder builder() {
    return new Builder();
  }

  /** True when some threshold is set, so the policy can raise alerts at all. */
  public boolean isActive() {
    return failureThreshold.isPresent() || deliveryTimeoutThreshold.isPresent();
  }

  /** Builds an {@link AlertPolicy}. Not thread-safe; each setter validates its value. */
  public static final class Builder {
    private OptionalDouble failureThreshold = OptionalDouble.empty();
    private Duration window = DEFAULT_WINDOW;
    private Optional<Duration> slow = Optional.empty();
    private final List<String> channels = new ArrayList<>();
    private int minAttempts = DEFAULT_MIN_ATTEMPTS;

    private Builder() {}

    /**
     * Alerts when fewer than this share of attempts succeed over the window (0.95: below 95 %).
     *
     * @throws IllegalArgumentException unless from 0 to 1
     */
    public Builder failureThreshold(double successRate) {
      this.failureThreshold = OptionalDouble.of(checkRate(successRate));
      return this;
    }

    /** The sliding window (default 5 minutes); also the least time between two alerts. */
    public Builder window(Duration window) {
      this.window = checkPositive(window, "window");
      return this;
    }

    /** Alerts when an attempt takes longer than this. */
    public Builder deliveryTimeoutThreshold(Duration threshold) {
      this.slow = Optional.of(checkPositive(threshold, "deliveryTimeoutThreshold"));
      return this;
    }

    /** Adds endpoints (by id) that receive every alert. */
    public Builder channels(List<String> endpointIds) {
      endpointIds.forEach(this::channel);
      return this;
    }

    /** Adds an endpoint (by id) that receives every alert. */
    public Builder channel(String endpointId) {
      channels.add(Objects.requireNonNull(endpointId, "endpointId"));
      return this;
    }

    /** Attempts needed in the window before its success rate is judged (default 1). */
    public Builder minAttempts(int n) {
      this.minAttempts = checkMinAttempts(n);
      return this;
    }

    /** The policy. */
    public AlertPolicy build() {
      return new AlertPolicy(failureThreshold, window, slow, channels, minAttempts);
    }
  }
}
