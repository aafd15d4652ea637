package dev.hookline.signature;

import static dev.hookline.signature.StandardWebhooksTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.signature.Verification.Reason;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Vectors from Twilio's security documentation and its helper libraries' tests. */
class TwilioSignatureTest {
  private static final String AUTH_TOKEN = "12345";
  private static final URI URL = URI.create("https://mycompany.com/myapp.php?foo=1&bar=2");
  // CallSid=CA1234567890ABCDE, Caller=+14158675309, Digits=1234, From=+14158675309,
  // To=+18005551212, form-encoded in an order other than the sorted one.
  private static final String FORM_BODY =
      "To=%2B18005551212&Digits=1234&CallSid=CA1234567890ABCDE&From=%2B14158675309"
          + "&Caller=%2B14158675309";
  private static final String FORM_SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

  private static final String JSON_BODY = "{\"property\": \"value\", \"boolean\": true}";
  private static final String JSON_BODY_HASH =
      "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
  private static final String JSON_SIGNATURE = "a9nBmqA0ju/hNViExpshrM61xv4=";

  @Test
  void signsTheDocumentedFormRequest() {
    Signer signer = Signer.of(SignatureConfig.twilio(AUTH_TOKEN));

    Map<String, String> headers = signer.sign(content(FORM_BODY).withUrl(URL));

    assertThat(headers).containsExactly(Map.entry("X-Twilio-Signature", FORM_SIGNATURE));
  }

  @Test
  void verifiesTheDocumentedFormRequest() {
    Verifier verifier = Verifier.of(SignatureConfig.twilio(AUTH_TOKEN));

    Verification result = verifier.verify(header(FORM_SIGNATURE), bytes(FORM_BODY), URL);

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void changedParameterHasNoMatchingSignature() {
    Verifier verifier = Verifier.of(SignatureConfig.twilio(AUTH_TOKEN));

    Verification result =
        verifier.verify(
            header(FORM_SIGNATURE), bytes(FORM_BODY.replace("Digits=1234", "Digits=9999")), URL);

    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void changedUrlHasNoMatchingSignature() {
    Verifier verifier = Verifier.of(SignatureConfig.twilio(AUTH_TOKEN));

    Verification result =
        verifier.verify(
            header(FORM_SIGNATURE),
            bytes(FORM_BODY),
            URI.create("https://mycompany.com/myapp.php?foo=1&bar=3"));

    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void verifiesAJsonRequestThroughItsBodySha256Parameter() {
    Verifier verifier = Verifier.of(SignatureConfig.twilio(AUTH_TOKEN));
    URI url = URI.create(URL + "&bodySHA256=" + JSON_BODY_HASH);

    Verification result = verifier.verify(header(JSON_SIGNATURE), bytes(JSON_BODY), url);

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void jsonBodyThatDoesNotMatchItsHashIsRejected() {
    Verifier verifier = Verifier.of(SignatureConfig.twilio(AUTH_TOKEN));
    URI url = URI.create(URL + "&bodySHA256=" + JSON_BODY_HASH);

    Verification result =
        verifier.verify(header(JSON_SIGNATURE), bytes(JSON_BODY.replace("true", "false")), url);

    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    assertThat(result.message()).contains("bodySHA256");
  }

  @Test
  void signatureMadeWithTheDefaultPortVerifiesAgainstAUrlWithoutIt() {
    // twilio-java's test vector: the https URL signed with :443 added.
    Verifier verifier = Verifier.of(SignatureConfig.twilio(AUTH_TOKEN));

    Verification result =
        verifier.verify(header("kvajT1Ptam85bY51eRf/AJRuM3w="), bytes(FORM_BODY), URL);

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void signatureMadeWithoutThePortVerifiesAgainstAUrlWithOne() {
    Verifier verifier = Verifier.of(SignatureConfig.twilio(AUTH_TOKEN));
    URI withPort = URI.create("https://mycompany.com:1234/myapp.php?foo=1&bar=2");

    Verification result = verifier.verify(header(FORM_SIGNATURE), bytes(FORM_BODY), withPort);

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void verifyingWithoutTheUrlSaysTheUrlIsNeeded() {
    Verifier verifier = Verifier.of(SignatureConfig.twilio(AUTH_TOKEN));

    Verification result = verifier.verify(header(FORM_SIGNATURE), bytes(FORM_BODY));

    assertThat(result.reason()).isEqualTo(Reason.MISSING_URL);
  }

  @Test
  void bodyWithABrokenEscapeIsMalformed() {
    Verifier verifier = Verifier.of(SignatureConfig.twilio(AUTH_TOKEN));

    Verification result = verifier.verify(header(FORM_SIGNATURE), bytes("Digits=%zz"), URL);

    assertThat(result.reason()).isEqualTo(Reason.MALFORMED_BODY);
  }

  @Test
  void missingHeaderIsNamed() {
    Verifier verifier = Verifier.of(SignatureConfig.twilio(AUTH_TOKEN));

    Verification result = verifier.verify(Map.of(), bytes(FORM_BODY), URL);

    assertThat(result.reason()).isEqualTo(Reason.MISSING_HEADER);
    assertThat(result.message()).isEqualTo("missing header X-Twilio-Signature");
  }

  @Test
  void signingWithoutAUrlIsRefused() {
    Signer signer = Signer.of(SignatureConfig.twilio(AUTH_TOKEN));

    assertThatThrownBy(() -> signer.sign(content(FORM_BODY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withUrl");
  }

  @Test
  void repeatedParametersAreSortedByValue() {
    String body = "b=2&a=z&a=y";

    String data = TwilioScheme.sortedFormParameters(bytes(body));

    assertThat(data).isEqualTo("ayazb2");
  }

  private static Map<String, List<String>> header(String signature) {
    return Map.of("X-Twilio-Signature", List.of(signature));
  }

  private static SignedContent content(String body) {
    return SignedContent.of("SM1", Instant.ofEpochSecond(1_700_000_000), body);
  }
}
