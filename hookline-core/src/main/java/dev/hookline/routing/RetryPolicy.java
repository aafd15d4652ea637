package dev.hookline.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * When a failed delivery is attempted again (DESIGN §5). This is the configuration only; the
 * delivery engine applies it.
 *
 * <p>The delays come from one of two forms:
 *
 * <ul>
 *   <li>an explicit {@code schedule}: the delay after attempt 1, after attempt 2, ... The last
 *       delay repeats when {@code max_attempts} asks for more attempts than the schedule lists;
 *   <li>exponential backoff, when {@code schedule} is empty: {@code initial_delay × multiplier^(n -
 *       1)} after attempt {@code n}, capped at {@code max_delay} (the seeds' form: 5 attempts, 1 s
 *       × 2).
 * </ul>
 *
 * Each delay is then spread by ± {@code jitter} (a fraction) so that receivers recovering from an
 * outage are not hit by every retry at once. Network errors and timeouts are always retried; of the
 * HTTP statuses, only those in {@code retry_on_status} are.
 *
 * <p>{@link #DEFAULT}: 8 attempts with 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h between them (about
 * 28 h), ± 20 %, retrying on 408, 429 and 5xx.
 *
 * @param maxAttempts attempts in all, the first included; at least 1
 * @param schedule explicit delays after each attempt, or empty for exponential backoff
 * @param initialDelay exponential form: the delay after the first attempt
 * @param backoffMultiplier exponential form: the factor between consecutive delays, at least 1
 * @param maxDelay exponential form: the longest delay
 * @param jitter the fraction each delay is randomly spread by, from 0 (none) to below 1
 * @param retryOnStatus the HTTP statuses that are retried (others are final), each 300 to 599
 */
