package dev.hookline.signature;

import static dev.hookline.signature.StandardWebhooksTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature;
import dev.hookline.signature.Verification.Reason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checked against Slack's documented example and cross-checked with Slack's Java SDK. */
class SlackSignatureTest {
  // The example in Slack's "Verifying requests from Slack".
  private static final String DOCS_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final String DOCS_TIMESTAMP = "1531420618";
  private static final String DOCS_BODY =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
          + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
          + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2F"
          + "commands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
          + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
  private static final String DOCS_SIGNATURE =
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

  private static final String SECRET = "slack-signing-secret-0123456789ab";
  private static final String BODY =
      "{\"type\":\"event_callback\",\"event\":{\"type\":\"message\"}}";
  private static final long NOW = 1_700_000_000;
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

  @Test
  void signsSlacksDocumentedExample() {
    Signer signer = Signer.of(SignatureConfig.slack(DOCS_SECRET));

    Map<String, String> headers =
        signer.sign(
            SignedContent.of(
                "evt", Instant.ofEpochSecond(Long.parseLong(DOCS_TIMESTAMP)), DOCS_BODY));

    assertThat(headers)
        .containsExactly(
            Map.entry("X-Slack-Request-Timestamp", DOCS_TIMESTAMP),
            Map.entry("X-Slack-Signature", DOCS_SIGNATURE));
  }

  @Test
  void ourSignatureVerifiesWithSlacksSdk() {
    Map<String, String> signed =
        Signer.of(SignatureConfig.slack(SECRET))
            .sign(SignedContent.of("evt", Instant.ofEpochSecond(NOW), BODY));
    SlackSignature.Verifier slack =
        new SlackSignature.Verifier(new SlackSignature.Generator(SECRET));

    boolean valid =
        slack.isValid(
            signed.get("X-Slack-Request-Timestamp"),
            BODY,
            signed.get("X-Slack-Signature"),
            NOW * 1000);

    assertThat(valid).isTrue();
  }

  @Test
  void slackSdkSignatureVerifiesWithOurs() {
    String signature = new SlackSignature.Generator(SECRET).generate(Long.toString(NOW), BODY);

    Verification result =
        Verifier.of(SignatureConfig.slack(SECRET), CLOCK)
            .verify(headers(NOW, signature), bytes(BODY));

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void tamperedBodyHasNoMatchingSignature() {
    String signature = new SlackSignature.Generator(SECRET).generate(Long.toString(NOW), BODY);

    Verification result =
        Verifier.of(SignatureConfig.slack(SECRET), CLOCK)
            .verify(headers(NOW, signature), bytes(BODY.replace("message", "reaction_added")));

    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void replayedTimestampIsRejectedEvenWithAValidSignature() {
    long sixMinutesAgo = NOW - 360;
    String signature =
        new SlackSignature.Generator(SECRET).generate(Long.toString(sixMinutesAgo), BODY);

    Verification result =
        Verifier.of(SignatureConfig.slack(SECRET), CLOCK)
            .verify(headers(sixMinutesAgo, signature), bytes(BODY));

    assertThat(result.reason()).isEqualTo(Reason.TIMESTAMP_TOO_OLD);
  }

  @Test
  void futureTimestampIsRejected() {
    long sixMinutesAhead = NOW + 360;
    String signature =
        new SlackSignature.Generator(SECRET).generate(Long.toString(sixMinutesAhead), BODY);

    Verification result =
        Verifier.of(SignatureConfig.slack(SECRET), CLOCK)
            .verify(headers(sixMinutesAhead, signature), bytes(BODY));

    assertThat(result.reason()).isEqualTo(Reason.TIMESTAMP_TOO_NEW);
  }

  @Test
  void signatureWithoutVersionPrefixIsMalformed() {
    String signature = new SlackSignature.Generator(SECRET).generate(Long.toString(NOW), BODY);

    Verification result =
        Verifier.of(SignatureConfig.slack(SECRET), CLOCK)
            .verify(headers(NOW, signature.substring(3)), bytes(BODY));

    assertThat(result.reason()).isEqualTo(Reason.MALFORMED_HEADER);
    assertThat(result.message()).contains("X-Slack-Signature");
  }

  @Test
  void missingTimestampIsNamed() {
    Verification result =
        Verifier.of(SignatureConfig.slack(SECRET), CLOCK)
            .verify(Map.of("X-Slack-Signature", List.of("v0=00")), bytes(BODY));

    assertThat(result.reason()).isEqualTo(Reason.MISSING_HEADER);
    assertThat(result.message()).isEqualTo("missing header X-Slack-Request-Timestamp");
  }

  private static Map<String, List<String>> headers(long timestamp, String signature) {
    return Map.of(
        "x-slack-request-timestamp", List.of(Long.toString(timestamp)),
        "x-slack-signature", List.of(signature));
  }
}
