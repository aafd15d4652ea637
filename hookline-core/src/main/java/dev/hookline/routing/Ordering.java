package dev.hookline.routing;

import java.util.Locale;
import java.util.Optional;

/** How one endpoint's deliveries are ordered (DESIGN §5). */
public enum Ordering {
  /** Deliveries go out concurrently; the default. */
  PARALLEL,
  /** One delivery at a time, in acceptance order; a failing delivery holds back the next ones. */
  FIFO;

  /** The contract name: {@code parallel} or {@code fifo}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a contract name, ignoring case; empty when unknown. */
  public static Optional<Ordering> fromName(String name) {
    for (Ordering o : values()) {
      if (o.name().equalsIgnoreCase(name)) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }
}
