package dev.hookline.server.inbound;

import java.util.Objects;

/**
 * What to answer a webhook sender: write {@code status}, {@code Content-Type: contentType} and the
 * body as they are.
 *
 * <p>Errors are {@code {"error": "<code>", "message": "<sentence>"}}. A new or duplicate event is
 * {@code {"id": "<event id>", "duplicate": false|true}}, except where the provider expects
 * something else (Slack slash commands and interactivity: an empty body; Twilio: empty TwiML).
 *
 * @param status the HTTP status code
 * @param contentType the value of the {@code Content-Type} header
 * @param body the body; may be empty
 */
public record InboundResponse(int status, String contentType, String body) {
  static final String JSON = "application/json";

  /**
   * Creates a response.
   *
   * @throws NullPointerException if contentType or body is null
   */
  public InboundResponse {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }

  /** True for a 2xx status: the sender should not send this request again. */
  public boolean successful() {
    return status >= 200 && status < 300;
  }

  static InboundResponse json(int status, Object value) {
    return new InboundResponse(status, JSON, Json.write(value));
  }

  static InboundResponse error(int status, String code, String message) {
    return json(status, Json.ordered("error", code, "message", message));
  }
}
