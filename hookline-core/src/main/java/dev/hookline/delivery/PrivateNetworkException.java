package dev.hookline.delivery;

import dev.hookline.HooklineException;

/**
 * An endpoint host resolved only to loopback, private, link-local or cloud-metadata addresses,
 * which Hookline refuses to connect to unless private networks are allowed (SSRF guard); or a host
 * written as an ambiguous IP literal ({@code 0x7f000001}), which it never connects to. Final: a
 * delivery that meets it is not retried.
 */
public final class PrivateNetworkException extends HooklineException {
  /** Creates an exception naming the host and the address it resolved to. */
  public PrivateNetworkException(String message) {
    super(message);
  }
}
