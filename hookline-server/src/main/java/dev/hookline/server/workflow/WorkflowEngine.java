package dev.hookline.server.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.Hookline;
import dev.hookline.PublishResult;
import dev.hookline.delivery.JettyClients;
import dev.hookline.event.Event;
import dev.hookline.event.EventPattern;
import dev.hookline.internal.Threads;
import dev.hookline.routing.AmbiguousHost;
import dev.hookline.server.inbound.WorkflowTrigger;
import dev.hookline.store.Page;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers workflows and runs them: triggered by {@code POST /webhooks/generic} (a {@link
 * WorkflowTrigger}), by events whose type matches a workflow's {@code on}, or over the API. Each
 * run is kept in the store as one record: written when it starts and replaced, whole, when it ends.
 * Thread-safe.
 */
public final class WorkflowEngine implements WorkflowTrigger, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowEngine.class);

  /** How long a trigger waits for the run before answering 202 with the run id. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

  /** Events emitted by workflows that trigger workflows: the longest chain allowed. */
  public static final int MAX_CHAIN = 8;

  static final String DEPTH = "workflow_depth";

  private final Hookline hookline;
  private final WorkflowStore store;
  private final Clock clock;
  private final Function<Event, PublishResult> emit;
  private final Duration wait;
  private final boolean allowPrivateNetworks;
  private final Map<String, Workflow> workflows = new ConcurrentHashMap<>();
  private final Set<CompletableFuture<Run>> active = ConcurrentHashMap.newKeySet();
  // Ids of the runs this node is executing: never taken for abandoned.
  private final Set<String> underWay = ConcurrentHashMap.newKeySet();

  /** How long closing waits for runs under way. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  /** Runs started by a trigger carrying an idempotency key, by workflow and key (recent ones). */
  private final Map<String, String> runsByKey = new ConcurrentHashMap<>();

  private final HttpClient http;

  /**
   * Chain depth of the events workflows emitted, by event id, until {@link #onEvent} sees them: the
   * depth is never read from an event's own metadata, which any API caller could forge.
   */
  private final Map<String, Integer> emittedDepth = new ConcurrentHashMap<>();

  private volatile Consumer<WorkflowRunRecord> listener = r -> {};
  private final java.util.concurrent.ScheduledExecutorService reloader =
      Threads.scheduler("hookline-workflow-reload");

  /** How often a node re-reads workflows other nodes registered on a shared store. */
  static final Duration RELOAD_INTERVAL = Duration.ofSeconds(5);

  /**
   * @param hookline delivers {@code send} steps through its endpoints
   * @param store where definitions and runs are kept; closed when this engine closes
   * @param emit publishes {@code emit} steps' events the way the server accepts events
   * @param allowPrivateNetworks whether {@code http} steps may call private addresses
   * @param wait how long a trigger waits for a run before answering 202
   */
  public WorkflowEngine(
      Hookline hookline,
      WorkflowStore store,
      Clock clock,
      Function<Event, PublishResult> emit,
      boolean allowPrivateNetworks,
      Duration wait) {
    this.hookline = hookline;
    this.store = store;
    this.clock = clock;
    this.emit = emit;
    this.wait = wait;
    this.allowPrivateNetworks = allowPrivateNetworks;
    this.http = JettyClients.start("hookline-workflow-http", 16, 1, allowPrivateNetworks, c -> {});
  }

  /**
   * Saves the config file's workflows (origin {@code config}), drops config workflows the file no
   * longer declares, and loads every stored workflow.
   *
   * @throws WorkflowException naming the workflow and key when a definition is invalid
   */
  public synchronized void load(List<JsonNode> configured) {
    Set<String> declared = new HashSet<>();
    List<Workflow> parsed = new ArrayList<>();
    for (int i = 0; i < configured.size(); i++) {
      Workflow w = Workflow.parse(configured.get(i), "workflows[" + i + "]");
      if (!declared.add(w.name())) {
        throw new WorkflowException(
            "workflows[" + i + "].name: '" + w.name() + "' is declared twice");
      }
      parsed.add(w);
    }
    for (StoredWorkflow s : store.workflows()) {
      if (s.origin().equals("config") && !declared.contains(s.name())) {
        store.deleteWorkflow(s.name());
      }
    }
    for (Workflow w : parsed) {
      store.saveWorkflow(
          new StoredWorkflow(w.name(), w.definition().toString(), "config", clock.instant()));
    }
    if (store.describe().startsWith("sqlite")) {
      failInterruptedRuns(); // one node: a run still "running" was cut off by a stop or a crash
    }
    reload();
    long every = RELOAD_INTERVAL.toMillis();
    reloader.scheduleWithFixedDelay(
        () -> {
          try {
            reload();
            failAbandonedRuns();
          } catch (RuntimeException e) {
            LOG.warn("workflow reload failed: {}", e.getMessage());
          }
        },
        every,
        every,
        TimeUnit.MILLISECONDS);
  }

  private void failInterruptedRuns() {
    for (WorkflowRunRecord r : store.runsWithStatus("running", 10_000)) {
      fail(r, "interrupted: the server stopped while the run was going on");
    }
  }

  /**
   * Marks failed the runs recorded as running that no node can still be executing: past the {@code
   * deadline} their node recorded when they started (their workflow's {@link Workflow#longestRun()}
   * then). On a shared PostgreSQL store, that is how the runs of a node that died end; on SQLite,
   * the restart already did it. Only a run still {@code running} is changed, so an outcome its node
   * stored meanwhile stands, and only one node ends it.
   */
  private void failAbandonedRuns() {
    Instant now = clock.instant();
    for (WorkflowRunRecord r : store.runsWithStatus("running", 1_000)) {
      if (underWay.contains(r.id())) {
        continue;
      }
      Instant deadline = deadline(r);
      if (deadline.isBefore(now)) {
        fail(
            r,
            "interrupted: not finished by its deadline ("
                + deadline
                + ", the longest this workflow could take); the node running it stopped");
      }
    }
  }

  /** When a run still running counts as abandoned if its record does not say. */
  static final Duration ABANDONED_UNKNOWN = Duration.ofHours(1);

  private static Instant deadline(WorkflowRunRecord r) {
    try {
      JsonNode d = Workflow.JSON.readTree(r.document()).path("deadline");
      if (d.isTextual()) {
        return Instant.parse(d.asText());
      }
    } catch (IOException | java.time.format.DateTimeParseException e) {
      // an older or damaged record: fall back to the generous default
    }
    return r.startedAt().plus(ABANDONED_UNKNOWN);
  }

  private void fail(WorkflowRunRecord r, String error) {
    WorkflowRunRecord failed;
    try {
      ObjectNode doc = (ObjectNode) Workflow.JSON.readTree(r.document());
      Instant now = clock.instant();
      doc.put("status", "failed");
      doc.put("error", error);
      doc.put("finished_at", now.toString());
      failed =
          new WorkflowRunRecord(
              r.id(), r.workflow(), "failed", doc.toString(), r.startedAt(), Optional.of(now));
    } catch (IOException | ClassCastException e) {
      LOG.warn("run {} has an unreadable record: {}", r.id(), e.getMessage());
      return;
    }
    try {
      if (store.finishRunIfRunning(failed)) {
        listener.accept(failed);
      }
    } catch (RuntimeException e) {
      LOG.warn("run {} could not be marked failed: {}", r.id(), e.getMessage());
    }
  }

  /** Re-reads the stored workflows (other nodes may have registered some). */
  public synchronized void reload() {
    Map<String, Workflow> fresh = new LinkedHashMap<>();
    for (StoredWorkflow s : store.workflows()) {
      try {
        fresh.put(s.name(), Workflow.parse(Workflow.JSON.readTree(s.definition()), s.name()));
      } catch (IOException | RuntimeException e) {
        LOG.warn("stored workflow {} cannot be used: {}", s.name(), e.getMessage());
      }
    }
    workflows.keySet().retainAll(fresh.keySet());
    workflows.putAll(fresh);
  }

  /**
   * {@code POST /api/workflows}: an inline definition, or {@code {"name", "config_path"}} naming a
   * YAML or JSON file (relative to {@code baseDir}). Replaces a workflow of the same name.
   */
  public synchronized Workflow register(JsonNode body, Path baseDir) {
    JsonNode definition = body;
    if (body.isObject() && body.has("config_path")) {
      if (!body.get("config_path").isTextual()) {
        throw new WorkflowException(
            "config_path: expected the path of a YAML file (a string), got "
                + body.get("config_path"));
      }
      if (body.has("name") && !body.get("name").isTextual()) {
        throw new WorkflowException("name: expected a string, got " + body.get("name"));
      }
      Path file = confined(baseDir, body.get("config_path").asText());
      try {
        definition =
            new com.fasterxml.jackson.databind.ObjectMapper(
                    new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(Files.readString(file));
      } catch (IOException e) {
        throw new WorkflowException("config_path: cannot read " + file + ": " + e.getMessage());
      }
      if (definition == null || !definition.isObject()) {
        throw new WorkflowException("config_path: " + file + " does not hold a workflow map");
      }
      ObjectNode named = ((ObjectNode) definition).deepCopy();
      if (body.has("name")) {
        named.put("name", body.get("name").asText()); // the registered name wins, as in the seed
      }
      definition = named;
    }
    Workflow w = Workflow.parse(definition, "workflow");
    store.saveWorkflow(
        new StoredWorkflow(w.name(), w.definition().toString(), "api", clock.instant()));
    workflows.put(w.name(), w);
    return w;
  }

  /** Called with each run's record when it ends (the live stream shows it). */
  public void onRunFinished(Consumer<WorkflowRunRecord> listener) {
    this.listener = listener;
  }

  /** Largest workflow file {@code config_path} may name. */
  static final long MAX_FILE_BYTES = 1024 * 1024;

  /**
   * {@code config_path} inside {@code baseDir}: relative, no way out of it through {@code ..} or
   * links, a regular file of at most {@link #MAX_FILE_BYTES}.
   */
  static Path confined(Path baseDir, String configPath) {
    Path given = Path.of(configPath);
    if (given.isAbsolute()) {
      throw new WorkflowException(
          "config_path: '" + configPath + "' must be relative to the server's working directory");
    }
    try {
      Path base = baseDir.toRealPath();
      Path file = base.resolve(given).normalize();
      if (!file.startsWith(base)) {
        throw new WorkflowException(
            "config_path: '" + configPath + "' leaves the working directory");
      }
      if (!Files.isRegularFile(file)) {
        throw new WorkflowException("config_path: '" + configPath + "' is not a file");
      }
      Path real = file.toRealPath();
      if (!real.startsWith(base)) {
        throw new WorkflowException(
            "config_path: '" + configPath + "' leaves the working directory");
      }
      if (Files.size(real) > MAX_FILE_BYTES) {
        throw new WorkflowException(
            "config_path: '" + configPath + "' is larger than " + MAX_FILE_BYTES + " bytes");
      }
      return real;
    } catch (IOException e) {
      throw new WorkflowException("config_path: cannot read '" + configPath + "'");
    }
  }

  /** Every workflow, by name. */
  public List<Workflow> list() {
    return workflows.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
  }

  /** One workflow. */
  public Optional<Workflow> get(String name) {
    return Optional.ofNullable(workflows.get(name));
  }

  @Override
  public List<String> names() {
    return list().stream().map(Workflow::name).toList();
  }

  /** A workflow's runs, newest first. */
  public Page<WorkflowRunRecord> runs(String name, int limit, Optional<String> cursor) {
    return store.runs(name, limit, cursor);
  }

  /** One run. */
  public Optional<WorkflowRunRecord> run(String id) {
    return store.run(id);
  }

  /** {@code POST /webhooks/generic} with a {@code workflow_name}: runs it, waits up to the wait. */
  @Override
  public Optional<Started> start(
      String workflowName, Map<String, Object> inputs, Optional<String> idempotencyKey) {
    Workflow w = workflows.get(workflowName);
    if (w == null) {
      return Optional.empty();
    }
    Map<String, Object> resolved = resolveInputs(w, inputs);
    if (idempotencyKey.isPresent()) {
      String seen = runsByKey.get(workflowName + "\u0000" + idempotencyKey.get());
      if (seen != null) {
        Optional<Started> earlier = store.run(seen).map(WorkflowEngine::startedOf);
        if (earlier.isPresent()) {
          return earlier; // a resent trigger: the run it started, not a second one
        }
      }
    }
    Run run = new Run(w, resolved, Optional.empty(), "webhook");
    idempotencyKey.ifPresent(
        k -> {
          if (runsByKey.size() >= 10_000) {
            runsByKey.clear();
          }
          runsByKey.put(workflowName + "\u0000" + k, run.id);
        });
    CompletableFuture<Run> done = runAsync(run);
    try {
      done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException stillRunning) {
      // answered 202; the run goes on and is recorded when it ends
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      LOG.error("workflow {} run {} failed unexpectedly", w.name(), run.id, e.getCause());
    }
    return Optional.of(run.started());
  }

  /** Runs workflows whose {@code on} matches the event's type; never throws. */
  public void onEvent(Event event) {
    Integer emitted = emittedDepth.remove(event.id());
    int depth = emitted == null ? 0 : emitted;
    for (Workflow w : workflows.values()) {
      if (w.on().stream().noneMatch((EventPattern p) -> p.matches(event.type()))) {
        continue;
      }
      int d = depth;
      Run run;
      try {
        run = new Run(w, resolveInputs(w, event.data()), Optional.of(event), "event:" + event.id());
      } catch (InvalidInputsException e) {
        run = new Run(w, Map.of(), Optional.of(event), "event:" + event.id());
        run.failBeforeStart("inputs: " + e.getMessage());
        continue;
      }
      if (d >= MAX_CHAIN) {
        run.failBeforeStart(
            "event "
                + event.id()
                + " comes from a chain of "
                + d
                + " workflows; the limit is "
                + MAX_CHAIN);
        continue;
      }
      run.depth = d + 1;
      runAsync(run);
    }
  }

  private CompletableFuture<Run> runAsync(Run run) {
    run.save(); // the record exists (status running) before anything runs
    CompletableFuture<Run> done = new CompletableFuture<>();
    active.add(done);
    underWay.add(run.id);
    done.whenComplete(
        (r, e) -> {
          active.remove(done);
          underWay.remove(run.id);
        });
    Threads.virtual(
        "hookline-workflow-" + run.workflow.name(),
        () -> {
          try {
            run.execute();
            done.complete(run);
          } catch (Throwable e) {
            run.crashed(e);
            done.completeExceptionally(e);
          }
        });
    return done;
  }

  /** The given inputs checked against the declaration, with defaults filled in. */
  static Map<String, Object> resolveInputs(Workflow w, Map<String, Object> given) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Workflow.Input> e : w.inputs().entrySet()) {
      String name = e.getKey();
      Workflow.Input spec = e.getValue();
      Object v = given.get(name);
      if (v == null) {
        if (spec.defaultValue().isPresent()) {
          out.put(name, spec.defaultValue().get());
        } else if (spec.required()) {
          problems.add(name + " is missing (" + spec.type() + ")");
        }
        continue;
      }
      if (!matches(spec.type(), v)) {
        problems.add(name + " should be " + spec.type() + ", got " + describe(v));
        continue;
      }
      out.put(name, v);
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputsException(
          "workflow " + w.name() + " inputs: " + String.join("; ", problems));
    }
    // Undeclared inputs pass through: templates may use them.
    given.forEach(out::putIfAbsent);
    return out;
  }

  private static boolean matches(String type, Object v) {
    return switch (type) {
      case "string" -> v instanceof String;
      case "number" -> v instanceof Number;
      case "integer" ->
          v instanceof Integer
              || v instanceof Long
              || v instanceof java.math.BigInteger
              || (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()));
      case "boolean" -> v instanceof Boolean;
      case "object" -> v instanceof Map;
      case "list" -> v instanceof List;
      default -> true;
    };
  }

  private static String describe(Object v) {
    return v instanceof String
        ? "a string"
        : v instanceof Number
            ? "a number"
            : v instanceof Boolean
                ? "a boolean"
                : v instanceof Map ? "an object" : v instanceof List ? "a list" : String.valueOf(v);
  }

  /** Where workflow definitions and runs are kept. */
  public WorkflowStore store() {
    return store;
  }

  @Override
  public void close() {
    reloader.shutdownNow();
    // Runs under way get a moment to finish and be recorded before the store closes; one still
    // going after that ends failed (its http step is cut off), recorded as such.
    try {
      CompletableFuture.allOf(active.toArray(CompletableFuture[]::new))
          .get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("{} workflow runs still going at shutdown", active.size());
    }
    try {
      http.stop();
    } catch (Exception e) {
      LOG.debug("workflow HTTP client stop failed", e);
    }
    store.close();
  }

  /** One run's state; its record is written at start and, whole, at the end. */
  private final class Run {
    final String id = Event.newId("run_");
    final Workflow workflow;
    final Map<String, Object> inputs;
    final Optional<Event> event;
    final String trigger;
    final Instant startedAt = clock.instant();
    final Map<String, Object> outputs = new LinkedHashMap<>();
    final ArrayNode stepLog = Workflow.JSON.createArrayNode();
    volatile String status = "running";
    volatile Object output;
    volatile String error;
    volatile Instant finishedAt;
    int depth;

    Run(Workflow workflow, Map<String, Object> inputs, Optional<Event> event, String trigger) {
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
      finishedAt = clock.instant();
      try {
        save();
      } catch (RuntimeException again) {
        LOG.error("workflow {} run {} could not be recorded", workflow.name(), id, again);
      }
    }

    void failBeforeStart(String why) {
      error = why;
      status = "failed";
      finishedAt = clock.instant();
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
        ObjectNode entry =
            stepLog.addObject().put("name", step.name()).put("action", step.action());
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
      finishedAt = clock.instant();
      save();
      LOG.info(
          "workflow {} run {} {}{}",
          workflow.name(),
          id,
          status,
          error == null ? "" : ": " + error);
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
            s.condition()
                .test(inputs, outputs, event.map(WorkflowEngine::eventMap).orElse(Map.of()));
        case Workflow.HttpStep s -> http(s, ctx);
        case Workflow.SendStep s -> {
          if (hookline.endpoint(s.endpoint()).isEmpty()) {
            throw new IllegalStateException("no endpoint '" + s.endpoint() + "'");
          }
          Event e = outgoing(s.type().renderString(ctx), s.data().map(t -> t.render(ctx)));
          PublishResult r = hookline.publishTo(e, s.endpoint());
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("event_id", r.eventId());
          out.put("delivery_id", r.deliveries().isEmpty() ? "" : r.deliveries().get(0).id());
          yield out;
        }
        case Workflow.EmitStep s -> {
          Event e = outgoing(s.type().renderString(ctx), s.data().map(t -> t.render(ctx)));
          emittedDepth.put(e.id(), depth);
          PublishResult r;
          try {
            r = emit.apply(e);
          } finally {
            if (emittedDepth.size() > 100_000) {
              emittedDepth.clear(); // events accepted but never seen (a stopped bus): do not grow
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
          .metadata(Map.of("workflow", workflow.name(), "run_id", id, DEPTH, depth))
          .build();
    }

    private Object http(Workflow.HttpStep s, Event ctx) {
      String url = s.url().renderString(ctx);
      Request request =
          WorkflowEngine.this
              .http
              .newRequest(url)
              .method(s.method())
              .timeout(s.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (allowPrivateNetworks) {
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
      store.saveRun(record);
      if (finishedAt != null) {
        try {
          listener.accept(record);
        } catch (RuntimeException e) {
          LOG.warn("workflow run listener failed", e);
        }
      }
    }
  }

  private static Started startedOf(WorkflowRunRecord r) {
    try {
      JsonNode doc = Workflow.JSON.readTree(r.document());
      Object output =
          doc.path("output").isNull()
              ? null
              : Workflow.JSON.convertValue(doc.get("output"), Object.class);
      String error = doc.path("error").isNull() ? null : doc.path("error").asText();
      return new Started(
          r.id(), r.status(), Optional.ofNullable(output), Optional.ofNullable(error));
    } catch (IOException e) {
      return new Started(r.id(), r.status(), Optional.empty(), Optional.empty());
    }
  }

  static Map<String, Object> eventMap(Event e) {
    try {
      return Workflow.JSON.readValue(
          e.toJson(), new com.fasterxml.jackson.core.type.TypeReference<>() {});
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 297) + "..." : s;
  }
}
