package dev.hookline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.SignatureScheme;
import dev.hookline.signature.Verification;
import dev.hookline.signature.Verifier;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hookline listen}: a local webhook receiver, like {@code stripe listen}, that prints every
 * request it gets and whether its signature verifies. Runs until interrupted (Ctrl-C) or, with
 * {@code --max-requests}, until that many requests arrived.
 *
 * <p>The first line printed is {@code listening on http://HOST:PORT}, so a caller that asked for
 * port 0 can read the port that was bound.
 */
@Command(
    name = "listen",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run a local webhook receiver that prints each request and checks its signature.",
      "",
      "Prints method, path, webhook-id, event type, attempt and a body preview of each request,",
      "and whether its signature verifies. Ctrl-C stops it.",
      "",
      "Example:",
      "  hookline listen --port 9000 --secret whsec_...",
      "  hookline endpoints add --id local --url http://127.0.0.1:9000/hooks --events '*' ..."
    })
final class ListenCommand implements Callable<Integer> {
  /** The port when none is given: next to the server's 8000, easy to remember. */
  static final int DEFAULT_PORT = 9000;

  private static final Duration ANSWER_GRACE = Duration.ofMillis(500);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      defaultValue = "" + DEFAULT_PORT,
      description = "Port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(
      names = "--scheme",
      paramLabel = "SCHEME",
      converter = SchemeConverter.class,
      completionCandidates = SchemeConverter.class,
      defaultValue = "standard",
      description =
          "Signature scheme to verify: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  SignatureScheme scheme;

  @Option(
      names = "--secret",
      paramLabel = "SECRET",
      description =
          "Secret or key to verify with; repeat for several. Without it, signatures are not"
              + " checked.")
  List<String> secrets = new ArrayList<>();

  @Option(
      names = "--signature-header",
      paramLabel = "NAME",
      description = "Header of scheme hex. Default: " + SignatureConfig.DEFAULT_HEX_HEADER + ".")
  String hexHeader;

  @Option(
      names = "--prefix",
      paramLabel = "TEXT",
      description = "Text before the hex signature, e.g. 'sha256=' (scheme hex only).")
  String prefix;

  @Option(
      names = "--tolerance",
      paramLabel = "SECONDS",
      description = "How far a signed timestamp may be from now. Default: 300.")
  Long toleranceSeconds;

  @Option(
      names = "--public-url",
      paramLabel = "URL",
      description =
          "The base URL senders post to, when it is not this receiver's own (a tunnel or proxy);"
              + " scheme twilio signs it.")
  URI publicUrl;

  @Option(
      names = "--status",
      paramLabel = "CODE",
      defaultValue = "200",
      description = "HTTP status to answer every request with. Default: ${DEFAULT-VALUE}.")
  int status;

  @Option(
      names = "--preview",
      paramLabel = "CHARS",
      defaultValue = "200",
      description = "Characters of each body to print; 0 prints none. Default: ${DEFAULT-VALUE}.")
  int preview;

  @Option(
      names = "--max-requests",
      paramLabel = "N",
      description = "Stop after N requests (for scripts). Default: run until Ctrl-C.")
  Long maxRequests;

