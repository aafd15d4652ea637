package dev.hookline.delivery;

import dev.hookline.format.Formats;
import dev.hookline.format.LookupException;
import dev.hookline.format.Reading;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.RetryPolicy;
import dev.hookline.store.DeliveryStatus;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

/**
 * What one attempt's result means, as a pure function of the endpoint, the result and the time of
 * the answer: succeeded, to be retried (no sooner than a wait the service asked for), or final;
 * whether to pause the endpoint; what to tell its circuit breaker; whether to disable it. {@link
 * #forAttempt} then turns it into each delivery's next status and time by the retry schedule.
 *
 * @param kind succeeded, retryable or final
 * @param error what the delivery's attempt records as its error, unless it succeeded
 * @param retryAfter the least wait before the next attempt that the service asked for, capped
 * @param pauseUntil until when the endpoint's next requests are held (its rate limit spent)
 * @param breaker what the attempt tells the endpoint's circuit breaker
 * @param disable why the endpoint is to be disabled at once (it answered 410), if it is
 * @param created what a successful answer created (a Jira issue key)
 */
record Verdict(
    Kind kind,
    Optional<String> error,
    Optional<Duration> retryAfter,
    Optional<Instant> pauseUntil,
    Breaker breaker,
    Optional<String> disable,
    Optional<String> created) {

  /** The attempt's outcome before the retry schedule is consulted. */
  enum Kind {
    SUCCEEDED,
    RETRYABLE,
    FINAL
  }

  /** What the attempt tells the circuit breaker. */
  enum Breaker {
    /** The endpoint is up (it answered, if only with a final 4xx). */
    SUCCESS,
    /** The endpoint failed (no answer, a retryable status, 410). */
    FAILURE,
    /** Not the endpoint's health (refused before sending: a private address, an SMTP refusal). */
    NONE
  }

  /** One delivery's next step, by the retry schedule. */
  record Step(DeliveryStatus status, Instant next, Optional<String> error) {}

  /** Judges {@code result}, an attempt on {@code endpoint} answered (or failed) at {@code now}. */
  static Verdict of(Endpoint endpoint, HttpResult result, Instant now) {
    if (result.status().isEmpty()) {
      return unanswered(endpoint, result, now);
    }
    int code = result.status().getAsInt();
    Reading read = Formats.interpret(endpoint, code, result.headers(), result.body(), now);
    Optional<Instant> pause = read.pause().map(RetryAfter::cap).map(now::plus);
    if (result.isSuccess() && read.hiddenError().isEmpty()) {
      return new Verdict(
          Kind.SUCCEEDED,
          Optional.empty(),
          Optional.empty(),
          pause,
          Breaker.SUCCESS,
          Optional.empty(),
          read.created());
    }
    boolean gone = code == 410;
    Optional<Duration> rateLimited = read.rateLimitWait().map(RetryAfter::clamp);
    String error =
        read.hiddenError()
            .orElseGet(
                () ->
                    "HTTP " + code + read.failureReason().map(reason -> ": " + reason).orElse(""));
    // An error a service hides in a 2xx (Teams' connectors) is judged by the status it names.
    int judged = read.hiddenError().isPresent() ? read.hiddenStatus().orElse(code) : code;
    boolean retryable =
        !gone && (rateLimited.isPresent() || endpoint.retryPolicy().retriesStatus(judged));
    Optional<Duration> wait =
        rateLimited.or(
            () ->
                RetryAfter.longest(
                        read.retryAfter(), RetryAfter.parse(result.header("Retry-After"), now))
                    .map(RetryAfter::cap));
    return new Verdict(
        retryable ? Kind.RETRYABLE : Kind.FINAL,
        Optional.of(error),
        wait,
        pause,
        retryable || gone ? Breaker.FAILURE : Breaker.SUCCESS,
        gone ? Optional.of("it answered 410 Gone") : Optional.empty(),
        Optional.empty());
  }

  /** No answer came: a network error, a timeout, a refusal before sending. */
  private static Verdict unanswered(Endpoint endpoint, HttpResult result, Instant now) {
    Throwable e = result.error().orElseThrow();
    boolean retryable = !(e instanceof PrivateNetworkException) && !MailException.isPermanent(e);
    return new Verdict(
        retryable ? Kind.RETRYABLE : Kind.FINAL,
        Optional.of(describe(e, endpoint)),
        RetryAfter.parse(result.header("Retry-After"), now),
        Optional.empty(),
        retryable ? Breaker.FAILURE : Breaker.NONE,
        Optional.empty(),
        Optional.empty());
  }

  /**
   * The next step of a delivery on its attempt {@code number}: succeeded, dead (a final answer, or
   * the schedule is spent), or failed and due again after the schedule's delay (jittered with
   * {@code random}) or the service's wait, whichever is longer.
   */
  Step forAttempt(int number, RetryPolicy policy, Instant now, RandomGenerator random) {
    return switch (kind) {
      case SUCCEEDED -> new Step(DeliveryStatus.SUCCEEDED, now, Optional.empty());
      case FINAL -> new Step(DeliveryStatus.DEAD, now, error);
      case RETRYABLE -> {
        Optional<Duration> delay = policy.delayAfter(number);
        if (delay.isEmpty()) {
          yield new Step(
              DeliveryStatus.DEAD,
              now,
              error.map(e -> e + " (gave up after attempt " + number + ")"));
        }
        Duration wait = jitter(delay.get(), policy.jitter(), random);
        if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
          wait = retryAfter.get();
        }
        yield new Step(DeliveryStatus.FAILED, now.plus(wait), error);
      }
    };
  }

  private static Duration jitter(Duration delay, double jitter, RandomGenerator random) {
    if (jitter <= 0) {
      return delay;
    }
    double factor = 1 + random.nextDouble(-jitter, jitter);
    return Duration.ofNanos((long) (delay.toNanos() * factor));
  }

  /** The error an attempt without an answer records: what went wrong, in a user's words. */
  static String describe(Throwable e, Endpoint endpoint) {
    if (e instanceof MailException || e instanceof LookupException) {
      return e.getMessage(); // already says what the SMTP server answered, or why none did
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (e instanceof TimeoutException || root instanceof TimeoutException) {
      return "timed out after " + endpoint.timeout().toMillis() + " ms";
    }
    if (e instanceof PrivateNetworkException || root instanceof PrivateNetworkException) {
      return root.getMessage();
    }
    if (root instanceof UnknownHostException) {
      return "DNS lookup failed for " + endpoint.url().map(URI::getHost).orElse("?");
    }
    if (root instanceof ConnectException) {
      return "connection failed: " + root.getMessage();
    }
    String message = root.getMessage() == null ? "" : ": " + root.getMessage();
    return root.getClass().getSimpleName() + message;
  }
}
