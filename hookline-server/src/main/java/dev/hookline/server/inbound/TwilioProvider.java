package dev.hookline.server.inbound;

import dev.hookline.server.inbound.Interpretation.Publish;
import dev.hookline.server.inbound.Interpretation.Reply;
import java.util.Map;
import java.util.Optional;

/**
 * Twilio: {@code X-Twilio-Signature} (HMAC-SHA1 over the URL the sender requested and the sorted
 * form parameters) is verified before this runs. The form fields are the data; JSON bodies (signed
 * through the URL's {@code bodySHA256}) are read as JSON.
 *
 * <p>Type: {@code twilio.message.<MessageStatus|SmsStatus>} when there is a {@code MessageSid},
 * {@code twilio.call.<CallStatus>} when there is a {@code CallSid}, {@code twilio} otherwise.
 * Delivery id: {@code I-Twilio-Idempotency-Token} (the same on Twilio's retries), else the sid and
 * status ({@code SM...-delivered}), so each status callback is one event. Answered with an empty
 * TwiML {@code <Response/>}: "do nothing" for an incoming message or call.
 */
final class TwilioProvider implements Provider {
  static final String IDEMPOTENCY_TOKEN = "I-Twilio-Idempotency-Token";

  @Override
  public Interpretation interpret(String source, InboundRequest request) {
    Map<String, Object> data =
        request.mediaType().equals("application/json")
            ? Json.object(request.body())
            : Form.fields(request.body());
    Optional<String> messageSid = Json.text(data, "MessageSid");
    Optional<String> callSid = Json.text(data, "CallSid");
    String type;
    Optional<String> sid;
    Optional<String> status;
    if (messageSid.isPresent()) {
      sid = messageSid;
      status = Json.text(data, "MessageStatus").or(() -> Json.text(data, "SmsStatus"));
      type = Names.type("twilio.message", status);
    } else if (callSid.isPresent()) {
      sid = callSid;
      status = Json.text(data, "CallStatus");
      type = Names.type("twilio.call", status);
    } else {
      sid = Optional.empty();
      status = Optional.empty();
      type = "twilio";
    }
    Optional<String> deliveryId =
        request
            .header(IDEMPOTENCY_TOKEN)
            .or(() -> sid.map(s -> s + status.map(st -> "-" + st).orElse("")));
    return new Publish(
        type,
        deliveryId,
        data,
        sid,
        Optional.empty(),
        Map.of("headers", Provider.headers(request, IDEMPOTENCY_TOKEN, "User-Agent")),
        Reply.TWIML);
  }
}
