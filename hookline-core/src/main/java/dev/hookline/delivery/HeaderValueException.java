package dev.hookline.delivery;

import dev.hookline.HooklineException;

/**
 * A header value rendered from an endpoint's template that cannot be sent: it holds a line break
 * (CR or LF) or NUL, which would end the header and inject others. The delivery fails with this
 * message, unsent; the message names the endpoint and the header.
 */
final class HeaderValueException extends HooklineException {
  private static final long serialVersionUID = 1L;

  HeaderValueException(String message) {
    super(message);
  }
}
