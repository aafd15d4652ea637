package dev.hookline.format;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Builds an integration's {@link Reading} of one answer, asking each question only where it applies
 * (a hidden error and what was created on a 2xx, a reason and a rate limit otherwise) and leaving
 * empty a part whose reader throws (a malformed header, a value out of range): one unreadable part
 * must not lose the attempt's outcome or the other parts.
 */
final class Answer {
  private static final System.Logger LOG = System.getLogger(Answer.class.getName());

  private final boolean answered2xx;
  private Supplier<Optional<String>> hiddenError = Optional::empty;
  private Supplier<OptionalInt> hiddenStatus = OptionalInt::empty;
  private Supplier<Optional<String>> failureReason = Optional::empty;
  private Supplier<Optional<Duration>> rateLimitWait = Optional::empty;
  private Supplier<Optional<Duration>> retryAfter = Optional::empty;
  private Supplier<Optional<Duration>> pause = Optional::empty;
  private Supplier<Optional<String>> created = Optional::empty;

  private Answer(int status) {
    this.answered2xx = status >= 200 && status < 300;
  }

  /** Starts reading an answer of {@code status}. */
  static Answer of(int status) {
    return new Answer(status);
  }

  /** On a 2xx: an error the service hides in it (Slack's {@code {"ok": false}}). */
  Answer hiddenError(Supplier<Optional<String>> r) {
    this.hiddenError = r;
    return this;
  }

  /** On a hidden error: the status it stands for (Teams wraps 429 in a 200). */
  Answer hiddenStatus(Supplier<OptionalInt> r) {
    this.hiddenStatus = r;
    return this;
  }

  /** On any other status: the service's explanation. */
  Answer failureReason(Supplier<Optional<String>> r) {
    this.failureReason = r;
    return this;
  }

  /** On any other status: whether it is the service's rate limit, and how long to wait. */
  Answer rateLimitWait(Supplier<Optional<Duration>> r) {
    this.rateLimitWait = r;
    return this;
  }

  /** Unless it succeeded: a wait asked for in the service's own terms. */
  Answer retryAfter(Supplier<Optional<Duration>> r) {
    this.retryAfter = r;
    return this;
  }

  /** On any answer: how long to hold the endpoint's next requests. */
  Answer pause(Supplier<Optional<Duration>> r) {
    this.pause = r;
    return this;
  }

  /** On a success: what it created. */
  Answer created(Supplier<Optional<String>> r) {
    this.created = r;
    return this;
  }

  /** What was read. */
  Reading read() {
    Optional<String> hidden = answered2xx ? total(hiddenError, Optional.empty()) : Optional.empty();
    boolean success = answered2xx && hidden.isEmpty();
    return new Reading(
        hidden,
        hidden.isPresent() ? total(hiddenStatus, OptionalInt.empty()) : OptionalInt.empty(),
        answered2xx ? Optional.empty() : total(failureReason, Optional.empty()),
        answered2xx ? Optional.empty() : total(rateLimitWait, Optional.empty()),
        success
            ? Optional.empty()
            : total(retryAfter, Optional.<Duration>empty()).filter(d -> !d.isNegative()),
        total(pause, Optional.empty()),
        success ? total(created, Optional.empty()) : Optional.empty());
  }

  private static <T> T total(Supplier<T> part, T none) {
    try {
      return part.get();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a format could not read an answer: " + e);
      return none;
    }
  }
}
