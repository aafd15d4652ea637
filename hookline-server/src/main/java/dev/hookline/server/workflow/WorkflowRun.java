package dev.hookline.server.workflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.PublishResult;
import dev.hookline.event.Event;
import dev.hookline.routing.AmbiguousHost;
import dev.hookline.server.inbound.WorkflowTrigger.Started;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a workflow: its steps in order, each step's log entry, and its record, written when it
 * starts and replaced, whole, when it ends. Executed on one thread; its status fields are read by
 * the trigger waiting for it.
 */
final class WorkflowRun {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowEngine.class);

  private final WorkflowEngine engine;
  final String id = Event.newId("run_");
  final Workflow workflow;
  final Map<String, Object> inputs;
  final Optional<Event> event;
  final String trigger;
  final Instant startedAt;
  final Map<String, Object> outputs = new LinkedHashMap<>();
  final ArrayNode stepLog = Workflow.JSON.createArrayNode();
  volatile String status = "running";
  volatile Object output;
  volatile String error;
  volatile Instant finishedAt;
  int depth;

  WorkflowRun(
      WorkflowEngine engine,
      Workflow workflow,
      Map<String, Object> inputs,
      Optional<Event> event,
      String trigger) {
    this.engine = engine;
    this.startedAt = engine.clock.instant();
    this.workflow = workflow;
    this.inputs = inputs;
    this.event = event;
    this.trigger = trigger;
    this.depth = 1;
  }

  Started started() {
    return new Started(
        id,
        status,
        status.equals("succeeded") ? Optional.ofNullable(output) : Optional.empty(),
        Optional.ofNullable(error));
  }

  /** The run broke outside any step (a store failure, an Error): record it as failed. */
  void crashed(Throwable e) {
    LOG.error("workflow {} run {} broke", workflow.name(), id, e);
    error = "the run broke: " + message(e);
    status = "failed";
    finishedAt = engine.clock.instant();
    try {
      save();
    } catch (RuntimeException again) {
      LOG.error("workflow {} run {} could not be recorded", workflow.name(), id, again);
    }
  }

  void failBeforeStart(String why) {
    error = why;
    status = "failed";
    finishedAt = engine.clock.instant();
    save();
    LOG.warn("workflow {} run {} not started: {}", workflow.name(), id, why);
  }

  void execute() {
    boolean stopped = false;
    for (Workflow.Step step : workflow.steps()) {
      if (stopped) {
        stepLog
            .addObject()
            .put("name", step.name())
            .put("action", step.action())
            .put("status", "skipped");
        continue;
      }
      long t0 = System.nanoTime();
      ObjectNode entry = stepLog.addObject().put("name", step.name()).put("action", step.action());
      try {
        Object out = runStep(step);
        outputs.put(step.name(), Map.of("output", out == null ? "" : out));
        entry.put("status", "succeeded");
        entry.set("output", Workflow.JSON.valueToTree(out));
        if (step instanceof Workflow.WhenStep && Boolean.FALSE.equals(out)) {
          stopped = true;
        }
      } catch (RuntimeException e) {
        entry.put("status", "failed").put("error", message(e));
        entry.put("duration_ms", (System.nanoTime() - t0) / 1e6);
        error = "step " + step.name() + " (" + step.action() + ") failed: " + message(e);
        status = "failed";
        break;
      }
      entry.put("duration_ms", (System.nanoTime() - t0) / 1e6);
    }
    if (!status.equals("failed")) {
      try {
        output =
            stopped
                ? null
                : workflow.output().map(t -> t.render(context())).orElseGet(this::lastOutput);
        status = "succeeded";
      } catch (RuntimeException e) {
        error = "output: " + message(e);
        status = "failed";
      }
    }
    finishedAt = engine.clock.instant();
    save();
    LOG.info(
        "workflow {} run {} {}{}", workflow.name(), id, status, error == null ? "" : ": " + error);
  }

  private Object lastOutput() {
    Object last = null;
    for (Object o : outputs.values()) {
      last = ((Map<?, ?>) o).get("output");
    }
    return last;
  }

  private Object runStep(Workflow.Step step) {
    Event ctx = context();
    return switch (step) {
      case Workflow.LogStep s -> {
        String line = s.line().renderString(ctx);
        LOG.info("workflow {} run {} [{}] {}", workflow.name(), id, s.name(), line);
        yield line;
      }
      case Workflow.TemplateStep s -> s.template().render(ctx);
      case Workflow.WhenStep s ->
          s.condition().test(inputs, outputs, event.map(WorkflowEngine::eventMap).orElse(Map.of()));
      case Workflow.HttpStep s -> http(s, ctx);
      case Workflow.SendStep s -> {
        if (engine.hookline.endpoint(s.endpoint()).isEmpty()) {
          throw new IllegalStateException("no endpoint '" + s.endpoint() + "'");
        }
        Event e = outgoing(s.type().renderString(ctx), s.data().map(t -> t.render(ctx)));
        PublishResult r = engine.hookline.publishTo(e, s.endpoint());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event_id", r.eventId());
        out.put("delivery_id", r.deliveries().isEmpty() ? "" : r.deliveries().get(0).id());
        yield out;
      }
      case Workflow.EmitStep s -> {
        Event e = outgoing(s.type().renderString(ctx), s.data().map(t -> t.render(ctx)));
        engine.emittedDepth.put(e.id(), depth);
        PublishResult r;
        try {
          r = engine.emit.apply(e);
        } finally {
          if (engine.emittedDepth.size() > 100_000) {
            engine.emittedDepth
                .clear(); // events accepted but never seen (a stopped bus): do not grow
          }
        }
        yield Map.of("event_id", r.eventId(), "deliveries", r.deliveries().size());
      }
    };
  }

  private Event outgoing(String type, Optional<Object> data) {
    Map<String, Object> body = new LinkedHashMap<>();
    data.ifPresent(
        d -> {
          if (d instanceof Map<?, ?> m) {
            m.forEach((k, v) -> body.put(String.valueOf(k), v));
          } else {
            body.put("value", d);
          }
        });
    return Event.builder(type)
        .source("workflow:" + workflow.name())
        .data(body)
        .metadata(Map.of("workflow", workflow.name(), "run_id", id, WorkflowEngine.DEPTH, depth))
        .build();
  }

  private Object http(Workflow.HttpStep s, Event ctx) {
    String url = s.url().renderString(ctx);
    Request request =
        engine
            .http
            .newRequest(url)
            .method(s.method())
            .timeout(s.timeout().toMillis(), TimeUnit.MILLISECONDS);
    if (engine.allowPrivateNetworks) {
      // Without the guard, the JDK would refuse 0x7f000001 with "Invalid IP address literal";
      // say what is wrong with the host instead. (The guard itself refuses such hosts.)
      Optional<AmbiguousHost> ambiguous = AmbiguousHost.of(request.getHost());
      if (ambiguous.isPresent()) {
        throw new IllegalStateException("calling " + url + ": " + ambiguous.get().reason());
      }
    }
    s.headers().forEach((k, t) -> request.headers(h -> h.put(k, t.renderString(ctx))));
    if (s.body().isPresent()) {
      Object rendered = s.body().get().render(ctx);
      boolean text = rendered instanceof String;
      byte[] bytes =
          text
              ? ((String) rendered).getBytes(StandardCharsets.UTF_8)
              : Workflow.JSON.valueToTree(rendered).toString().getBytes(StandardCharsets.UTF_8);
      String type =
          s.headers().keySet().stream().anyMatch(k -> k.equalsIgnoreCase("Content-Type"))
              ? null
              : text ? "text/plain; charset=utf-8" : "application/json";
      request.body(new BytesRequestContent(type, bytes));
    }
    ContentResponse response;
    try {
      response = request.send();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted calling " + url, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer from " + url + " within " + s.timeout(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("calling " + url + ": " + message(e.getCause()), e);
    }
    String body = response.getContentAsString();
    Object parsed = body;
    String contentType = response.getHeaders().get("Content-Type");
    if (contentType != null && contentType.contains("json") && !body.isBlank()) {
      try {
        parsed = Workflow.JSON.readValue(body, Object.class);
      } catch (IOException notJson) {
        parsed = body;
      }
    }
    if (response.getStatus() / 100 != 2) {
      throw new IllegalStateException(
          "HTTP " + response.getStatus() + " from " + url + ": " + abbreviate(body));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", response.getStatus());
    out.put("body", parsed);
    return out;
  }

  /**
   * The data templates see: {@code inputs}, {@code steps.<name>.output}, {@code event}, {@code
   * run}.
   */
  private Event context() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("inputs", inputs);
    data.put("steps", outputs);
    data.put("event", event.map(WorkflowEngine::eventMap).orElse(Map.of()));
    data.put("run", Map.of("id", id, "workflow", workflow.name()));
    return Event.builder("workflow.context").id("evt_context").data(data).build();
  }

  void save() {
    ObjectNode doc = Workflow.JSON.createObjectNode();
    doc.put("id", id);
    doc.put("workflow", workflow.name());
    doc.put("status", status);
    doc.put("trigger", trigger);
    doc.set("inputs", Workflow.JSON.valueToTree(inputs));
    doc.set("steps", stepLog.deepCopy());
    doc.set("output", Workflow.JSON.valueToTree(output));
    if (error != null) {
      doc.put("error", error);
    } else {
      doc.putNull("error");
    }
    doc.put("started_at", startedAt.toString());
    doc.put("deadline", startedAt.plus(workflow.longestRun()).toString());
    if (finishedAt != null) {
      doc.put("finished_at", finishedAt.toString());
      doc.put("duration_ms", Duration.between(startedAt, finishedAt).toMillis());
    } else {
      doc.putNull("finished_at");
    }
    WorkflowRunRecord record =
        new WorkflowRunRecord(
            id,
            workflow.name(),
            status,
            doc.toString(),
            startedAt,
            Optional.ofNullable(finishedAt));
    engine.store.saveRun(record);
    if (finishedAt != null) {
      try {
        engine.listener.accept(record);
      } catch (RuntimeException e) {
        LOG.warn("workflow run listener failed", e);
      }
    }
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 297) + "..." : s;
  }
}
