package dev.hookline.delivery;

import dev.hookline.event.Event;
import dev.hookline.format.FormatException;
import dev.hookline.format.LookupException;
import dev.hookline.format.Lookups;
import dev.hookline.format.NativeRequest;
import dev.hookline.routing.ContentType;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.store.Claimed;
import dev.hookline.store.StoreException;
import dev.hookline.template.Template;
import dev.hookline.template.TemplateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Attempts what a lane hands over: waits out a pause, an open circuit or a rate limit (giving the
 * deliveries back to the store), does an integration's look-ups, builds the request, sends it
 * through the interceptors and the endpoint's transport, and has the {@link Verdict} judge the
 * result for {@link Outcomes} to store. Then goes on with what the lane hands over next.
 * Thread-safe: called from the claimer, publishers, timers and the transports' threads.
 */
final class Attempts {
  private static final System.Logger LOG = System.getLogger(Attempts.class.getName());

  private final Clock clock;
  private final Outcomes outcomes;
  private final Transports transports;
  private final Lookups lookups;
  private final BiConsumer<String, String> onDisable;
  private final Duration disableAfter;

  Attempts(
      Clock clock,
      Outcomes outcomes,
      Transports transports,
      BiConsumer<String, String> onDisable,
      Duration disableAfter) {
    this.clock = clock;
    this.outcomes = outcomes;
    this.transports = transports;
    this.lookups = new Lookups(clock);
    this.onDisable = onDisable;
    this.disableAfter = disableAfter;
  }

  /**
   * Attempts {@code items}, then whatever the lane hands over each time an attempt ends without a
   * request (circuit open, rate limited, template error) — in a loop, not by recursion, so a long
   * queue behind an open circuit cannot overflow the stack.
   */
  void attempt(Lane lane, List<Claimed> items) {
    List<Claimed> next = items;
    while (!next.isEmpty()) {
      try {
        next = attemptOnce(lane, next);
      } catch (RuntimeException e) {
        // Not expected (attemptOnce gives back what it cannot send): a safety net, so that no
        // delivery is held forever.
        LOG.log(
            System.Logger.Level.WARNING,
            "attempt on endpoint " + lane.id + " failed before sending; retrying soon",
            e);
        outcomes.release(next, clock.instant().plusSeconds(5));
        next = lane.done();
      }
    }
  }

  /** Sends {@code items}, or decides not to; returns what the lane hands over next, if anything. */
  private List<Claimed> attemptOnce(Lane lane, List<Claimed> claimed) {
    Instant now = clock.instant();
    Optional<Instant> paused = lane.paused(now);
    if (paused.isPresent()) {
      // The service said its rate limit is spent until then: wait in the store, no attempt.
      outcomes.release(claimed, paused.get());
      return lane.done();
    }
    Endpoint endpoint = lane.endpoint();
    // What can never be sent dies first: it takes no rate-limit permit, waits for no circuit.
    List<Claimed> items = parseable(endpoint, claimed);
    if (items.isEmpty()) {
      lane.breaker.onSkipped();
      return lane.done();
    }
    try {
      return send(lane, endpoint, items, now);
    } catch (RuntimeException e) {
      // A store hiccup (a rate-limit permit on PostgreSQL, say) before the request left: give
      // these back to be tried again shortly, rather than losing track of them.
      LOG.log(
          System.Logger.Level.WARNING,
          "attempt on endpoint " + lane.id + " failed before sending; retrying soon",
          e);
      outcomes.release(items, clock.instant().plusSeconds(5));
      return lane.done();
    }
  }

  /** Sends {@code items} unless the circuit or a rate limit says to wait. */
  private List<Claimed> send(Lane lane, Endpoint endpoint, List<Claimed> items, Instant now) {
    Optional<Instant> open = lane.breaker.allow(now);
    if (open.isPresent()) {
      outcomes.release(items, open.get());
      return lane.done();
    }
    Optional<Instant> limited = lane.acquirePermit(now);
    if (limited.isPresent()) {
      lane.breaker.onSkipped();
      outcomes.release(items, limited.get());
      return lane.done();
    }
    Optional<Lookups.Lookup> lookup;
    try {
      lookup = lookups.next(endpoint, events(items));
    } catch (TemplateException | FormatException | HeaderValueException e) {
      return unsendable(lane, endpoint, items, e);
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      return unbuildable(lane, endpoint, items, e);
    }
    if (lookup.isPresent()) {
      return lookUpThenSend(lane, endpoint, items, now, lookup.get());
    }
    return sendNow(lane, endpoint, items, now);
  }

