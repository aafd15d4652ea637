package dev.hookline.signature;

import static dev.hookline.signature.StandardWebhooksTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.signature.Verification.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GitHub, hex and Shopify: an HMAC-SHA256 of the body alone. */
class BodySignatureTest {
  // GitHub's documented example ("Validating webhook deliveries").
  private static final String GITHUB_SECRET = "It's a Secret to Everybody";
  private static final String GITHUB_PAYLOAD = "Hello, World!";
  private static final String GITHUB_SIGNATURE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  // Computed independently: printf '%s' BODY | openssl dgst -sha256 -hmac SECRET [-binary | base64]
  private static final String GENERIC_SIGNATURE =
      "c4d5a2788683c52ac2e9112de0e92a76fc677aa9d435ebda4bb1ab90f3661fb5";
  private static final String SHOPIFY_SECRET = "shpss_example-secret";
  private static final String SHOPIFY_PAYLOAD =
      "{\"id\":820982911946154508,\"email\":\"jon@example.com\"}";
  private static final String SHOPIFY_SIGNATURE = "AKzJXXJ0Zn7zJb9eAKLPjMI7bfqZ6j92j3qQ8ydbZwI=";

  @Test
  void signsGitHubsDocumentedExample() {
    Signer signer = Signer.of(SignatureConfig.github(GITHUB_SECRET));

    Map<String, String> headers = signer.sign(content(GITHUB_PAYLOAD));

    assertThat(headers).containsExactly(Map.entry("X-Hub-Signature-256", GITHUB_SIGNATURE));
  }

  @Test
  void verifiesGitHubsDocumentedExample() {
    Verifier verifier = Verifier.of(SignatureConfig.github(GITHUB_SECRET));

    Verification result =
        verifier.verify(
            Map.of("x-hub-signature-256", List.of(GITHUB_SIGNATURE)), bytes(GITHUB_PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void gitHubSignatureInUppercaseHexIsAccepted() {
    Verifier verifier = Verifier.of(SignatureConfig.github(GITHUB_SECRET));
    String upper = "sha256=" + GITHUB_SIGNATURE.substring(7).toUpperCase(java.util.Locale.ROOT);

    Verification result =
        verifier.verify(Map.of("X-Hub-Signature-256", List.of(upper)), bytes(GITHUB_PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void gitHubTamperedBodyHasNoMatchingSignature() {
    Verifier verifier = Verifier.of(SignatureConfig.github(GITHUB_SECRET));

    Verification result =
        verifier.verify(
            Map.of("X-Hub-Signature-256", List.of(GITHUB_SIGNATURE)), bytes("Hello, World?"));

    assertThat(result.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void gitHubSignatureWithoutItsPrefixIsMalformed() {
    Verifier verifier = Verifier.of(SignatureConfig.github(GITHUB_SECRET));

    Verification result =
        verifier.verify(
            Map.of("X-Hub-Signature-256", List.of(GITHUB_SIGNATURE.substring(7))),
            bytes(GITHUB_PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.MALFORMED_HEADER);
    assertThat(result.message()).contains("sha256=");
  }

  @Test
  void gitHubSignatureThatIsNotHexIsMalformed() {
    Verifier verifier = Verifier.of(SignatureConfig.github(GITHUB_SECRET));

    Verification result =
        verifier.verify(Map.of("X-Hub-Signature-256", List.of("sha256=xyz")), bytes("x"));

    assertThat(result.reason()).isEqualTo(Reason.MALFORMED_HEADER);
  }

  @Test
  void gitHubMissingHeaderIsNamed() {
    Verifier verifier = Verifier.of(SignatureConfig.github(GITHUB_SECRET));

    Verification result =
        verifier.verify(Map.of("X-Hub-Signature", List.of("sha1=abc")), bytes(GITHUB_PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.MISSING_HEADER);
    assertThat(result.message()).isEqualTo("missing header X-Hub-Signature-256");
  }

  @Test
  void hexSchemeDefaultsToXSignatureWithoutPrefix() {
    Signer signer = Signer.of(SignatureConfig.hex("generic-secret"));

    Map<String, String> headers = signer.sign(content(GITHUB_PAYLOAD));

    assertThat(headers).containsExactly(Map.entry("X-Signature", GENERIC_SIGNATURE));
  }

  @Test
  void hexSchemeUsesTheConfiguredHeaderAndPrefix() {
    SignatureConfig config = SignatureConfig.hex("generic-secret", "X-Acme-Signature", "sha256=");

    Map<String, String> headers = Signer.of(config).sign(content(GITHUB_PAYLOAD));
    Verification result =
        Verifier.of(config)
            .verify(
                Map.of("x-acme-signature", List.of("sha256=" + GENERIC_SIGNATURE)),
                bytes(GITHUB_PAYLOAD));

    assertThat(headers)
        .containsExactly(Map.entry("X-Acme-Signature", "sha256=" + GENERIC_SIGNATURE));
    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void genericSourceHeaderVerifiesAPlainHexSignature() {
    Verifier verifier =
        Verifier.of(SignatureConfig.hex("generic-secret", "X-Webhook-Signature", ""));

    Verification valid =
        verifier.verify(
            Map.of("X-Webhook-Signature", List.of(GENERIC_SIGNATURE)), bytes(GITHUB_PAYLOAD));
    Verification inOtherHeader =
        verifier.verify(Map.of("X-Signature", List.of(GENERIC_SIGNATURE)), bytes(GITHUB_PAYLOAD));

    assertThat(valid.reason()).isEqualTo(Reason.VALID);
    assertThat(inOtherHeader.reason()).isEqualTo(Reason.MISSING_HEADER);
  }

  @Test
  void signsLikeOpensslForShopify() {
    Signer signer = Signer.of(SignatureConfig.shopify(SHOPIFY_SECRET));

    Map<String, String> headers = signer.sign(content(SHOPIFY_PAYLOAD));

    assertThat(headers).containsExactly(Map.entry("X-Shopify-Hmac-Sha256", SHOPIFY_SIGNATURE));
  }

  @Test
  void shopifyVerifiesItsBase64SignatureAndRejectsATamperedBody() {
    Verifier verifier = Verifier.of(SignatureConfig.shopify(SHOPIFY_SECRET));
    Map<String, List<String>> headers = Map.of("X-Shopify-Hmac-SHA256", List.of(SHOPIFY_SIGNATURE));

    Verification valid = verifier.verify(headers, bytes(SHOPIFY_PAYLOAD));
    Verification tampered = verifier.verify(headers, bytes(SHOPIFY_PAYLOAD.replace("jon", "eve")));

    assertThat(valid.reason()).isEqualTo(Reason.VALID);
    assertThat(tampered.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void shopifySignatureThatIsNotBase64IsMalformed() {
    Verifier verifier = Verifier.of(SignatureConfig.shopify(SHOPIFY_SECRET));

    Verification result =
        verifier.verify(Map.of("X-Shopify-Hmac-Sha256", List.of("%%%")), bytes(SHOPIFY_PAYLOAD));

    assertThat(result.reason()).isEqualTo(Reason.MALFORMED_HEADER);
  }

  private static SignedContent content(String body) {
    return SignedContent.of("evt_1", Instant.ofEpochSecond(1_700_000_000), body);
  }
}
