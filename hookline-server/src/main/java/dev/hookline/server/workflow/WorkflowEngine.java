package dev.hookline.server.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.Hookline;
import dev.hookline.PublishResult;
import dev.hookline.delivery.JettyClients;
import dev.hookline.event.Event;
import dev.hookline.event.EventPattern;
import dev.hookline.internal.Threads;
import dev.hookline.server.inbound.WorkflowTrigger;
import dev.hookline.store.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
import org.eclipse.jetty.client.HttpClient;
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

  final Hookline hookline;
  final WorkflowStore store;
  final Clock clock;
  final Function<Event, PublishResult> emit;
  private final Duration wait;
  final boolean allowPrivateNetworks;
  private final Map<String, Workflow> workflows = new ConcurrentHashMap<>();
  private final Set<CompletableFuture<WorkflowRun>> active = ConcurrentHashMap.newKeySet();
  // Ids of the runs this node is executing: never taken for abandoned.
  final Set<String> underWay = ConcurrentHashMap.newKeySet();

  /** How long closing waits for runs under way. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  /** Runs started by a trigger carrying an idempotency key, by workflow and key (recent ones). */
  private final Map<String, String> runsByKey = new ConcurrentHashMap<>();

  final HttpClient http;
  private final RunRecovery recovery = new RunRecovery(this);

  /**
   * Chain depth of the events workflows emitted, by event id, until {@link #onEvent} sees them: the
   * depth is never read from an event's own metadata, which any API caller could forge.
   */
  final Map<String, Integer> emittedDepth = new ConcurrentHashMap<>();

  volatile Consumer<WorkflowRunRecord> listener = r -> {};
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
      // one node: a run still "running" was cut off by a stop or a crash
      recovery.failInterruptedRuns();
    }
    reload();
    long every = RELOAD_INTERVAL.toMillis();
    reloader.scheduleWithFixedDelay(
        () -> {
          try {
            reload();
            recovery.failAbandonedRuns();
          } catch (RuntimeException e) {
            LOG.warn("workflow reload failed: {}", e.getMessage());
          }
        },
        every,
        every,
        TimeUnit.MILLISECONDS);
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
    WorkflowRun run = new WorkflowRun(this, w, resolved, Optional.empty(), "webhook");
    idempotencyKey.ifPresent(
        k -> {
          if (runsByKey.size() >= 10_000) {
            runsByKey.clear();
          }
          runsByKey.put(workflowName + "\u0000" + k, run.id);
        });
    CompletableFuture<WorkflowRun> done = runAsync(run);
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
      WorkflowRun run;
      try {
        run =
            new WorkflowRun(
                this, w, resolveInputs(w, event.data()), Optional.of(event), "event:" + event.id());
      } catch (InvalidInputsException e) {
        run = new WorkflowRun(this, w, Map.of(), Optional.of(event), "event:" + event.id());
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

  private CompletableFuture<WorkflowRun> runAsync(WorkflowRun run) {
    run.save(); // the record exists (status running) before anything runs
    CompletableFuture<WorkflowRun> done = new CompletableFuture<>();
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
}
