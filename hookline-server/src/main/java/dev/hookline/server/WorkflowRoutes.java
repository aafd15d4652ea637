package dev.hookline.server;

import static dev.hookline.server.ApiParams.*;
import static dev.hookline.server.HttpApi.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.server.inbound.WorkflowTrigger;
import dev.hookline.server.workflow.Workflow;
import dev.hookline.server.workflow.WorkflowException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Optional;

/** The {@code /api/workflows} and {@code /api/runs} routes. */
final class WorkflowRoutes {

  private final HooklineServer server;

  WorkflowRoutes(HooklineServer server) {
    this.server = server;
  }

  /** Inline definition, or {@code {"name", "config_path"}} relative to the working directory. */
  void registerWorkflow(Context ctx) {
    Workflow w;
    try {
      w = server.workflows().register(ApiJson.parse(ctx.bodyAsBytes()), server.workflowDir());
    } catch (WorkflowException e) {
      throw ApiException.badRequest("invalid_workflow", e.getMessage());
    }
    ctx.header("Location", "/api/workflows/" + w.name());
    json(ctx, 201, workflowJson(w));
  }

  void listWorkflows(Context ctx) {
    json(ctx, 200, ApiJson.list(server.workflows().list(), WorkflowRoutes::workflowJson));
  }

  void getWorkflow(Context ctx) {
    json(ctx, 200, workflowJson(workflow(ctx)));
  }

  /** Runs a workflow with {@code {"inputs": {...}}}, like {@code POST /webhooks/generic}. */
  void runWorkflow(Context ctx) {
    Workflow w = workflow(ctx);
    byte[] raw = ctx.bodyAsBytes();
    JsonNode body = raw.length == 0 ? ApiJson.object() : ApiJson.parse(raw);
    JsonNode inputs = body.path("inputs");
    if (!inputs.isMissingNode() && !inputs.isObject()) {
      throw ApiException.badRequest("invalid_inputs", "inputs is a JSON object");
    }
    java.util.Map<String, Object> given =
        inputs.isObject()
            ? ApiJson.MAPPER.convertValue(
                inputs, new com.fasterxml.jackson.core.type.TypeReference<>() {})
            : java.util.Map.of();
    WorkflowTrigger.Started started;
    try {
      started = server.workflows().start(w.name(), given, Optional.empty()).orElseThrow();
    } catch (WorkflowTrigger.InvalidInputsException e) {
      throw ApiException.badRequest("invalid_inputs", e.getMessage());
    }
    boolean running = started.status().equals("running");
    ObjectNode out = ApiJson.object();
    out.put("workflow", w.name());
    out.put("run_id", started.runId());
    out.put("status", started.status());
    started.output().ifPresent(o -> out.set("output", ApiJson.MAPPER.valueToTree(o)));
    started.error().ifPresent(e -> out.put("error", e));
    json(ctx, running ? 202 : 200, out);
  }

  void workflowRuns(Context ctx) {
    Workflow w = workflow(ctx);
    Optional<String> cursor = cursor(ctx);
    int limit = limit(ctx);
    var page =
        cursor.isEmpty()
            ? server.workflows().runs(w.name(), limit, Optional.empty())
            : checkCursor(
                cursor.get(), c -> server.workflows().runs(w.name(), limit, Optional.of(c)));
    json(ctx, 200, ApiJson.page(page, r -> runJson(r.document())));
  }

  void getRun(Context ctx) {
    String id = ctx.pathParam("id");
    var run = server.workflows().run(id).orElseThrow(() -> ApiException.notFound("run", id));
    json(ctx, 200, runJson(run.document()));
  }

  private Workflow workflow(Context ctx) {
    String name = ctx.pathParam("name");
    return server
        .workflows()
        .get(name)
        .orElseThrow(
            () ->
                new ApiException(
                    404,
                    "unknown_workflow",
                    "no workflow named '" + name + "'; workflows: " + server.workflows().names()));
  }

  private static JsonNode workflowJson(Workflow w) {
    ObjectNode n = ApiJson.object();
    n.put("name", w.name());
    n.put("description", w.description());
    n.set("definition", Redaction.redactWorkflow(w.definition()));
    return n;
  }

  private static JsonNode runJson(String document) {
    try {
      return ApiJson.MAPPER.readTree(document);
    } catch (IOException e) {
      throw new IllegalStateException("a stored run is not JSON", e);
    }
  }
}
