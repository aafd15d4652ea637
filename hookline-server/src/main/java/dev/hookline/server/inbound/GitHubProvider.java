package dev.hookline.server.inbound;

import dev.hookline.server.inbound.Interpretation.Publish;
import dev.hookline.server.inbound.Interpretation.Reply;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub webhooks: {@code X-Hub-Signature-256} is verified before this runs. The type is {@code
 * github.<X-GitHub-Event>.<action>}, or {@code github.<X-GitHub-Event>} for events without an
 * action ({@code ping}, {@code push}); the delivery id is {@code X-GitHub-Delivery}, which GitHub
 * keeps when a delivery is redelivered. Bodies sent as a form ({@code payload=<json>}, a webhook
 * setting) are read too.
 */
final class GitHubProvider implements Provider {
  static final String EVENT = "X-GitHub-Event";
  static final String DELIVERY = "X-GitHub-Delivery";

  @Override
  public Interpretation interpret(String source, InboundRequest request) {
    String event =
        request
            .header(EVENT)
            .orElseThrow(
                () ->
                    Rejection.badRequest(
                        "invalid_payload",
                        "missing header " + EVENT + ", which names a GitHub event"));
    Map<String, Object> payload =
        request.mediaType().equals(Form.MEDIA_TYPE)
            ? Json.object(
                Form.text(Form.fields(request.body()), "payload")
                    .orElseThrow(
                        () ->
                            Rejection.badRequest(
                                "invalid_payload",
                                "a form-encoded GitHub webhook carries its JSON in the field"
                                    + " payload; there is none")))
            : Json.object(request.body());
    Optional<String> action =
        payload.get("action") instanceof String s && !s.isBlank()
            ? Optional.of(s)
            : Optional.empty();
    String type = Names.type("github", Optional.of(event), action);
    return new Publish(
        type,
        request.header(DELIVERY),
        payload,
        subject(payload),
        Json.text(payload, "sender", "login"),
        Map.of(
            "headers",
            Provider.headers(
                request,
                DELIVERY,
                EVENT,
                "X-GitHub-Hook-ID",
                "X-GitHub-Hook-Installation-Target-Type",
                "X-GitHub-Hook-Installation-Target-ID",
                "User-Agent")),
        Reply.JSON);
  }

  /** {@code owner/repo#42} for pull requests and issues, {@code owner/repo} otherwise. */
  private static Optional<String> subject(Map<String, Object> payload) {
    Optional<String> repo = Json.text(payload, "repository", "full_name");
    Optional<String> number =
        Json.text(payload, "pull_request", "number")
            .or(() -> Json.text(payload, "issue", "number"))
            .or(() -> Json.text(payload, "number"));
    if (repo.isPresent()) {
      return Optional.of(repo.get() + number.map(n -> "#" + n).orElse(""));
    }
    return Json.text(payload, "organization", "login");
  }
}
