package dev.hookline.signature;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/** Signed Unix timestamps: strict parsing and the replay window. */
final class Timestamps {
  private Timestamps() {}

  /** Unix seconds written as 1 to 18 ASCII digits, nothing else; empty otherwise. */
  static OptionalLong parse(String raw) {
    if (raw.isEmpty() || raw.length() > 18) {
      return OptionalLong.empty();
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.of(Long.parseLong(raw));
  }

  /**
   * The failure when the timestamp is outside the tolerance around the clock's now, in either
   * direction; empty when it is within (the bounds count as within).
   */
  static Optional<Verification> outsideTolerance(
      String header, long seconds, Clock clock, Duration tolerance) {
    long now = clock.instant().getEpochSecond();
    long allowed = tolerance.getSeconds();
    if (seconds < now - allowed) {
      return Optional.of(
          Verification.failure(
              Verification.Reason.TIMESTAMP_TOO_OLD,
              header
                  + " is "
                  + (now - seconds)
                  + " s in the past; the tolerance is "
                  + allowed
                  + " s (a replayed or long-delayed request?)"));
    }
    if (seconds > now + allowed) {
      return Optional.of(
          Verification.failure(
              Verification.Reason.TIMESTAMP_TOO_NEW,
              header
                  + " is "
                  + (seconds - now)
                  + " s in the future; the tolerance is "
                  + allowed
                  + " s (is the sender's clock right?)"));
    }
    return Optional.empty();
  }
}
