package dev.hookline.store;

import dev.hookline.HooklineException;

/** A store that cannot be opened, migrated, read or written. The message names the store. */
public final class StoreException extends HooklineException {
  /** Creates an exception with the cause it wraps. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates an exception. */
  public StoreException(String message) {
    super(message);
  }
}
