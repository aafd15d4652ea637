package dev.hookline.server.cli;

import dev.hookline.signature.InvalidSecretException;
import dev.hookline.signature.SignatureScheme;
import dev.hookline.signature.WebhookSecret;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hookline keygen}: a new {@code whsec_} secret (one line, so {@code SECRET=$(hookline
 * keygen)} works), or a {@code whsk_}/{@code whpk_} Ed25519 pair.
 */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a signing secret or an Ed25519 key pair.",
      "",
      "Prints whsec_... for scheme standard; a whsk_ secret key and its whpk_ public key for",
      "standard-ed25519 (give the public key to receivers); a random hex string for github and",
      "hex."
    })
final class KeygenCommand implements Callable<Integer> {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--scheme",
      paramLabel = "SCHEME",
      converter = SchemeConverter.class,
      defaultValue = "standard",
      description = "standard, standard-ed25519, github or hex. Default: ${DEFAULT-VALUE}.")
  SignatureScheme scheme;

  @Option(
      names = "--public-key-of",
      paramLabel = "WHSK",
      description = "Print the whpk_ public key of this whsk_ secret key instead.")
  String secretKey;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (secretKey != null) {
      try {
        out.println(WebhookSecret.ed25519PublicKey(secretKey));
      } catch (InvalidSecretException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    } else if (scheme == SignatureScheme.STANDARD) {
      out.println(WebhookSecret.generate());
    } else if (scheme == SignatureScheme.STANDARD_ED25519) {
      WebhookSecret.Ed25519KeyPair pair = WebhookSecret.generateEd25519();
      out.println("secret key: " + pair.secretKey());
      out.println("public key: " + pair.publicKey());
    } else if (scheme == SignatureScheme.GITHUB || scheme == SignatureScheme.HEX) {
      // These secrets are whatever both sides agree on: a random string of 256 bits will do.
      byte[] bytes = new byte[WebhookSecret.SECRET_BYTES];
      RANDOM.nextBytes(bytes);
      out.println(HexFormat.of().formatHex(bytes));
    } else {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "keygen makes secrets for standard, standard-ed25519, github and hex; scheme "
              + scheme
              + " uses the secret its provider gives you");
    }
    out.flush();
    return HooklineCommand.OK;
  }
}