  /**
   * Sends what a format must look up first (Jira's user search for an assignee's account id),
   * straight to the transport (neither signed nor counted as an attempt), then the request itself.
   * A look-up that fails for good ends the deliveries dead with its reason; one that may succeed
   * later (408, 429, 5xx, no answer) counts as a failed attempt and is retried on the schedule.
   */
  private List<Claimed> lookUpThenSend(
      Lane lane, Endpoint endpoint, List<Claimed> items, Instant now, Lookups.Lookup lookup) {
    NativeRequest r = lookup.request();
    OutboundRequest request =
        new OutboundRequest(r.method(), r.url(), r.headers(), r.body(), endpoint.timeout());
    return whenSent(
        lane,
        endpoint,
        items,
        "a look-up for endpoint " + endpoint.id() + " could not be handled",
        () -> transports.lookups().send(request),
        answer -> afterLookUp(lane, endpoint, items, now, lookup, answer));
  }

  private List<Claimed> afterLookUp(
      Lane lane,
      Endpoint endpoint,
      List<Claimed> items,
      Instant now,
      Lookups.Lookup lookup,
      HttpResult answer) {
    try {
      if (answer.status().isEmpty()) {
        throw Lookups.unanswered(
            endpoint, lookup, Verdict.describe(answer.error().orElseThrow(), endpoint));
      }
      lookups.record(endpoint, lookup, answer.status().getAsInt(), answer.body());
    } catch (LookupException e) {
      if (e.retryable()) {
        return judge(lane, endpoint, items, now, HttpResult.failure(e, answer.duration()));
      }
      return unsendable(lane, endpoint, items, e);
    }
    return sendNow(lane, endpoint, items, now);
  }

  /** Builds the request (every look-up done) and sends it through the interceptors. */
  private List<Claimed> sendNow(Lane lane, Endpoint endpoint, List<Claimed> items, Instant now) {
    OutboundRequest request;
    try {
      request = Payloads.request(endpoint, items, lookups);
    } catch (TemplateException | FormatException | HeaderValueException e) {
      return unsendable(lane, endpoint, items, e);
    } catch (RuntimeException e) {
      return unbuildable(lane, endpoint, items, e);
    }
    List<String> ids = new ArrayList<>(items.size());
    for (Claimed c : items) {
      ids.add(c.delivery().id());
    }
    String messageId =
        items.size() == 1 ? items.get(0).delivery().eventId() : Dispatcher.batchId(ids);
    DeliveryContext ctx =
        new DeliveryContext(
            endpoint.id(), messageId, items, items.get(0).delivery().attempts(), clock.instant());
    Transport transport = transports.of(endpoint);
    return whenSent(
        lane,
        endpoint,
        items,
        "recording the outcome for endpoint " + endpoint.id() + " failed",
        () ->
            new RealChain(lane.interceptors(), 0, request, ctx, r -> transport.send(endpoint, r))
                .proceed(request),
        result -> judge(lane, endpoint, items, now, result));
  }

  /**
   * Sends with {@code sending} and hands the result to {@code then}. A result already there (an
   * interceptor threw before the network) is handled at once, and what the lane hands over next is
   * returned for the caller's loop rather than recursing; otherwise {@code then} runs when the
   * answer comes and the lane goes on from there. A {@code then} that throws (a bug) gives the
   * deliveries back for a later attempt rather than holding them forever.
   */
  private List<Claimed> whenSent(
      Lane lane,
      Endpoint endpoint,
      List<Claimed> items,
      String failure,
      Supplier<CompletableFuture<HttpResult>> sending,
      Function<HttpResult, List<Claimed>> then) {
    long started = System.nanoTime();
    CompletableFuture<HttpResult> future;
    try {
      future = sending.get();
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    if (future.isDone()) {
      HttpResult result;
      try {
        result = future.join();
      } catch (RuntimeException e) {
        result = failed(e, started);
      }
      return safely(lane, items, failure, then, result);
    }
    future.whenComplete(
        (result, error) ->
            attempt(
                lane,
                safely(
                    lane, items, failure, then, result != null ? result : failed(error, started))));
    return List.of();
  }

  private List<Claimed> safely(
      Lane lane,
      List<Claimed> items,
      String failure,
      Function<HttpResult, List<Claimed>> then,
      HttpResult result) {
    try {
      return then.apply(result);
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.ERROR, failure, t);
      outcomes.release(items, clock.instant().plusSeconds(30));
      return lane.done();
    }
  }

