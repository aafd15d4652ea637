package dev.hookline.format;

import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import java.util.Optional;

/** The severity a format shows, judged as {@code min_severity} filters judge it. */
final class Severities {
  private Severities() {}

  /**
   * The event's severity, else {@code data.severity} when it names a level (the MegaBot seed puts
   * it there), else empty.
   */
  static Optional<Severity> stated(Event e) {
    if (e.severity().isPresent()) {
      return e.severity();
    }
    if (e.data().get("severity") instanceof String s) {
      for (Severity level : Severity.values()) {
        if (level.wireName().equalsIgnoreCase(s.strip())) {
          return Optional.of(level);
        }
      }
    }
    return Optional.empty();
  }

  /** {@link #stated}, or {@link Severity#INFO} when the event states none. */
  static Severity of(Event e) {
    return stated(e).orElse(Severity.INFO);
  }
}