public record RetryPolicy(
    int maxAttempts,
    List<Duration> schedule,
    Duration initialDelay,
    double backoffMultiplier,
    Duration maxDelay,
    double jitter,
    Set<Integer> retryOnStatus) {

  /** The default delays between attempts: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
  public static final List<Duration> DEFAULT_SCHEDULE =
      List.of(
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(2),
          Duration.ofHours(5),
          Duration.ofHours(10),
          Duration.ofHours(10));

  /** Attempts in all by default: the first and one after each delay of the default schedule. */
  public static final int DEFAULT_MAX_ATTEMPTS = DEFAULT_SCHEDULE.size() + 1;

  /** Exponential form: the default delay after the first attempt. */
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(5);

  /** Exponential form: the default factor between consecutive delays. */
  public static final double DEFAULT_BACKOFF_MULTIPLIER = 2.0;

  /** Exponential form: the default longest delay. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofHours(10);

  /** The default spread of each delay: ± 20 %. */
  public static final double DEFAULT_JITTER = 0.2;

  /** The statuses retried by default: 408, 429 and 500 to 599. */
  public static final Set<Integer> DEFAULT_RETRY_ON_STATUS =
      Collections.unmodifiableSet(
          new TreeSet<>(
              IntStream.concat(IntStream.of(408, 429), IntStream.rangeClosed(500, 599))
                  .boxed()
                  .toList()));

  /** The most attempts a policy may ask for. */
  public static final int MAX_ATTEMPTS_LIMIT = 100;

  /** The longest delay a policy may ask for. */
  public static final Duration MAX_DELAY_LIMIT = Duration.ofDays(7);

  /** DESIGN §5's schedule with ± 20 % jitter, retrying on 408, 429 and 5xx. */
  public static final RetryPolicy DEFAULT = builder().build();

  /**
   * Validates every component.
   *
   * @throws InvalidEndpointException naming the {@code retry_policy} key at fault
   */
  public RetryPolicy {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(retryOnStatus, "retryOnStatus");
    checkAttempts(maxAttempts);
    schedule = List.copyOf(schedule);
    for (Duration d : schedule) {
      checkDelay("schedule", d);
    }
    checkDelay("initial_delay", initialDelay);
    checkDelay("max_delay", maxDelay);
    checkMultiplier(backoffMultiplier);
    checkJitter(jitter);
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new InvalidEndpointException(
          "retry_policy.max_delay",
          "retry_policy max_delay ("
              + maxDelay
              + ") is shorter than initial_delay ("
              + initialDelay
              + ")");
    }
    retryOnStatus = checkStatuses(retryOnStatus);
  }

  /** A builder starting from {@link #DEFAULT}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The nominal delay (before jitter) between attempt {@code attempt} and the next one.
   *
   * @param attempt an attempt number, from 1
   * @return the delay, or empty when {@code attempt} is the last one ({@code >= maxAttempts})
   * @throws IllegalArgumentException when {@code attempt < 1}
   */
  public Optional<Duration> delayAfter(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt numbers start at 1, got " + attempt);
    }
    if (attempt >= maxAttempts) {
      return Optional.empty();
    }
    if (!schedule.isEmpty()) {
      return Optional.of(schedule.get(Math.min(attempt - 1, schedule.size() - 1)));
    }
    double nanos = initialDelay.toNanos() * Math.pow(backoffMultiplier, attempt - 1.0);
    return Optional.of(
        nanos >= maxDelay.toNanos() ? maxDelay : Duration.ofNanos(Math.round(nanos)));
  }

  /** True when a response with this HTTP status is retried (rather than final). */
  public boolean retriesStatus(int status) {
    return retryOnStatus.contains(status);
  }

  private static void checkAttempts(int maxAttempts) {
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
      throw new InvalidEndpointException(
          "retry_policy.max_attempts",
          "retry_policy max_attempts must be 1 to "
              + MAX_ATTEMPTS_LIMIT
              + " (the first attempt included), got "
              + maxAttempts);
    }
  }

  private static void checkDelay(String key, Duration d) {
    Objects.requireNonNull(d, key);
    if (d.isNegative() || d.isZero() || d.compareTo(MAX_DELAY_LIMIT) > 0) {
      throw new InvalidEndpointException(
          "retry_policy." + key,
          "retry_policy " + key + " must be positive and at most 7 days, got " + d);
    }
  }

  private static void checkMultiplier(double m) {
    if (!(m >= 1.0) || Double.isInfinite(m)) {
      throw new InvalidEndpointException(
          "retry_policy.backoff_multiplier",
          "retry_policy backoff_multiplier must be a finite number >= 1, got " + m);
    }
  }

  private static void checkJitter(double jitter) {
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new InvalidEndpointException(
          "retry_policy.jitter",
          "retry_policy jitter must be from 0 to below 1 (0.2 means ± 20 %), got " + jitter);
    }
  }

  private static Set<Integer> checkStatuses(Collection<Integer> statuses) {
    TreeSet<Integer> sorted = new TreeSet<>();
    for (Integer s : statuses) {
      if (s == null || s < 300 || s > 599) {
        throw new InvalidEndpointException(
            "retry_policy.retry_on_status",
            "retry_policy retry_on_status holds "
                + s
                + "; use HTTP statuses from 300 to 599 (2xx is success)");
      }
      sorted.add(s);
    }
    return Collections.unmodifiableSet(sorted);
  }

  /**
   * Builds a {@link RetryPolicy}. Starts from {@link #DEFAULT}; setting {@code initialDelay},
   * {@code backoffMultiplier} or {@code maxDelay} switches to exponential backoff (unset ones take
   * their {@code DEFAULT_} value), setting {@code schedule} gives explicit delays, and setting only
   * {@code maxAttempts} keeps the default schedule (its last delay repeating). Setters validate
   * their argument; {@link #build()} validates the combination. Not thread-safe.
   */
  public static final class Builder {
    private Integer maxAttempts;
    private List<Duration> schedule;
    private Duration initialDelay;
    private Double backoffMultiplier;
    private Duration maxDelay;
    private double jitter = DEFAULT_JITTER;
    private Set<Integer> retryOnStatus = DEFAULT_RETRY_ON_STATUS;

    private Builder() {}

    /** Attempts in all, the first included (1 means no retries). */
    public Builder maxAttempts(int maxAttempts) {
      checkAttempts(maxAttempts);
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Explicit delays after attempt 1, 2, ...; max attempts defaults to their number plus 1. */
    public Builder schedule(List<Duration> schedule) {
      List<Duration> copy = new ArrayList<>(Objects.requireNonNull(schedule, "schedule"));
      if (copy.isEmpty()) {
        throw new InvalidEndpointException(
            "retry_policy.schedule",
            "retry_policy schedule is empty; give at least one delay, or set max_attempts: 1"
                + " for no retries");
      }
      copy.forEach(d -> checkDelay("schedule", d));
      this.schedule = copy;
      return this;
    }

    /** Explicit delays after attempt 1, 2, ... */
    public Builder schedule(Duration... schedule) {
      return schedule(List.of(schedule));
    }

    /** Exponential backoff: the delay after the first attempt. */
    public Builder initialDelay(Duration initialDelay) {
      checkDelay("initial_delay", initialDelay);
      this.initialDelay = initialDelay;
      return this;
    }

    /** Exponential backoff: the factor between consecutive delays (at least 1). */
    public Builder backoffMultiplier(double backoffMultiplier) {
      checkMultiplier(backoffMultiplier);
      this.backoffMultiplier = backoffMultiplier;
      return this;
    }

    /** Exponential backoff: the longest delay. */
    public Builder maxDelay(Duration maxDelay) {
      checkDelay("max_delay", maxDelay);
      this.maxDelay = maxDelay;
      return this;
    }

    /** The fraction each delay is randomly spread by: 0 for none, 0.2 for ± 20 %. */
    public Builder jitter(double jitter) {
      checkJitter(jitter);
      this.jitter = jitter;
      return this;
    }

    /** Replaces the statuses that are retried; the others (3xx, 4xx) are final. */
    public Builder retryOnStatus(Collection<Integer> statuses) {
      this.retryOnStatus = checkStatuses(Objects.requireNonNull(statuses, "statuses"));
      return this;
    }

    /** Replaces the statuses that are retried. */
    public Builder retryOnStatus(int... statuses) {
      return retryOnStatus(IntStream.of(statuses).boxed().toList());
    }

    /**
     * Builds the policy.
     *
     * @throws InvalidEndpointException when both a schedule and exponential settings are given, or
     *     {@code max_delay} is shorter than {@code initial_delay}
     */
    public RetryPolicy build() {
      boolean exponential = initialDelay != null || backoffMultiplier != null || maxDelay != null;
      if (exponential && schedule != null) {
        throw new InvalidEndpointException(
            "retry_policy.schedule",
            "retry_policy has both a schedule and initial_delay/backoff_multiplier/max_delay;"
                + " give one form or the other");
      }
      List<Duration> delays = exponential ? List.of() : schedule != null ? schedule : null;
      int attempts =
          maxAttempts != null
              ? maxAttempts
              : schedule != null ? schedule.size() + 1 : DEFAULT_MAX_ATTEMPTS;
      return new RetryPolicy(
          attempts,
          delays != null ? delays : DEFAULT_SCHEDULE,
          initialDelay != null ? initialDelay : DEFAULT_INITIAL_DELAY,
          backoffMultiplier != null ? backoffMultiplier : DEFAULT_BACKOFF_MULTIPLIER,
          maxDelay != null ? maxDelay : DEFAULT_MAX_DELAY,
          jitter,
          retryOnStatus);
    }
  }
}
