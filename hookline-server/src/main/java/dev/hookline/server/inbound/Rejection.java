package dev.hookline.server.inbound;

/**
 * A request refused because of what it carries; becomes an error response and a {@code rejected}
 * log entry. Thrown by providers while reading a verified request, never out of this package.
 */
final class Rejection extends RuntimeException {
  private final int status;
  private final String code;

  Rejection(int status, String code, String message) {
    super(message, null, false, false); // control flow, not a bug: no stack trace
    this.status = status;
    this.code = code;
  }

  /** A 400 with the given error code. */
  static Rejection badRequest(String code, String message) {
    return new Rejection(400, code, message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
