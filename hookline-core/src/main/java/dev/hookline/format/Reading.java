package dev.hookline.format;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What an integration reads in its service's answer, beyond the status: the delivery engine's
 * verdict weighs it with the endpoint's retry policy. Every part is empty for {@code raw}
 * endpoints.
 *
 * @param hiddenError an error hidden in a 2xx answer (Slack's {@code {"ok": false}}): the attempt
 *     failed
 * @param hiddenStatus the status a hidden error stands for (Teams wraps 429 and 5xx in a 200), to
 *     be retried as that status would be; empty when the hidden error is final
 * @param failureReason the service's explanation of a failed (non-2xx) answer (Jira's errors by
 *     field)
 * @param rateLimitWait when a failed answer is the service's rate limit (GitHub's 403 with {@code
 *     x-ratelimit-remaining: 0}): how long to wait; such an answer is retried even when its status
 *     is otherwise final
 * @param retryAfter how long the service asked to wait in its own terms beyond {@code Retry-After}
 *     (Discord's {@code retry_after}), never negative
 * @param pause how long to hold the endpoint's next requests after an answer that used up the
 *     service's rate limit ({@code X-RateLimit-Remaining: 0})
 * @param created what a successful answer created (a Jira issue key, a GitHub issue URL)
 */
public record Reading(
    Optional<String> hiddenError,
    OptionalInt hiddenStatus,
    Optional<String> failureReason,
    Optional<Duration> rateLimitWait,
    Optional<Duration> retryAfter,
    Optional<Duration> pause,
    Optional<String> created) {

  /** Nothing read: what a {@code raw} endpoint's answer gives. */
  public static final Reading NONE =
      new Reading(
          Optional.empty(),
          OptionalInt.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
}
