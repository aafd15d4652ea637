package dev.hookline.server.inbound;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.event.Event;
import dev.hookline.server.config.SourceConfig;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.SignedContent;
import dev.hookline.signature.Signer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboundTwilioTest {
  private static final String AUTH_TOKEN = "12345";
  private static final URI URL = URI.create("http://localhost:8000/webhooks/twilio");
  private static final String SMS =
      "MessageSid=SM0123456789abcdef0123456789abcdef&AccountSid=AC01&From=%2B14155550100"
          + "&To=%2B14155550199&Body=Hello+there&SmsStatus=received";

  @TempDir Path dir;
  private InboundFixture fixture;

  @BeforeEach
  void start() {
    fixture = new InboundFixture(dir, SourceConfig.of("twilio", "twilio", AUTH_TOKEN));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void incomingSmsBecomesTwilioMessageEventAnsweredWithEmptyTwiml() {
    InboundResponse response = post(URL, SMS, sign(URL, SMS));

    Event event = fixture.event();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("text/xml");
    assertThat(response.body()).contains("<Response></Response>");
    assertThat(event.type()).isEqualTo("twilio.message.received");
    assertThat(event.id()).isEqualTo("twilio:SM0123456789abcdef0123456789abcdef-received");
    assertThat(event.data())
        .containsEntry("Body", "Hello there")
        .containsEntry("From", "+14155550100");
  }

  @Test
  void idempotencyTokenIsTheDeliveryIdAndRetriesAreStoredOnce() {
    post(URL, SMS, sign(URL, SMS), "I-Twilio-Idempotency-Token", "b5e7a0e1-retry");

    InboundResponse retry =
        post(URL, SMS, sign(URL, SMS), "I-Twilio-Idempotency-Token", "b5e7a0e1-retry");

    assertThat(retry.status()).isEqualTo(200);
    assertThat(fixture.event().id()).isEqualTo("twilio:b5e7a0e1-retry");
    assertThat(fixture.lastLog().outcome()).isEqualTo(InboundLogEntry.Outcome.DUPLICATE);
  }

  @Test
  void documentedRequestSignedForThePublicUrlVerifiesBehindAProxy() {
    // Twilio's documented example: signed for https://mycompany.com/myapp.php?foo=1&bar=2, here
    // received by the server as http://10.0.0.5:8000/webhooks/twilio?foo=1&bar=2.
    fixture.close();
    fixture =
        new InboundFixture(
            dir.resolve("proxy"),
            SourceConfig.of("twilio", "twilio", AUTH_TOKEN)
                .withPublicUrl(URI.create("https://mycompany.com/myapp.php")));
    String form =
        "To=%2B18005551212&Digits=1234&CallSid=CA1234567890ABCDE&From=%2B14158675309"
            + "&Caller=%2B14158675309";

    InboundResponse response =
        post(
            URI.create("http://10.0.0.5:8000/webhooks/twilio?foo=1&bar=2"),
            form,
            "RSOYDt4T1cUTdK1PDd93/VVr8B8=");

    assertThat(response.status()).isEqualTo(200);
    assertThat(fixture.event().type()).isEqualTo("twilio.call");
  }

  @Test
  void requestSignedForAnotherUrlIsRejectedWith401() {
    URI other = URI.create("https://elsewhere.example.com/webhooks/twilio");

    InboundResponse response = post(URL, SMS, sign(other, SMS));

    assertThat(response.status()).isEqualTo(401);
    assertThat(fixture.events()).isEmpty();
  }

  @Test
  void tamperedParametersReusingKnownSidAreRejectedWith401() {
    post(URL, SMS, sign(URL, SMS));

    InboundResponse response = post(URL, SMS.replace("Hello", "Goodbye"), sign(URL, SMS));

    assertThat(response.status()).isEqualTo(401);
    assertThat(fixture.events()).hasSize(1);
  }

  private InboundResponse post(URI url, String body, String signature, String... extra) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Content-Type", "application/x-www-form-urlencoded");
    headers.put("X-Twilio-Signature", signature);
    for (int i = 0; i < extra.length; i += 2) {
      headers.put(extra[i], extra[i + 1]);
    }
    return fixture.inbound.receive(
        "twilio", InboundRequest.post(url, headers, body.getBytes(UTF_8)));
  }

  private static String sign(URI url, String body) {
    return Signer.of(SignatureConfig.twilio(AUTH_TOKEN))
        .sign(SignedContent.of("unused", Instant.EPOCH, body).withUrl(url))
        .get("X-Twilio-Signature");
  }
}
