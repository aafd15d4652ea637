package dev.hookline.server.inbound;

import dev.hookline.server.inbound.Interpretation.Answer;
import dev.hookline.server.inbound.Interpretation.Publish;
import dev.hookline.server.inbound.Interpretation.Reply;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slack: {@code X-Slack-Signature} v0 over {@code X-Slack-Request-Timestamp} and the body is
 * verified before this runs. Three kinds of request:
 *
 * <ul>
 *   <li>Events API (JSON): {@code url_verification} is answered with its {@code challenge} and
 *       creates no event; {@code event_callback} becomes {@code slack.<event.type>} with delivery
 *       id {@code event_id} (Slack keeps it on retries); other envelope types become {@code
 *       slack.<type>} without one.
 *   <li>Slash commands (form): {@code slack.command}, the form fields as data, delivery id {@code
 *       trigger_id} (unique per invocation), answered with an empty 200 so that Slack shows the
 *       user nothing.
 *   <li>Interactivity (form with a {@code payload} field): {@code slack.interaction.<type>}, the
 *       parsed payload as data, delivery id {@code trigger_id} when it has one, empty 200.
 * </ul>
 *
 * <p>Slack's legacy verification {@code token}, a credential, is removed from the data.
 */
final class SlackProvider implements Provider {
  private static final String[] HEADERS = {
    "X-Slack-Request-Timestamp", "X-Slack-Retry-Num", "X-Slack-Retry-Reason", "User-Agent"
  };

  @Override
  public Interpretation interpret(String source, InboundRequest request) {
    if (request.mediaType().equals(Form.MEDIA_TYPE)) {
      Map<String, Object> fields = withoutToken(Form.fields(request.body()));
      Optional<String> payload = Form.text(fields, "payload");
      return payload.isPresent()
          ? interaction(request, withoutToken(Json.object(payload.get())))
          : command(request, fields);
    }
    Map<String, Object> envelope = withoutToken(Json.object(request.body()));
    String type =
        Json.text(envelope, "type")
            .orElseThrow(
                () ->
                    Rejection.badRequest(
                        "invalid_payload", "a Slack Events API request has a type; none found"));
    return switch (type) {
      case "url_verification" -> {
        String challenge =
            Json.text(envelope, "challenge")
                .orElseThrow(
                    () ->
                        Rejection.badRequest(
                            "invalid_payload", "url_verification without a challenge"));
        yield new Answer(
            InboundResponse.json(200, Map.of("challenge", challenge)),
            "answered Slack's url_verification challenge");
      }
      case "event_callback" ->
          new Publish(
              Names.type(
                  "slack",
                  Names.required(
                      Json.text(envelope, "event", "type"),
                      "an event_callback has an event.type; none found")),
              Json.text(envelope, "event_id"),
              envelope,
              Json.text(envelope, "event", "channel"),
              Json.text(envelope, "event", "user"),
              metadata(request, envelope, "team_id"),
              Reply.JSON);
      default ->
          new Publish(
              Names.type("slack", Optional.of(type)),
              Json.text(envelope, "event_id"),
              envelope,
              Optional.empty(),
              Optional.empty(),
              metadata(request, envelope, "team_id"),
              Reply.JSON);
    };
  }

  private static Publish command(InboundRequest request, Map<String, Object> fields) {
    return new Publish(
        "slack.command",
        Form.text(fields, "trigger_id"),
        fields,
        Form.text(fields, "command"),
        Form.text(fields, "user_id"),
        metadata(request, fields, "team_id"),
        Reply.EMPTY);
  }

  private static Publish interaction(InboundRequest request, Map<String, Object> payload) {
    return new Publish(
        Names.type(
            "slack.interaction",
            Names.required(
                Json.text(payload, "type"), "an interaction payload has a type; none found")),
        Json.text(payload, "trigger_id"),
        payload,
        Json.text(payload, "channel", "id"),
        Json.text(payload, "user", "id"),
        Json.ordered(
            "team_id",
            Json.text(payload, "team", "id").orElse(null),
            "headers",
            Provider.headers(request, HEADERS)),
        Reply.EMPTY);
  }

  /** The body without Slack's legacy verification token, which is a credential. */
  private static Map<String, Object> withoutToken(Map<String, Object> body) {
    Map<String, Object> copy = new LinkedHashMap<>(body);
    copy.remove("token");
    return copy;
  }

  private static Map<String, Object> metadata(
      InboundRequest request, Map<String, Object> body, String teamField) {
    return Json.ordered(
        "team_id",
        Json.text(body, teamField).orElse(null),
        "api_app_id",
        Json.text(body, "api_app_id").orElse(null),
        "headers",
        Provider.headers(request, HEADERS));
  }
}
