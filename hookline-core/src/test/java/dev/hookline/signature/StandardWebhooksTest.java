package dev.hookline.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.signature.Verification.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {
  // The example published with the Standard Webhooks reference libraries.
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TIMESTAMP = 1614265330;
  private static final String PAYLOAD = "{\"test\": 2432232314}";
  private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private static final Instant SENT = Instant.ofEpochSecond(TIMESTAMP);
  private static final Clock AT_SENDING = Clock.fixed(SENT, ZoneOffset.UTC);

  @Test
  void signsThePublishedExample() {
    Signer signer = Signer.of(SignatureConfig.standard(SECRET));

    Map<String, String> headers = signer.sign(SignedContent.of(ID, SENT, PAYLOAD));

    assertThat(headers)
        .containsExactly(
            Map.entry("webhook-id", ID),
            Map.entry("webhook-timestamp", "1614265330"),
            Map.entry("webhook-signature", SIGNATURE));
  }

  @Test
  void verifiesThePublishedExample() {
    Verifier verifier = Verifier.of(SignatureConfig.standard(SECRET), AT_SENDING);

    Verification result = verifier.verify(headers(ID, TIMESTAMP, SIGNATURE), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.VALID);
    assertThat(result.valid()).isTrue();
  }

  @Test
  void tamperedBodyHasNoMatchingSignature() {
    Verifier verifier = Verifier.of(SignatureConfig.standard(SECRET), AT_SENDING);

    Verification result =
        verifier.verify(headers(ID, TIMESTAMP, SIGNATURE), bytes("{\"test\": 2432232315}"));

    assertThat(result.valid()).isFalse();
    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void changedMessageIdHasNoMatchingSignature() {
    Verifier verifier = Verifier.of(SignatureConfig.standard(SECRET), AT_SENDING);

    Verification result =
        verifier.verify(headers("msg_other", TIMESTAMP, SIGNATURE), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void wrongSecretHasNoMatchingSignature() {
    Verifier verifier = Verifier.of(SignatureConfig.standard(WebhookSecret.generate()), AT_SENDING);

    Verification result = verifier.verify(headers(ID, TIMESTAMP, SIGNATURE), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void staleTimestampIsRejected() {
    Clock sixMinutesLater = Clock.offset(AT_SENDING, Duration.ofMinutes(6));
    Verifier verifier = Verifier.of(SignatureConfig.standard(SECRET), sixMinutesLater);

    Verification result = verifier.verify(headers(ID, TIMESTAMP, SIGNATURE), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.TIMESTAMP_TOO_OLD);
    assertThat(result.message()).contains("360 s in the past").contains("300 s");
  }

  @Test
  void futureTimestampIsRejected() {
    Clock sixMinutesEarlier = Clock.offset(AT_SENDING, Duration.ofMinutes(-6));
    Verifier verifier = Verifier.of(SignatureConfig.standard(SECRET), sixMinutesEarlier);

    Verification result = verifier.verify(headers(ID, TIMESTAMP, SIGNATURE), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.TIMESTAMP_TOO_NEW);
  }

  @Test
  void timestampExactlyAtTheToleranceIsAccepted() {
    Clock fiveMinutesLater = Clock.offset(AT_SENDING, Duration.ofMinutes(5));
    Clock fiveMinutesEarlier = Clock.offset(AT_SENDING, Duration.ofMinutes(-5));
    Verifier late = Verifier.of(SignatureConfig.standard(SECRET), fiveMinutesLater);
    Verifier early = Verifier.of(SignatureConfig.standard(SECRET), fiveMinutesEarlier);

    Verification lateResult = late.verify(headers(ID, TIMESTAMP, SIGNATURE), bytes(PAYLOAD));
    Verification earlyResult = early.verify(headers(ID, TIMESTAMP, SIGNATURE), bytes(PAYLOAD));

    assertThat(lateResult.reason()).isEqualTo(Reason.VALID);
    assertThat(earlyResult.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void toleranceIsConfigurable() {
    Clock oneHourLater = Clock.offset(AT_SENDING, Duration.ofHours(1));
    SignatureConfig config = SignatureConfig.standard(SECRET);
    Verifier lenient = Verifier.of(config.withTolerance(Duration.ofHours(2)), oneHourLater);
    Verifier strict = Verifier.of(config.withTolerance(Duration.ofSeconds(10)), oneHourLater);

    Verification lenientResult = lenient.verify(headers(ID, TIMESTAMP, SIGNATURE), bytes(PAYLOAD));
    Verification strictResult = strict.verify(headers(ID, TIMESTAMP, SIGNATURE), bytes(PAYLOAD));

    assertThat(lenientResult.reason()).isEqualTo(Reason.VALID);
    assertThat(strictResult.reason()).isEqualTo(Reason.TIMESTAMP_TOO_OLD);
  }

  @Test
  void rotationSignsWithEverySecret() {
    String next = WebhookSecret.generate();
    Signer signer = Signer.of(SignatureConfig.standard(next, SECRET));

    String signatures = signer.sign(SignedContent.of(ID, SENT, PAYLOAD)).get("webhook-signature");

    assertThat(signatures.split(" ")).hasSize(2).endsWith(SIGNATURE);
  }

  @Test
  void rotationHeaderVerifiesWithEitherSecretAlone() {
    String next = WebhookSecret.generate();
    Map<String, String> signed =
        Signer.of(SignatureConfig.standard(next, SECRET)).sign(SignedContent.of(ID, SENT, PAYLOAD));
    Verifier oldOnly = Verifier.of(SignatureConfig.standard(SECRET), AT_SENDING);
    Verifier newOnly = Verifier.of(SignatureConfig.standard(next), AT_SENDING);

    Verification oldResult = oldOnly.verify(asLists(signed), bytes(PAYLOAD));
    Verification newResult = newOnly.verify(asLists(signed), bytes(PAYLOAD));

    assertThat(oldResult.reason()).isEqualTo(Reason.VALID);
    assertThat(newResult.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void verifierWithTwoSecretsAcceptsASignatureFromEither() {
    String next = WebhookSecret.generate();
    Verifier verifier = Verifier.of(SignatureConfig.standard(next, SECRET), AT_SENDING);

    Verification result = verifier.verify(headers(ID, TIMESTAMP, SIGNATURE), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void oneMatchAmongSeveralSignaturesIsEnough() {
    String header =
        "v1,tFtCZ5RDCPxzWQRWXWPgrCgE2frDBe9gjpbWQxnVfsQ= v1a,AAAA "
            + SIGNATURE
            + " v2,whatever v1,not-base64!";
    Verifier verifier = Verifier.of(SignatureConfig.standard(SECRET), AT_SENDING);

    Verification result = verifier.verify(headers(ID, TIMESTAMP, header), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void severalSignaturesNoneMatchingAreRejected() {
    String header =
        "v1,tFtCZ5RDCPxzWQRWXWPgrCgE2frDBe9gjpbWQxnVfsQ="
            + " v1,Mm7xgUVICxZfQ3bgf0h0Dof65L/IFx+PnZvnDWPCX6Q=";
    Verifier verifier = Verifier.of(SignatureConfig.standard(SECRET), AT_SENDING);

    Verification result = verifier.verify(headers(ID, TIMESTAMP, header), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void signatureOfAnotherVersionOnlyIsNotAccepted() {
    String header = SIGNATURE.replace("v1,", "v2,");
    Verifier verifier = Verifier.of(SignatureConfig.standard(SECRET), AT_SENDING);

    Verification result = verifier.verify(headers(ID, TIMESTAMP, header), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    assertThat(result.message()).contains("no v1 signature");
  }

  @Test
  void eachMissingHeaderIsNamed() {
    Verifier verifier = Verifier.of(SignatureConfig.standard(SECRET), AT_SENDING);
    Map<String, List<String>> noId =
        Map.of("webhook-timestamp", List.of("1614265330"), "webhook-signature", List.of(SIGNATURE));
    Map<String, List<String>> noTimestamp =
        Map.of("webhook-id", List.of(ID), "webhook-signature", List.of(SIGNATURE));
    Map<String, List<String>> noSignature =
        Map.of("webhook-id", List.of(ID), "webhook-timestamp", List.of("1614265330"));

    Verification withoutId = verifier.verify(noId, bytes(PAYLOAD));
    Verification withoutTimestamp = verifier.verify(noTimestamp, bytes(PAYLOAD));
    Verification withoutSignature = verifier.verify(noSignature, bytes(PAYLOAD));

    assertThat(withoutId.reason()).isEqualTo(Reason.MISSING_HEADER);
    assertThat(withoutId.message()).isEqualTo("missing header webhook-id");
    assertThat(withoutTimestamp.reason()).isEqualTo(Reason.MISSING_HEADER);
    assertThat(withoutTimestamp.message()).isEqualTo("missing header webhook-timestamp");
    assertThat(withoutSignature.reason()).isEqualTo(Reason.MISSING_HEADER);
    assertThat(withoutSignature.message()).isEqualTo("missing header webhook-signature");
  }

  @Test
  void blankHeaderCountsAsMissing() {
    Verifier verifier = Verifier.of(SignatureConfig.standard(SECRET), AT_SENDING);

    Verification result = verifier.verify(headers(ID, TIMESTAMP, "   "), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.MISSING_HEADER);
  }

  @Test
  void nonNumericTimestampIsMalformed() {
    Verifier verifier = Verifier.of(SignatureConfig.standard(SECRET), AT_SENDING);
    Map<String, List<String>> headers =
        Map.of(
            "webhook-id", List.of(ID),
            "webhook-timestamp", List.of("2021-02-25T15:02:10Z"),
            "webhook-signature", List.of(SIGNATURE));

    Verification result = verifier.verify(headers, bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.MALFORMED_HEADER);
    assertThat(result.message()).contains("webhook-timestamp");
  }

  @Test
  void signatureHeaderWithoutVersionedEntriesIsMalformed() {
    Verifier verifier = Verifier.of(SignatureConfig.standard(SECRET), AT_SENDING);

    Verification result =
        verifier.verify(
            headers(ID, TIMESTAMP, "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.MALFORMED_HEADER);
    assertThat(result.message()).contains("webhook-signature");
  }

  @Test
  void headerNamesAreMatchedIgnoringCase() {
    Verifier verifier = Verifier.of(SignatureConfig.standard(SECRET), AT_SENDING);
    Map<String, List<String>> headers =
        Map.of(
            "Webhook-Id", List.of(ID),
            "WEBHOOK-TIMESTAMP", List.of("1614265330"),
            "webhook-Signature", List.of(SIGNATURE));

    Verification result = verifier.verify(headers, bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void headersCanBeReadThroughALookupFunction() {
    Verifier verifier = Verifier.of(SignatureConfig.standard(SECRET), AT_SENDING);
    Map<String, String> received =
        Map.of("webhook-id", ID, "webhook-timestamp", "1614265330", "webhook-signature", SIGNATURE);

    Verification result =
        verifier.verify(name -> Optional.ofNullable(received.get(name)), bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void svixBrandedHeadersAreAccepted() {
    Verifier verifier = Verifier.of(SignatureConfig.standard(SECRET), AT_SENDING);
    Map<String, List<String>> headers =
        Map.of(
            "svix-id", List.of(ID),
            "svix-timestamp", List.of("1614265330"),
            "svix-signature", List.of(SIGNATURE));

    Verification result = verifier.verify(headers, bytes(PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void plainStringSecretIsUsedAsItsUtf8Bytes() {
    SignedContent content = SignedContent.of(ID, SENT, PAYLOAD);
    String plain = "my-plain-secret";
    String sameKeyAsWhsec = "whsec_" + Base64.getEncoder().encodeToString(plain.getBytes(UTF_8));

    Map<String, String> fromPlain = Signer.of(SignatureConfig.standard(plain)).sign(content);
    Map<String, String> fromWhsec =
        Signer.of(SignatureConfig.standard(sameKeyAsWhsec)).sign(content);

    assertThat(fromPlain).isEqualTo(fromWhsec);
    assertThat(fromPlain.get("webhook-signature")).isNotEqualTo(SIGNATURE);
  }

  @Test
  void signedTimestampIsTheAttemptTimeInWholeSeconds() {
    Signer signer = Signer.of(SignatureConfig.standard(SECRET));

    Map<String, String> headers = signer.sign(SignedContent.of(ID, SENT.plusMillis(999), PAYLOAD));

    assertThat(headers.get("webhook-timestamp")).isEqualTo("1614265330");
    assertThat(headers.get("webhook-signature")).isEqualTo(SIGNATURE);
  }

  @Test
  void signedHeadersCannotBeModified() {
    Map<String, String> headers =
        Signer.of(SignatureConfig.standard(SECRET)).sign(SignedContent.of(ID, SENT, PAYLOAD));

    assertThatThrownBy(() -> headers.put("webhook-id", "x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  static Map<String, List<String>> headers(String id, long timestamp, String signature) {
    return Map.of(
        "webhook-id", List.of(id),
        "webhook-timestamp", List.of(Long.toString(timestamp)),
        "webhook-signature", List.of(signature));
  }

  static Map<String, List<String>> asLists(Map<String, String> headers) {
    return headers.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, entry -> List.of(entry.getValue())));
  }

  static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
