package dev.hookline.server.cli;

import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.Verification;
import dev.hookline.signature.Verifier;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hookline verify}: checks the signature headers of a request the way a receiver would.
 * Prints {@code valid} and exits 0, or prints {@code invalid (reason): sentence} and exits 1.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Check a request's signature headers against a body and secret.",
      "Prints 'valid' (exit 0) or 'invalid (<reason>): <details>' (exit 1).",
      "",
      "Example:",
      "  hookline verify --secret whsec_... --body-file body.json \\",
      "    --header 'webhook-id: msg_1' --header 'webhook-timestamp: 1767225600' \\",
      "    --header 'webhook-signature: v1,K5o...'"
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin SignatureOptions signature;

  @Option(
      names = "--secret",
      paramLabel = "SECRET",
      required = true,
      description =
          "Secret or key to verify with (whsec_..., whpk_... or whsk_... for standard-ed25519)."
              + " Repeat for several (rotation): any match is valid.")
  List<String> secrets;

  @ArgGroup(multiplicity = "1")
  BodyOptions body;

  @Option(
      names = {"-H", "--header"},
      paramLabel = "'NAME: VALUE'",
      description = "A received header. Repeat for each.")
  List<String> headers = new ArrayList<>();

  @Option(
      names = "--tolerance",
      paramLabel = "SECONDS",
      description = "How far the signed timestamp may be from now. Default: 300.")
  Long toleranceSeconds;

  @Option(
      names = "--now",
      paramLabel = "UNIX",
      description = "Judge the timestamp as if it were this Unix time. Default: the clock.")
  Long now;

  @Option(
      names = "--signature-header",
      paramLabel = "NAME",
      description = "Header of scheme hex. Default: " + SignatureConfig.DEFAULT_HEX_HEADER + ".")
  String hexHeader;

  @Override
  public Integer call() {
    Optional<Duration> tolerance = Optional.ofNullable(toleranceSeconds).map(Duration::ofSeconds);
    SignatureConfig config = signature.config(secrets, Optional.ofNullable(hexHeader), tolerance);
    Map<String, List<String>> received = parseHeaders(spec, headers);
    Clock clock =
        now == null ? Clock.systemUTC() : Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);
    Verifier verifier = Verifier.of(config, clock);
    byte[] bytes = body.bytes();
    Verification result =
        signature
            .url()
            .map(url -> verifier.verify(received, bytes, url))
            .orElseGet(() -> verifier.verify(received, bytes));
    PrintWriter out = spec.commandLine().getOut();
    if (result.valid()) {
      out.println("valid");
    } else {
      out.println("invalid (" + describe(result.reason()) + "): " + result.message());
    }
    out.flush();
    return result.valid() ? HooklineCommand.OK : HooklineCommand.FAILURE;
  }

  /** {@code TIMESTAMP_TOO_OLD} → {@code timestamp too old}. */
  static String describe(Verification.Reason reason) {
    return reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /**
   * Parses {@code Name: value} lines into a case-insensitive map.
   *
   * @throws CommandLine.ParameterException if a line has no colon or an empty name
   */
  static Map<String, List<String>> parseHeaders(
      CommandLine.Model.CommandSpec spec, List<String> lines) {
    Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon <= 0 || line.substring(0, colon).isBlank()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--header '" + line + "' is not in the form 'Name: value'");
      }
      map.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>())
          .add(line.substring(colon + 1).strip());
    }
    return map;
  }
}
