package dev.hookline.signature;

import static dev.hookline.signature.StandardWebhooksTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.HooklineException;
import dev.hookline.signature.Verification.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignatureConfigTest {
  @Test
  void whsecSecretWithInvalidBase64IsRejectedWithoutRevealingIt() {
    String secret = "whsec_not*base64*at-all";

    assertThatThrownBy(() -> SignatureConfig.standard(secret))
        .isInstanceOf(InvalidSecretException.class)
        .isInstanceOf(HooklineException.class)
        .hasMessageContaining("the secret for scheme standard")
        .hasMessageContaining("not valid base64")
        .hasMessageNotContaining("not*base64*at-all");
  }

  @Test
  void secondOfTwoSecretsIsNamedByPosition() {
    List<String> secrets = List.of(WebhookSecret.generate(), "whsec_");

    assertThatThrownBy(() -> SignatureConfig.standard(secrets))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessage("secret 2 of 2 for scheme standard is whsec_ with no key after it");
  }

  @Test
  void emptySecretIsRejected() {
    assertThatThrownBy(() -> SignatureConfig.github(""))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessage("the secret for scheme github is empty");
  }

  @Test
  void secretWithATrailingNewlineIsRejected() {
    assertThatThrownBy(() -> SignatureConfig.stripe("whsec_abc\n"))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessageContaining("leading or trailing whitespace")
        .hasMessageNotContaining("whsec_abc");
  }

  @Test
  void schemeThatSignsNeedsASecret() {
    assertThatThrownBy(() -> SignatureConfig.standard(List.of()))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessage("scheme standard needs at least one secret");
  }

  @Test
  void nullSecretIsRejected() {
    List<String> secrets = new ArrayList<>();
    secrets.add(null);

    assertThatThrownBy(() -> SignatureConfig.of(SignatureScheme.SLACK, secrets))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessage("the secret for scheme slack is null");
  }

  @Test
  void schemeNoneTakesNoSecret() {
    assertThatThrownBy(() -> SignatureConfig.of(SignatureScheme.NONE, List.of("secret")))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessageContaining("scheme none takes no secret");
  }

  @Test
  void ed25519KeyGivenToSchemeStandardPointsToTheRightScheme() {
    String key = WebhookSecret.generateEd25519().secretKey();

    assertThatThrownBy(() -> SignatureConfig.standard(key))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessageContaining("use scheme standard-ed25519")
        .hasMessageNotContaining(key.substring(5));
  }

  @Test
  void stripeSecretIsNotCheckedAsBase64() {
    SignatureConfig config = SignatureConfig.stripe("whsec_this*is*not*base64");

    assertThat(config.secrets()).containsExactly("whsec_this*is*not*base64");
  }

  @Test
  void headerIsConfigurableOnlyForHex() {
    assertThatThrownBy(
            () ->
                new SignatureConfig(
                    SignatureScheme.GITHUB,
                    List.of("s"),
                    "X-Other",
                    "sha256=",
                    SignatureConfig.DEFAULT_TOLERANCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("always uses header X-Hub-Signature-256");
  }

  @Test
  void hexHeaderMustBeAHeaderName() {
    assertThatThrownBy(() -> SignatureConfig.hex("s", "X Signature:", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid header name");
  }

  @Test
  void toleranceBelowASecondIsRejected() {
    SignatureConfig config = SignatureConfig.standard("secret");

    assertThatThrownBy(() -> config.withTolerance(Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 second");
  }

  @Test
  void defaultsFollowTheScheme() {
    SignatureConfig github = SignatureConfig.github("s");
    SignatureConfig hex = SignatureConfig.of(SignatureScheme.HEX, List.of("s"));
    SignatureConfig standard = SignatureConfig.standard("s");

    assertThat(github.header()).isEqualTo("X-Hub-Signature-256");
    assertThat(github.prefix()).isEqualTo("sha256=");
    assertThat(hex.header()).isEqualTo("X-Signature");
    assertThat(hex.prefix()).isEmpty();
    assertThat(standard.header()).isEqualTo("webhook-signature");
    assertThat(standard.tolerance()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void toStringLeavesSecretsOut() {
    String secret = WebhookSecret.generate();

    String text = SignatureConfig.standard(secret).toString();

    assertThat(text)
        .doesNotContain(secret)
        .doesNotContain(secret.substring(6))
        .contains("standard");
  }

  @Test
  void signersAndVerifiersDoNotPrintSecretsEither() {
    String secret = "super-secret-value";
    SignatureConfig config = SignatureConfig.hex(secret);

    String signer = Signer.of(config).toString();
    String verifier = Verifier.of(config).toString();

    assertThat(signer).doesNotContain(secret).contains("hex");
    assertThat(verifier).doesNotContain(secret).contains("hex");
  }

  @Test
  void schemesAreFoundByContractName() {
    SignatureScheme ed25519 = SignatureScheme.fromName("standard-ed25519");
    SignatureScheme github = SignatureScheme.fromName(" GitHub ");

    assertThat(ed25519).isEqualTo(SignatureScheme.STANDARD_ED25519);
    assertThat(github).isEqualTo(SignatureScheme.GITHUB);
    assertThat(SignatureScheme.TWILIO.contractName()).isEqualTo("twilio");
  }

  @Test
  void unknownSchemeNameListsTheValidOnes() {
    assertThatThrownBy(() -> SignatureScheme.fromName("hmac"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown signature scheme 'hmac'; valid schemes are: standard, standard-ed25519,"
                + " github, hex, stripe, slack, shopify, twilio, none");
  }

  @Test
  void schemeNoneSignsNothingAndAcceptsEverything() {
    SignatureConfig config = SignatureConfig.none();

    Map<String, String> headers =
        Signer.of(config).sign(SignedContent.of("evt_1", Instant.EPOCH, "{}"));
    Verification result = Verifier.of(config).verify(Map.of(), bytes("anything"));

    assertThat(headers).isEmpty();
    assertThat(result.reason()).isEqualTo(Reason.VALID);
  }

  @Test
  void everySchemeHasAFactoryThatRoundTrips() {
    Map<SignatureScheme, SignatureConfig> configs =
        Map.of(
            SignatureScheme.STANDARD, SignatureConfig.standard(WebhookSecret.generate()),
            SignatureScheme.STANDARD_ED25519,
                SignatureConfig.ed25519(WebhookSecret.generateEd25519().secretKey()),
            SignatureScheme.GITHUB, SignatureConfig.github("gh"),
            SignatureScheme.HEX, SignatureConfig.hex("hx"),
            SignatureScheme.STRIPE, SignatureConfig.stripe("whsec_st"),
            SignatureScheme.SLACK, SignatureConfig.slack("sl"),
            SignatureScheme.SHOPIFY, SignatureConfig.shopify("sh"),
            SignatureScheme.TWILIO, SignatureConfig.twilio("tw"),
            SignatureScheme.NONE, SignatureConfig.none());
    SignedContent content =
        SignedContent.of("evt_1", Instant.now(), "a=1&b=2")
            .withUrl(java.net.URI.create("https://example.com/hook"));

    for (SignatureScheme scheme : SignatureScheme.values()) {
      SignatureConfig config = configs.get(scheme);
      Map<String, String> headers = Signer.of(config).sign(content);
      Verification result =
          Verifier.of(config)
              .verify(
                  StandardWebhooksTest.asLists(headers),
                  content.body(),
                  content.url().orElseThrow());

      assertThat(config.scheme()).isEqualTo(scheme);
      assertThat(result.reason()).as("scheme %s", scheme).isEqualTo(Reason.VALID);
    }
  }
}
