package dev.hookline.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a request its parser refused: bad framing 400, 505, 431, 414...) in
 * the API's shape, {@code {"error": code, "message": ...}} as {@code application/json}, never
 * Jetty's HTML page. Installed on the Jetty server, so it also answers what never reaches Javalin.
 */
final class JsonErrorHandler extends ErrorHandler {

  /** The {@code error} code for a status Jetty or the JDK decided. */
  static String code(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 408 -> "request_timeout";
      case 411 -> "length_required";
      case 413 -> "body_too_large";
      case 414 -> "uri_too_long";
      case 415 -> "unsupported_media_type";
      case 417 -> "expectation_failed";
      case 431 -> "headers_too_large";
      case 500 -> "internal_error";
      case 503 -> "unavailable";
      case 505 -> "http_version_not_supported";
      default -> "http_" + status;
    };
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status =
        request.getAttribute(ERROR_STATUS) instanceof Integer s && s >= 400
            ? s
            : Math.max(response.getStatus(), 400);
    String message =
        status < 500 && request.getAttribute(ERROR_MESSAGE) instanceof String m && !m.isBlank()
            ? m
            : HttpStatus.getMessage(status);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpApi.JSON);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    if (HttpMethod.HEAD.is(request.getMethod())) {
      callback.succeeded();
      return true;
    }
    byte[] body = ApiJson.error(code(status), message).getBytes(StandardCharsets.UTF_8);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
