package dev.hookline.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookSecretTest {
  @Test
  void generatedSecretIsWhsecAndThirtyTwoRandomBytes() {
    String secret = WebhookSecret.generate();

    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));

    assertThat(secret).startsWith("whsec_");
    assertThat(key).hasSize(WebhookSecret.SECRET_BYTES).hasSize(32);
  }

  @Test
  void generatedSecretsDiffer() {
    Set<String> secrets = new HashSet<>();

    for (int i = 0; i < 100; i++) {
      secrets.add(WebhookSecret.generate());
    }

    assertThat(secrets).hasSize(100);
  }

  @Test
  void generatedSecretIsAcceptedBySchemeStandard() {
    String secret = WebhookSecret.generate();

    SignatureConfig config = SignatureConfig.standard(secret);

    assertThat(config.secrets()).containsExactly(secret);
  }

  @Test
  void publicKeyCannotBeDerivedFromAPublicKey() {
    String publicKey = WebhookSecret.generateEd25519().publicKey();

    assertThatThrownBy(() -> WebhookSecret.ed25519PublicKey(publicKey))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessageContaining("whsk_");
  }
}
