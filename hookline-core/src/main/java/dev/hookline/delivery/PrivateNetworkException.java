package dev.hookline.delivery;

import dev.hookline.HooklineException;

/**
 * An endpoint host resolved only to loopback, private, link-local or cloud-metadata addresses,
 * which Hookline refuses to connect to unless private networks are allowed (SSRF guard).
 */
public final class PrivateNetworkException extends HooklineException {
  /** Creates an exception naming the host and the address it resolved to. */
  public PrivateNetworkException(String message) {
    super(message);
  }
}
