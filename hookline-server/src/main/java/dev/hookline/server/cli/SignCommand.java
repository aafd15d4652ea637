package dev.hookline.server.cli;

import dev.hookline.event.Event;
import dev.hookline.signature.InvalidSecretException;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.SignedContent;
import dev.hookline.signature.Signer;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hookline sign}: prints the headers a sender would attach to a body, one {@code Name:
 * value} per line, so they can be pasted into {@code curl -H} or checked with {@code hookline
 * verify}.
 */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Print the signature headers a sender would attach to a body, one 'Name: value' per line.",
      "",
      "Example:",
      "  hookline sign --secret whsec_... --body '{\"type\":\"ping\"}' --id msg_1",
      "  curl -H \"$(hookline sign ... | sed -n 1p)\" ..."
    })
final class SignCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin SignatureOptions signature;

  @Option(
      names = "--secret",
      paramLabel = "SECRET",
      required = true,
      description =
          "Signing secret or key (whsec_..., whsk_... for standard-ed25519, the provider's secret"
              + " otherwise). Repeat to sign with several (rotation; standard and stripe).")
  List<String> secrets;

  @ArgGroup(multiplicity = "1")
  BodyOptions body;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "Message id (webhook-id). Default: a new msg_... id.")
  String id;

  @Option(
      names = "--timestamp",
      paramLabel = "UNIX",
      description = "Signed time in Unix seconds. Default: now.")
  Long timestamp;

  @Option(
      names = {"--header", "--signature-header"},
      paramLabel = "NAME",
      description = "Header of scheme hex. Default: " + SignatureConfig.DEFAULT_HEX_HEADER + ".")
  String hexHeader;

  @Override
  public Integer call() {
    SignatureConfig config =
        signature.config(secrets, Optional.ofNullable(hexHeader), Optional.empty());
    Instant at = timestamp == null ? Instant.now() : Instant.ofEpochSecond(timestamp);
    SignedContent content;
    try {
      content = SignedContent.of(id == null ? Event.newId("msg_") : id, at, body.bytes());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--id: " + e.getMessage(), e);
    }
    if (signature.url().isPresent()) {
      content = content.withUrl(signature.url().get());
    }
    Map<String, String> headers;
    try {
      headers = Signer.of(config).sign(content);
    } catch (InvalidSecretException | IllegalArgumentException e) {
      // A whpk_ public key cannot sign; Twilio: a body that is not a decodable form.
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    headers.forEach((name, value) -> out.println(name + ": " + value));
    out.flush();
    return HooklineCommand.OK;
  }
}
