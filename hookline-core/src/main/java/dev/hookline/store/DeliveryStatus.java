package dev.hookline.store;

import dev.hookline.HooklineException;
import java.util.Locale;

/**
 * Where a delivery is in its life: {@code pending → in_flight → succeeded}, or {@code in_flight →
 * failed} (waiting for a retry) {@code → ... → dead}.
 */
public enum DeliveryStatus {
  /** Waiting for its first (or a manually requested) attempt. */
  PENDING,
  /** Claimed by a node that is attempting it now, under a lease. */
  IN_FLIGHT,
  /** The last attempt failed; another is scheduled. */
  FAILED,
  /** A 2xx answer was received. Final. */
  SUCCEEDED,
  /** Attempts are exhausted or the failure is final (a 4xx); kept with its error until retried. */
  DEAD;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The contract name, such as {@code in_flight}. */
  public String wireName() {
    return wireName;
  }

  /** True for {@link #SUCCEEDED} and {@link #DEAD}. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == DEAD;
  }

  /**
   * Parses a contract name such as {@code dead} or {@code in_flight}, ignoring case.
   *
   * @throws HooklineException naming the accepted values when it is unknown
   */
  public static DeliveryStatus fromName(String name) {
    for (DeliveryStatus s : values()) {
      if (s.name().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new HooklineException(
        "unknown delivery status '"
            + name
            + "' (expected pending, in_flight, failed, succeeded or dead)");
  }
}
