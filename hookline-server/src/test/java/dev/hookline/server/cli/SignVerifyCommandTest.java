package dev.hookline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.signature.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignVerifyCommandTest {
  private static final String BODY = "{\"type\":\"prediction\",\"data\":{\"confidence\":0.9}}";
  private static final String FORM = "CallSid=CA123&From=%2B15550100&Body=hello+there";
  private static final WebhookSecret.Ed25519KeyPair PAIR = WebhookSecret.generateEd25519();

  /** Scheme, signing args, verifying args (beyond --scheme, body and headers), body. */
  static Stream<Arguments> schemes() {
    String whsec = WebhookSecret.generate();
    return Stream.of(
        Arguments.of("standard", List.of("--secret", whsec), List.of("--secret", whsec), BODY),
        Arguments.of(
            "standard-ed25519",
            List.of("--secret", PAIR.secretKey()),
            List.of("--secret", PAIR.publicKey()),
            BODY),
        Arguments.of("github", List.of("--secret", "gh"), List.of("--secret", "gh"), BODY),
        Arguments.of(
            "hex",
            List.of("--secret", "k", "--header", "X-Webhook-Signature", "--prefix", "sha256="),
            List.of(
                "--secret",
                "k",
                "--signature-header",
                "X-Webhook-Signature",
                "--prefix",
                "sha256="),
            BODY),
        Arguments.of(
            "stripe", List.of("--secret", "whsec_st"), List.of("--secret", "whsec_st"), BODY),
        Arguments.of("slack", List.of("--secret", "8f74"), List.of("--secret", "8f74"), BODY),
        Arguments.of("shopify", List.of("--secret", "shp"), List.of("--secret", "shp"), BODY),
        Arguments.of(
            "twilio",
            List.of("--secret", "tok", "--url", "https://example.com/twilio/sms"),
            List.of("--secret", "tok", "--url", "https://example.com/twilio/sms"),
            FORM));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemes")
  void signedHeadersVerify(
      String scheme, List<String> signArgs, List<String> verifyArgs, String body) {
    Cli signed = sign(scheme, signArgs, body);

    Cli verified = verify(scheme, verifyArgs, body, signed.asHeaderArgs());

    assertThat(signed.code()).as(signed.toString()).isZero();
    assertThat(signed.lines()).isNotEmpty().allMatch(l -> l.matches("[A-Za-z0-9-]+: \\S.*"));
    assertThat(verified.code()).as(verified.toString()).isZero();
    assertThat(verified.out()).isEqualTo("valid" + System.lineSeparator());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemes")
  void tamperedBodyFails(
      String scheme, List<String> signArgs, List<String> verifyArgs, String body) {
    Cli signed = sign(scheme, signArgs, body);

    Cli verified = verify(scheme, verifyArgs, body + "x", signed.asHeaderArgs());

    assertThat(verified.code()).as(verified.toString()).isEqualTo(1);
    assertThat(verified.out()).startsWith("invalid (no matching signature): ");
  }

  @Test
  void standardSignatureMatchesTheSpecTestVector() {
    Cli signed =
        Cli.run(
            "sign",
            "--secret",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "--id",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "--timestamp",
            "1614265330",
            "--body",
            "{\"test\": 2432232314}");

    assertThat(signed.code()).isZero();
    assertThat(signed.lines())
        .containsExactly(
            "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek",
            "webhook-timestamp: 1614265330",
            "webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void githubSignatureMatchesGithubsDocumentedExample() {
    Cli signed =
        Cli.run(
            "sign",
            "--scheme",
            "github",
            "--secret",
            "It's a Secret to Everybody",
            "--body",
            "Hello, World!");

    assertThat(signed.out().strip())
        .isEqualTo(
            "X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  }

  @Test
  void staleTimestampFailsWithTheReason() {
    String secret = WebhookSecret.generate();
    Cli signed = Cli.run("sign", "--secret", secret, "--body", BODY, "--timestamp", "1767225600");

    Cli stale =
        verify(
            "standard",
            List.of("--secret", secret, "--now", "1767226200"),
            BODY,
            signed.asHeaderArgs());
    Cli tolerated =
        verify(
            "standard",
            List.of("--secret", secret, "--now", "1767226200", "--tolerance", "900"),
            BODY,
            signed.asHeaderArgs());

    assertThat(stale.code()).isEqualTo(1);
    assertThat(stale.out())
        .startsWith("invalid (timestamp too old): ")
        .contains("600 s in the past")
        .contains("tolerance is 300 s");
    assertThat(tolerated.code()).as(tolerated.toString()).isZero();
  }

  @Test
  void futureTimestampFails() {
    String secret = WebhookSecret.generate();
    Cli signed = Cli.run("sign", "--secret", secret, "--body", BODY, "--timestamp", "1767226200");

    Cli early =
        verify(
            "standard",
            List.of("--secret", secret, "--now", "1767225600"),
            BODY,
            signed.asHeaderArgs());

    assertThat(early.code()).isEqualTo(1);
    assertThat(early.out()).startsWith("invalid (timestamp too new): ");
  }

  @Test
  void missingHeaderFailsNamingIt() {
    Cli verified =
        Cli.run(
            "verify",
            "--secret",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "--body",
            BODY,
            "--header",
            "webhook-id: msg_1");

    assertThat(verified.code()).isEqualTo(1);
    assertThat(verified.out())
        .startsWith("invalid (missing header): ")
        .contains("webhook-timestamp");
  }

  @Test
  void anyRotatedSecretVerifies() {
    String old = WebhookSecret.generate();
    String current = WebhookSecret.generate();
    Cli signed = Cli.run("sign", "--secret", current, "--secret", old, "--body", BODY);

    Cli withOld = verify("standard", List.of("--secret", old), BODY, signed.asHeaderArgs());

    assertThat(signed.out()).containsPattern("webhook-signature: v1,\\S+ v1,\\S+");
    assertThat(withOld.code()).isZero();
  }

  @Test
  void bodyFileIsSignedByteForByte(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("body.json");
    Files.writeString(file, BODY + "\n", StandardCharsets.UTF_8);
    String secret = WebhookSecret.generate();
    Cli signed = Cli.run("sign", "--secret", secret, "--body-file", file.toString());

    Cli fromFile =
        verify(
            "standard",
            List.of("--secret", secret),
            null,
            signed.asHeaderArgs(),
            "--body-file",
            file.toString());
    Cli withoutNewline =
        verify("standard", List.of("--secret", secret), BODY, signed.asHeaderArgs());

    assertThat(fromFile.code()).as(fromFile.toString()).isZero();
    assertThat(withoutNewline.code()).isEqualTo(1);
  }

  @Test
  void keygenSecretsSignAndVerify() {
    String secret = Cli.run("keygen").out().strip();
    List<String> pair = Cli.run("keygen", "--scheme", "standard-ed25519").lines();
    String secretKey = pair.get(0).substring("secret key: ".length());
    String publicKey = pair.get(1).substring("public key: ".length());

    Cli symmetric = sign("standard", List.of("--secret", secret), BODY);
    Cli asymmetric = sign("standard-ed25519", List.of("--secret", secretKey), BODY);

    assertThat(secret).startsWith("whsec_");
    assertThat(secretKey).startsWith("whsk_");
    assertThat(publicKey).startsWith("whpk_");
    assertThat(
            verify("standard", List.of("--secret", secret), BODY, symmetric.asHeaderArgs()).code())
        .isZero();
    assertThat(
            verify(
                    "standard-ed25519",
                    List.of("--secret", publicKey),
                    BODY,
                    asymmetric.asHeaderArgs())
                .code())
        .isZero();
    assertThat(Cli.run("keygen", "--public-key-of", secretKey).out().strip()).isEqualTo(publicKey);
  }

  @Test
  void missingSecretIsAUsageError() {
    Cli result = Cli.run("sign", "--body", BODY);

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--secret");
  }

  @Test
  void bodyAndBodyFileTogetherIsAUsageError() {
    Cli result = Cli.run("verify", "--secret", "s", "--body", BODY, "--body-file", "x.json");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("mutually exclusive");
  }

  @Test
  void noBodyIsAUsageError() {
    assertThat(Cli.run("sign", "--secret", "s").code()).isEqualTo(2);
  }

  @Test
  void unknownSchemeIsAUsageErrorListingTheValidOnes() {
    Cli result = Cli.run("sign", "--scheme", "sha1", "--secret", "s", "--body", BODY);

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err())
        .contains("unknown signature scheme 'sha1'")
        .contains("standard-ed25519");
  }

  @Test
  void unusableSecretsAreUsageErrors() {
    Cli publicKeyToSign =
        Cli.run(
            "sign", "--scheme", "standard-ed25519", "--secret", PAIR.publicKey(), "--body", BODY);
    Cli badBase64 = Cli.run("sign", "--secret", "whsec_!!!", "--body", BODY);

    assertThat(publicKeyToSign.code()).as(publicKeyToSign.toString()).isEqualTo(2);
    assertThat(badBase64.code()).as(badBase64.toString()).isEqualTo(2);
    assertThat(badBase64.err()).doesNotContain("!!!");
  }

  @Test
  void twilioWithoutUrlIsAUsageError() {
    Cli result = Cli.run("sign", "--scheme", "twilio", "--secret", "t", "--body", FORM);

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--url");
  }

  @Test
  void headerNameOutsideHexIsAUsageError() {
    Cli result =
        Cli.run("sign", "--scheme", "github", "--secret", "t", "--header", "X-Sig", "--body", BODY);

    assertThat(result.code()).isEqualTo(2);
  }

  @Test
  void malformedHeaderArgumentIsAUsageError() {
    Cli result = Cli.run("verify", "--secret", "s", "--body", BODY, "--header", "no colon here");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("'Name: value'");
  }

  @Test
  void missingBodyFileFails() {
    Cli result = Cli.run("sign", "--secret", "s", "--body-file", "/nonexistent/body.json");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("hookline: cannot read body file").contains("no such file");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sign", "verify", "keygen", "listen"})
  void helpSucceeds(String command) {
    Cli result = Cli.run(command, "--help");

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("Usage: hookline " + command);
  }

  private static Cli sign(String scheme, List<String> args, String body) {
    List<String> all = new ArrayList<>(List.of("sign", "--scheme", scheme, "--body", body));
    all.addAll(args);
    return Cli.run(all);
  }

  private static Cli verify(
      String scheme, List<String> args, String body, List<String> headers, String... more) {
    List<String> all = new ArrayList<>(List.of("verify", "--scheme", scheme));
    if (body != null) {
      all.add("--body");
      all.add(body);
    }
    all.addAll(args);
    all.addAll(headers);
    all.addAll(List.of(more));
    return Cli.run(all);
  }
}
