package dev.hookline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hookline retry DELIVERY_ID...}: queues deliveries for another attempt now. */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    description = {
      "Queue deliveries (dead or failed) for another attempt now.",
      "",
      "Attempt numbers keep counting across retries."
    })
final class RetryCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "DELIVERY_ID", arity = "1..*", description = "Delivery ids.")
  List<String> ids;

  @Mixin ServerOptions server;

  @Override
  public Integer call() {
    ApiClient client = server.client();
    PrintWriter out = spec.commandLine().getOut();
    for (String id : ids) {
      JsonNode d = client.post("/api/deliveries/" + ApiClient.segment(id) + "/retry", null).body();
      if (server.json) {
        out.println(d.toString());
      } else {
        out.println(
            "queued "
                + id
                + " for attempt "
                + (d.path("attempts").asInt() + 1)
                + " (status "
                + d.path("status").asText("pending")
                + ")");
      }
    }
    out.flush();
    return HooklineCommand.OK;
  }
}
