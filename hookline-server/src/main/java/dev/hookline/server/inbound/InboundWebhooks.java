package dev.hookline.server.inbound;

import dev.hookline.PublishResult;
import dev.hookline.event.Event;
import dev.hookline.event.InvalidEventException;
import dev.hookline.server.config.SourceConfig;
import dev.hookline.server.inbound.InboundLogEntry.Outcome;
import dev.hookline.server.inbound.Interpretation.Answer;
import dev.hookline.server.inbound.Interpretation.Publish;
import dev.hookline.server.inbound.Interpretation.Trigger;
import dev.hookline.signature.Verification;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound webhooks (DESIGN §6, {@code POST /webhooks/{source}}): verifies each request with its
 * source's provider scheme, turns it into an event and hands it to {@code accept}, which stores it
 * durably and says whether its id was new.
 *
 * <p>Order of checks, each answered as the contract says: unknown source → 404; signature missing,
 * wrong or with a stale timestamp → 401; body that is not JSON (or not the provider's shape) → 400;
 * then the event, whose id is derived from the provider's delivery id ({@code <source>:<delivery
 * id>}), so a resent delivery is recognised by the store — durably, across restarts and nodes — and
 * answered 200 without a second event. Verification comes first: a tampered request that reuses a
 * known delivery id is still a 401. A request that is refused creates nothing; every request to a
 * configured source, refused or not, is kept in that source's own bounded in-memory log ({@link
 * #recent(int)}) without secrets, signatures or bodies, so requests to one source never push
 * another's entries out. Requests to names that are no configured source are only counted ({@link
 * #unknownSourceRequests()}): their names are chosen by whoever sends them and are never stored.
 *
 * <p>The body limit (413) is the HTTP server's, before this class sees a request.
 *
 * <p>Thread-safe: {@link #receive} is called concurrently, one call per request.
 */
public final class InboundWebhooks {
  /** How many requests each source's inbound log keeps unless told otherwise. */
  public static final int DEFAULT_LOG_CAPACITY = 1000;

  /** The longest reason, delivery id or type a log entry keeps; longer ones are cut. */
  static final int MAX_LOGGED_TEXT = 300;

  private static final Logger log = LoggerFactory.getLogger(InboundWebhooks.class);
  private static final String TWIML =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

  private final Map<String, Source> sources;
  private final Function<Event, PublishResult> accept;
  private final WorkflowTrigger workflows;
  private final Clock clock;
  private final Map<String, InboundLog> logs;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong unknownSourceRequests = new AtomicLong();

  private InboundWebhooks(Builder builder) {
    this.sources = Map.copyOf(builder.sources);
    this.accept = builder.accept;
    this.workflows = builder.workflows;
    this.clock = builder.clock;
    Map<String, InboundLog> perSource = new LinkedHashMap<>();
    sources.keySet().forEach(name -> perSource.put(name, new InboundLog(builder.logCapacity)));
    this.logs = Map.copyOf(perSource);
  }

  /**
   * Starts configuring inbound webhooks.
   *
   * @param accept durably accepts an event and says whether its id was new ({@link
   *     PublishResult#created()}); the server wires it to {@code Hookline.publish} and its event
   *     bus. It may throw when the store is down: the sender gets a 503 and retries
   */
  public static Builder builder(Function<Event, PublishResult> accept) {
    return new Builder(accept);
  }

  /**
   * Handles one request to {@code /webhooks/{sourceName}}. Never throws for what came over the
   * wire: every outcome is a response (see the class comment), and is logged.
   *
   * @param sourceName the path segment after {@code /webhooks/}
   * @throws NullPointerException if an argument is null
   */
  public InboundResponse receive(String sourceName, InboundRequest request) {
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(request, "request");
    Source source = sources.get(sourceName);
    if (source == null) {
      // Counted, not logged: anyone can make up names, and they would push real entries out.
      unknownSourceRequests.incrementAndGet();
      return InboundResponse.error(
          404,
          "unknown_source",
          "no inbound source named '"
              + printable(sourceName)
              + "'; configured sources: "
              + String.join(", ", sources.keySet().stream().sorted().toList()));
    }
    if (!request.method().equalsIgnoreCase("POST")) {
      return reject(
          source.name(), 405, "method_not_allowed", "webhooks are received with POST only");
    }
    Verification verification = source.verify(request);
    if (!verification.valid()) {
      return reject(source.name(), 401, errorCode(verification), verification.message());
    }
    Interpretation interpretation;
    try {
      interpretation = source.provider().interpret(source.name(), request);
    } catch (Rejection e) {
      return reject(source.name(), e.status(), e.code(), e.getMessage());
    }
    return switch (interpretation) {
      case Answer answer -> {
        log(
            entry(
                source.name(),
                Outcome.ANSWERED,
                answer.response().status(),
                answer.reason(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
        yield answer.response();
      }
      case Publish publish -> publish(source, publish);
      case Trigger trigger -> trigger(source, trigger);
    };
  }

  /**
   * The newest entries of the inbound request logs of all sources, newest first.
   *
   * @param limit the most entries to return
   * @throws IllegalArgumentException if limit is negative
   */
  public List<InboundLogEntry> recent(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    List<InboundLog.Item> merged = new ArrayList<>();
    logs.values().forEach(log -> merged.addAll(log.newest(limit)));
    merged.sort(Comparator.comparingLong(InboundLog.Item::sequence).reversed());
    return merged.stream().limit(limit).map(InboundLog.Item::entry).toList();
  }

  /**
   * How many requests came for a name that is no configured source (answered 404) since start.
   * Their names are not kept.
   */
  public long unknownSourceRequests() {
    return unknownSourceRequests.get();
  }

  /** The configured source names, sorted. */
  public List<String> sourceNames() {
    return sources.keySet().stream().sorted().toList();
  }

  private InboundResponse publish(Source source, Publish publish) {
    Optional<String> deliveryId = publish.deliveryId();
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("provider", source.type());
    deliveryId.ifPresent(id -> metadata.put("delivery_id", id));
    metadata.putAll(publish.metadata());
    Event event;
    try {
      Event.Builder builder =
          Event.builder(publish.type())
              .clock(clock)
              .source(source.name())
              .data(publish.data())
              .metadata(metadata);
      deliveryId.ifPresent(id -> builder.id(Names.eventId(source.name(), id)));
      publish.subject().ifPresent(builder::subject);
      publish.userId().ifPresent(builder::userId);
      event = builder.build();
    } catch (InvalidEventException e) {
      return reject(
          source.name(), 400, "invalid_event", e.getMessage(), deliveryId, publish.type());
    }
    PublishResult result;
    try {
      result = accept.apply(event);
    } catch (InvalidEventException e) {
      // Refused before anything was stored (EventLimits): the sender's mistake, not ours.
      return reject(
          source.name(), 400, "invalid_event", e.getMessage(), deliveryId, publish.type());
    } catch (RuntimeException e) {
      log.warn("inbound {} event {} could not be accepted", source.name(), event.id(), e);
      log(
          entry(
              source.name(),
              Outcome.FAILED,
              503,
              "could not store the event: " + e,
              Optional.of(event.id()),
              deliveryId,
              Optional.of(event.type())));
      return InboundResponse.error(
          503, "unavailable", "the event could not be stored; send it again later");
    }
    boolean duplicate = !result.created();
    log(
        entry(
            source.name(),
            duplicate ? Outcome.DUPLICATE : Outcome.ACCEPTED,
            200,
            duplicate
                ? "event " + event.id() + " was accepted before; nothing new created"
                : "accepted as " + event.type(),
            Optional.of(event.id()),
            deliveryId,
            Optional.of(event.type())));
    return switch (publish.reply()) {
      case JSON ->
          InboundResponse.json(200, Json.ordered("id", event.id(), "duplicate", duplicate));
      case EMPTY -> new InboundResponse(200, "text/plain; charset=utf-8", "");
      case TWIML -> new InboundResponse(200, "text/xml; charset=utf-8", TWIML);
    };
  }

  private InboundResponse trigger(Source source, Trigger trigger) {
    Optional<WorkflowTrigger.Started> run;
    try {
      run = workflows.start(trigger.workflowName(), trigger.inputs(), trigger.idempotencyKey());
    } catch (WorkflowTrigger.InvalidInputsException e) {
      return reject(source.name(), 400, "invalid_inputs", e.getMessage());
    } catch (RuntimeException e) {
      log.warn("inbound {} could not start workflow {}", source.name(), trigger.workflowName(), e);
      log(
          entry(
              source.name(),
              Outcome.FAILED,
              503,
              "could not start workflow " + trigger.workflowName() + ": " + e,
              Optional.empty(),
              trigger.idempotencyKey(),
              Optional.empty()));
      return InboundResponse.error(
          503, "unavailable", "the workflow could not be started; send it again later");
    }
    if (run.isEmpty()) {
      // The name is the sender's; the log keeps that the name was unknown, not the name.
      log(
          entry(
              source.name(),
              Outcome.REJECTED,
              404,
              "unknown_workflow: the request named no workflow this server has",
              Optional.empty(),
              trigger.idempotencyKey(),
              Optional.empty()));
      return InboundResponse.error(
          404,
          "unknown_workflow",
          "no workflow named '"
              + printable(trigger.workflowName())
              + "'; workflows: "
              + workflows.names().stream().sorted().toList());
    }
    WorkflowTrigger.Started started = run.get();
    boolean running = started.status().equals("running");
    log(
        entry(
            source.name(),
            Outcome.ACCEPTED,
            running ? 202 : 200,
            "workflow "
                + trigger.workflowName()
                + " run "
                + started.runId()
                + " "
                + started.status(),
            Optional.empty(),
            trigger.idempotencyKey(),
            Optional.empty()));
    Map<String, Object> body =
        Json.ordered(
            "workflow", trigger.workflowName(),
            "run_id", started.runId(),
            "status", started.status());
    started.output().ifPresent(o -> body.put("output", o));
    started.error().ifPresent(e -> body.put("error", e));
    return InboundResponse.json(running ? 202 : 200, body);
  }

  private InboundResponse reject(String source, int status, String code, String message) {
    return reject(source, status, code, message, Optional.empty(), null);
  }

  private InboundResponse reject(
      String source,
      int status,
      String code,
      String message,
      Optional<String> deliveryId,
      String type) {
    log(
        entry(
            source,
            Outcome.REJECTED,
            status,
            code + ": " + message,
            Optional.empty(),
            deliveryId,
            Optional.ofNullable(type)));
    return InboundResponse.error(status, code, message);
  }

  /** Adds an entry to its (configured) source's log. */
  private void log(InboundLogEntry entry) {
    InboundLog log = logs.get(entry.source());
    if (log != null) {
      log.add(sequence.incrementAndGet(), entry);
    }
  }

  /** An entry whose texts are cut, so what a sender controls takes bounded room in the log. */
  private InboundLogEntry entry(
      String source,
      Outcome outcome,
      int status,
      String reason,
      Optional<String> eventId,
      Optional<String> deliveryId,
      Optional<String> type) {
    return new InboundLogEntry(
        clock.instant(),
        source,
        outcome,
        status,
        cut(reason),
        eventId,
        deliveryId.map(InboundWebhooks::cut),
        type.map(InboundWebhooks::cut));
  }

  private static String cut(String text) {
    if (text.length() <= MAX_LOGGED_TEXT) {
      return text;
    }
    int end =
        Character.isHighSurrogate(text.charAt(MAX_LOGGED_TEXT - 1))
            ? MAX_LOGGED_TEXT - 1
            : MAX_LOGGED_TEXT;
    return text.substring(0, end) + "...";
  }

  private static String errorCode(Verification verification) {
    return switch (verification.reason()) {
      case MISSING_HEADER -> "missing_signature";
      case TIMESTAMP_TOO_OLD, TIMESTAMP_TOO_NEW -> "stale_timestamp";
      default -> "invalid_signature";
    };
  }

  /** A name from the URL, safe to show: at most 100 characters, no control characters. */
  private static String printable(String name) {
    String cut = name.length() > 100 ? name.substring(0, 100) + "..." : name;
    return cut.codePoints()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }

  /** Configures {@link InboundWebhooks}. Not thread-safe; the built instance is. */
  public static final class Builder {
    private final Function<Event, PublishResult> accept;
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final Map<String, SourceConfig> configs = new LinkedHashMap<>();
    private WorkflowTrigger workflows = WorkflowTrigger.NONE;
    private Clock clock = Clock.systemUTC();
    private int logCapacity = DEFAULT_LOG_CAPACITY;

    private Builder(Function<Event, PublishResult> accept) {
      this.accept = Objects.requireNonNull(accept, "accept");
    }

    /**
     * Adds a source, reachable at {@code /webhooks/<its name>}.
     *
     * @throws IllegalArgumentException if a source of that name was added, or the source cannot be
     *     used (its name, type or header; a provider source without a secret)
     * @throws dev.hookline.signature.InvalidSecretException if a secret cannot be used
     */
    public Builder source(SourceConfig source) {
      Objects.requireNonNull(source, "source");
      if (configs.containsKey(source.name())) {
        throw new IllegalArgumentException("source '" + source.name() + "' is configured twice");
      }
      configs.put(source.name(), source);
      return this;
    }

    /**
     * Adds every source of the map (as {@code HooklineConfig.sources()} holds them).
     *
     * @throws IllegalArgumentException if a key differs from its source's name, or as {@link
     *     #source(SourceConfig)}
     */
    public Builder sources(Map<String, SourceConfig> sources) {
      sources.forEach(
          (name, source) -> {
            if (!name.equals(source.name())) {
              throw new IllegalArgumentException(
                  "source key '" + name + "' differs from its name '" + source.name() + "'");
            }
            source(source);
          });
      return this;
    }

    /** Starts workflows for {@code generic} sources; by default none is known. */
    public Builder workflows(WorkflowTrigger workflows) {
      this.workflows = Objects.requireNonNull(workflows, "workflows");
      return this;
    }

    /** The clock for timestamps: signature tolerance, event time and log time. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How many requests the inbound log of each source keeps; default {@value
     * InboundWebhooks#DEFAULT_LOG_CAPACITY}.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder logCapacity(int capacity) {
      if (capacity < 0) {
        throw new IllegalArgumentException("log capacity must not be negative, was " + capacity);
      }
      this.logCapacity = capacity;
      return this;
    }

    /**
     * Builds the inbound webhooks, checking every source.
     *
     * @throws IllegalArgumentException if a source cannot be used
     * @throws dev.hookline.signature.InvalidSecretException if a secret cannot be used
     */
    public InboundWebhooks build() {
      sources.clear();
      configs.forEach((name, config) -> sources.put(name, Source.create(config, clock)));
      return new InboundWebhooks(this);
    }
  }
}