  /** Judges an attempt's result and stores it; returns what the lane hands over next. */
  private List<Claimed> judge(
      Lane lane, Endpoint endpoint, List<Claimed> items, Instant startedAt, HttpResult result) {
    Instant now = clock.instant();
    Verdict verdict = Verdict.of(endpoint, result, now);
    // Before the outcomes are stored: whatever follows them must already find the pause.
    verdict.pauseUntil().ifPresent(lane::pauseUntil);
    outcomes.attempted(endpoint, items, startedAt, result, verdict, now);
    switch (verdict.breaker()) {
      case SUCCESS -> lane.breaker.onSuccess();
      case NONE -> lane.breaker.onSkipped();
      case FAILURE -> {
        if (lane.breaker.onFailure(now)) {
          onDisable.accept(
              endpoint.id(),
              "it has failed every attempt for over " + disableAfter.toHours() + " hours");
        }
      }
    }
    verdict.disable().ifPresent(reason -> onDisable.accept(endpoint.id(), reason));
    return lane.done();
  }

  /**
   * The deliveries whose stored event parses, where the request needs it parsed (a template, a
   * native format); the others die at once with the reason; sending them can never work.
   */
  private List<Claimed> parseable(Endpoint endpoint, List<Claimed> claimed) {
    if (endpoint.format() == Format.RAW
        && endpoint.template().isEmpty()
        && endpoint.contentType() == ContentType.JSON
        && endpoint.headerTemplates().values().stream().noneMatch(Template::hasPlaceholders)) {
      return claimed; // sent as stored
    }
    List<Claimed> ok = new ArrayList<>(claimed.size());
    for (Claimed c : claimed) {
      try {
        c.event();
        ok.add(c);
      } catch (RuntimeException e) { // InvalidEventException, or a value out of range
        outcomes.unsent(c, endpoint, "its stored event does not parse: " + e.getMessage());
      }
    }
    return ok;
  }

  /** Ends deliveries whose request cannot be built (a template or format error) dead, unsent. */
  private List<Claimed> unsendable(
      Lane lane, Endpoint endpoint, List<Claimed> items, RuntimeException e) {
    String what =
        e instanceof TemplateException
            ? "template: "
            : e instanceof HeaderValueException ? "headers: " : "format: ";
    for (Claimed c : items) {
      outcomes.unsent(c, endpoint, what + e.getMessage());
    }
    lane.breaker.onSkipped();
    return lane.done();
  }

  /**
   * Ends deliveries dead whose request failed to build with an unexpected exception: building is a
   * pure function of the event and the endpoint, so trying again would fail the same way, forever.
   * Logged as an error, since it is a defect rather than bad input.
   */
  private List<Claimed> unbuildable(
      Lane lane, Endpoint endpoint, List<Claimed> items, RuntimeException e) {
    LOG.log(
        System.Logger.Level.ERROR,
        "building the request for endpoint " + endpoint.id() + " failed unexpectedly",
        e);
    for (Claimed c : items) {
      outcomes.unsent(c, endpoint, "cannot build the request: " + e);
    }
    lane.breaker.onSkipped();
    return lane.done();
  }

  private static List<Event> events(List<Claimed> items) {
    List<Event> events = new ArrayList<>(items.size());
    for (Claimed c : items) {
      events.add(c.event());
    }
    return events;
  }

  /** A send that ended in {@code error}, as a result without an answer. */
  private static HttpResult failed(Throwable error, long started) {
    Throwable cause =
        error == null ? new IllegalStateException("a send ended without result") : error;
    return HttpResult.failure(unwrap(cause), Duration.ofNanos(System.nanoTime() - started));
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