  @Override
  public Integer call() {
    if (status < 100 || status > 599) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--status must be an HTTP status code (100-599), was " + status);
    }
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--port must be 0-65535, was " + port);
    }
    Optional<Verifier> verifier =
        secrets.isEmpty()
            ? Optional.empty()
            : Optional.of(
                Verifier.of(
                    SignatureOptions.config(
                        spec,
                        scheme,
                        secrets,
                        Optional.ofNullable(hexHeader),
                        Optional.ofNullable(prefix),
                        Optional.ofNullable(toleranceSeconds).map(Duration::ofSeconds))));
    PrintWriter out = spec.commandLine().getOut();
    WebhookReceiver receiver;
    try {
      receiver = WebhookReceiver.builder().host(host).port(port).start();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "cannot listen on "
              + host
              + ":"
              + port
              + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")")
              + "; choose another port with --port",
          e);
    }
    boolean interrupted = false;
    try (receiver) {
      receiver.setDefaultResponse(MockResponse.status(status));
      String base = receiver.url().toString();
      out.println("listening on " + base.substring(0, base.length() - 1));
      out.println(
          verifier.isPresent()
              ? "verifying " + scheme + " signatures; answering " + status + "; Ctrl-C to stop"
              : "not verifying signatures (no --secret); answering " + status + "; Ctrl-C to stop");
      out.flush();
      long seen = 0;
      try {
        while (maxRequests == null || seen < maxRequests) {
          Optional<RecordedRequest> request = receiver.pollRequest(Duration.ofMillis(500));
          if (request.isPresent()) {
            seen++;
            print(out, request.get(), verifier);
          }
        }
        // The receiver records a request before it answers it: give the last answers time to go
        // out before the connections are closed.
        Thread.sleep(ANSWER_GRACE);
      } catch (InterruptedException e) {
        // Stopped: print what arrived before the stop, then close.
        for (RecordedRequest request : receiver.drainRequests()) {
          print(out, request, verifier);
        }
        interrupted = true;
      }
    } finally {
      // Restored only now: Jetty cannot stop cleanly on an interrupted thread.
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return HooklineCommand.OK;
  }

  private void print(PrintWriter out, RecordedRequest request, Optional<Verifier> verifier) {
    byte[] body = request.body();
    Optional<String> text = utf8(body);
    Optional<JsonNode> json = text.flatMap(ListenCommand::parse);
    String id =
        first(request, "webhook-id", "X-GitHub-Delivery", "X-Request-Id")
            .or(() -> json.flatMap(j -> field(j, "id")))
            .orElse("-");
    String type =
        first(request, "X-Hookline-Event", "X-GitHub-Event")
            .or(() -> json.flatMap(j -> field(j, "type")))
            .orElse("-");
    String attempt = first(request, "X-Hookline-Attempt").orElse("-");
    StringBuilder line = new StringBuilder();
    line.append('[')
        .append(LocalTime.ofInstant(request.receivedAt(), ZoneId.systemDefault()).format(TIME))
        .append("] ")
        .append(request.method())
        .append(' ')
        .append(request.path())
        .append(" -> ")
        .append(status)
        .append(System.lineSeparator());
    line.append("  webhook-id: ")
        .append(id)
        .append("  event: ")
        .append(type)
        .append("  attempt: ")
        .append(attempt)
        .append(System.lineSeparator());
    line.append("  signature: ").append(signature(request, verifier));
    if (preview > 0) {
      line.append(System.lineSeparator()).append("  body: ").append(preview(body, text));
    }
    out.println(line);
    out.flush();
  }

  private String signature(RecordedRequest request, Optional<Verifier> verifier) {
    if (verifier.isEmpty()) {
      return "not checked (no --secret)";
    }
    URI url = request.uri();
    if (publicUrl != null) {
      url = publicUrl.resolve(request.path());
    }
    Verification result = verifier.get().verify(request.headers(), request.body(), url);
    return result.valid()
        ? "valid"
        : "INVALID (" + VerifyCommand.describe(result.reason()) + "): " + result.message();
  }

  private String preview(byte[] body, Optional<String> text) {
    if (body.length == 0) {
      return "(empty)";
    }
    if (text.isEmpty()) {
      return "(" + body.length + " bytes, not UTF-8 text)";
    }
    String flat = text.get().replaceAll("\\s*\\R\\s*", " ").strip();
    if (flat.length() <= preview) {
      return flat;
    }
    return flat.substring(0, preview) + "... (" + body.length + " bytes)";
  }

  private static Optional<String> first(RecordedRequest request, String... names) {
    for (String name : names) {
      Optional<String> value = request.header(name).filter(v -> !v.isBlank());
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> utf8(byte[] body) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static Optional<JsonNode> parse(String text) {
    String trimmed = text.strip();
    if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(trimmed);
      // A batch: describe it by its first element.
      return Optional.ofNullable(node.isArray() && !node.isEmpty() ? node.get(0) : node);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value != null && value.isValueNode() ? Optional.of(value.asText()) : Optional.empty();
  }
}
