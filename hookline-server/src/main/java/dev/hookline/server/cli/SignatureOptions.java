package dev.hookline.server.cli;

import dev.hookline.signature.InvalidSecretException;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.SignatureScheme;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options {@code sign}, {@code verify} and {@code listen} share: the scheme, its secrets, the
 * hex prefix and the request URL (Twilio). A secret that the scheme cannot use is a usage error.
 */
final class SignatureOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--scheme",
      paramLabel = "SCHEME",
      converter = SchemeConverter.class,
      completionCandidates = SchemeConverter.class,
      defaultValue = "standard",
      description = "Signature scheme: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  SignatureScheme scheme;

  @Option(
      names = "--prefix",
      paramLabel = "TEXT",
      description = "Text before the hex signature, e.g. 'sha256=' (scheme hex only).")
  String prefix;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "The full request URL the sender posts to (scheme twilio signs it).")
  URI url;

  /**
   * The configuration for these options.
   *
   * @param secrets the secrets, the current one first
   * @param hexHeader the header of scheme {@code hex}, if given
   * @param tolerance the timestamp tolerance, if given
   * @throws CommandLine.ParameterException (a usage error) if the secret or a setting does not fit
   *     the scheme
   */
  SignatureConfig config(
      List<String> secrets, Optional<String> hexHeader, Optional<Duration> tolerance) {
    if (scheme == SignatureScheme.TWILIO && url == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "scheme twilio signs the request URL; give it with --url");
    }
    return config(spec, scheme, secrets, hexHeader, Optional.ofNullable(prefix), tolerance);
  }

  /**
   * A configuration from command-line values.
   *
   * @throws CommandLine.ParameterException (a usage error) if a secret or setting does not fit the
   *     scheme
   */
  static SignatureConfig config(
      CommandSpec spec,
      SignatureScheme scheme,
      List<String> secrets,
      Optional<String> hexHeader,
      Optional<String> prefix,
      Optional<Duration> tolerance) {
    try {
      if (scheme == SignatureScheme.NONE) {
        throw new IllegalArgumentException("scheme none signs nothing; choose a scheme that signs");
      }
      if (scheme != SignatureScheme.HEX && hexHeader.isPresent()) {
        throw new IllegalArgumentException(
            "scheme " + scheme + " always uses its own header; a header name is for scheme hex");
      }
      SignatureConfig base = SignatureConfig.of(scheme, secrets);
      SignatureConfig config =
          new SignatureConfig(
              scheme,
              secrets,
              hexHeader.orElse(base.header()),
              prefix.orElse(base.prefix()),
              base.tolerance());
      return tolerance.map(config::withTolerance).orElse(config);
    } catch (InvalidSecretException | IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** The URL to sign or verify with, when given. */
  Optional<URI> url() {
    return Optional.ofNullable(url);
  }
}
