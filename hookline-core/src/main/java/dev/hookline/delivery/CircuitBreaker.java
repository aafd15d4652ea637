package dev.hookline.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One endpoint's circuit: closed while it answers; open (no attempts) for a cool-down after a run
 * of consecutive failures; then half-open, letting a single probe through. A probe that fails
 * reopens the circuit for twice as long (up to a cap); one that succeeds closes it. An endpoint
 * that has not succeeded for {@code disableAfter} should be disabled. Thread-safe.
 */
final class CircuitBreaker {
  /** The circuit's state, for stats and the dashboard. */
  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int failureThreshold;
  private final Duration openFor;
  private final Duration maxOpenFor;
  private final Duration disableAfter;

  private State state = State.CLOSED;
  private int consecutiveFailures;
  private Instant openUntil = Instant.MIN;
  private Duration currentOpen;
  private boolean probeOut;
  private Instant failingSince; // null while healthy

  CircuitBreaker(
      int failureThreshold, Duration openFor, Duration maxOpenFor, Duration disableAfter) {
    this.failureThreshold = failureThreshold;
    this.openFor = openFor;
    this.maxOpenFor = maxOpenFor;
    this.disableAfter = disableAfter;
    this.currentOpen = openFor;
  }

  /**
   * Whether an attempt may go out now.
   *
   * @return empty when allowed, else when to try again
   */
  synchronized Optional<Instant> allow(Instant now) {
    switch (state) {
      case CLOSED:
        return Optional.empty();
      case OPEN:
        if (now.isBefore(openUntil)) {
          return Optional.of(openUntil);
        }
        state = State.HALF_OPEN;
        probeOut = true;
        return Optional.empty();
      default: // HALF_OPEN: one probe at a time
        if (probeOut) {
          return Optional.of(now.plus(currentOpen.dividedBy(4).plusMillis(1)));
        }
        probeOut = true;
        return Optional.empty();
    }
  }

  /** An attempt got a 2xx. */
  synchronized void onSuccess() {
    state = State.CLOSED;
    consecutiveFailures = 0;
    currentOpen = openFor;
    probeOut = false;
    failingSince = null;
  }

  /**
   * An attempt failed.
   *
   * @return true when the endpoint has now failed for longer than {@code disableAfter}
   */
  synchronized boolean onFailure(Instant now) {
    if (failingSince == null) {
      failingSince = now;
    }
    consecutiveFailures++;
    if (state == State.HALF_OPEN) {
      probeOut = false;
      currentOpen = min(currentOpen.multipliedBy(2), maxOpenFor);
      open(now);
    } else if (state == State.CLOSED && consecutiveFailures >= failureThreshold) {
      open(now);
    }
    return !Duration.between(failingSince, now).minus(disableAfter).isNegative();
  }

  /** An attempt allowed through did not happen after all (e.g. it was rate limited). */
  synchronized void onSkipped() {
    if (state == State.HALF_OPEN) {
      probeOut = false;
    }
  }

  synchronized State state() {
    return state;
  }

  private void open(Instant now) {
    state = State.OPEN;
    openUntil = now.plus(currentOpen);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
