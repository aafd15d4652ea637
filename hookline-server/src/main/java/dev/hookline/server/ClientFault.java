package dev.hookline.server;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;

/**
 * A failure that is the client's doing although it surfaces as an exception from Jetty or the JDK
 * rather than from our own checks: a charset Java does not know, a body that ends before its
 * Content-Length, a body that never arrives, a request Jetty's parser refused. Answered as a 4xx,
 * never logged as a server error, never recorded.
 *
 * @param status the HTTP status, 4xx
 * @param code the {@code error} code of the JSON body
 * @param message the {@code message} of the JSON body
 */
record ClientFault(int status, String code, String message) {

  /** The client fault somewhere in {@code e}'s cause chain, if any. */
  static Optional<ClientFault> of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      Optional<ClientFault> fault = one(t, e);
      if (fault.isPresent()) {
        return fault;
      }
    }
    return Optional.empty();
  }

  private static Optional<ClientFault> one(Throwable t, Throwable top) {
    if (t instanceof UnsupportedCharsetException u) {
      return Optional.of(charset(u.getCharsetName()));
    }
    if (t instanceof IllegalCharsetNameException i) {
      return Optional.of(charset(i.getCharsetName()));
    }
    if (t instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
      // Jetty's own verdict on the request (bad message, early EOF), with its status.
      return Optional.of(
          t instanceof EOFException
              ? incomplete()
              : new ClientFault(
                  h.getCode(), JsonErrorHandler.code(h.getCode()), reason(h.getReason())));
    }
    if (t instanceof EOFException) {
      return Optional.of(incomplete());
    }
    if (t instanceof TimeoutException && top instanceof IOException) {
      // An I/O read of the request that timed out: the client stopped sending.
      return Optional.of(
          new ClientFault(
              408, "request_timeout", "the request body did not arrive in time; send it again"));
    }
    return Optional.empty();
  }

  private static ClientFault charset(String name) {
    return new ClientFault(
        415,
        "unsupported_charset",
        "the Content-Type charset '"
            + (name == null ? "" : name)
            + "' is not supported; send JSON in UTF-8 (Content-Type: application/json)");
  }

  private static ClientFault incomplete() {
    return new ClientFault(
        400,
        "incomplete_body",
        "the request body ended before the length its Content-Length announced");
  }

  private static String reason(String reason) {
    return reason == null || reason.isBlank() ? "the request is malformed" : reason;
  }
}
