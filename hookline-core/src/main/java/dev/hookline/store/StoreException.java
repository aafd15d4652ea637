package dev.hookline.store;

import dev.hookline.HooklineException;

/**
 * A store that cannot be opened, migrated, read or written. The message names the store.
 *
 * <p>A failed write says whether it may have been stored: {@link #outcomeUnknown()} is false when
 * it failed before anything could be committed (nothing of it is stored), true when the connection
 * was lost while committing (it may be stored, or only part of a batch may be). Either way a write
 * that is idempotent on its ids — publishing events — can simply be sent again.
 */
public final class StoreException extends HooklineException {
  private final boolean outcomeUnknown;

  /** Creates an exception with the cause it wraps, for a write known not to be stored. */
  public StoreException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * Creates an exception with the cause it wraps.
   *
   * @param outcomeUnknown whether the write may have been committed all the same
   */
  public StoreException(String message, Throwable cause, boolean outcomeUnknown) {
    super(message, cause);
    this.outcomeUnknown = outcomeUnknown;
  }

  /** Creates an exception, for a write known not to be stored. */
  public StoreException(String message) {
    super(message);
    this.outcomeUnknown = false;
  }

  /**
   * Whether the failed write may have been committed all the same (the connection was lost during
   * the commit, or some writes of a batch committed): the caller cannot tell, and should send it
   * again with the same ids rather than assume either way.
   */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }
}
