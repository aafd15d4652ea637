package dev.hookline.server;

import dev.hookline.HooklineException;

/** An HTTP API error: answered as {@code {"error": code, "message": message}} with a status. */
final class ApiException extends HooklineException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;

  ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  static ApiException notFound(String what, String id) {
    return new ApiException(404, "not_found", "no " + what + " with id '" + id + "'");
  }

  static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }
}
