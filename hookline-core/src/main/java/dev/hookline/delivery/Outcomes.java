package dev.hookline.delivery;

import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Ordering;
import dev.hookline.store.Attempt;
import dev.hookline.store.Claimed;
import dev.hookline.store.Completion;
import dev.hookline.store.Delivery;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.store.Release;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Settles deliveries: stores each attempt and its outcome as the verdict says (through the {@link
 * Recorder}), or gives deliveries back to the store unattempted; once stored, frees their room,
 * counts them in the metrics and tells the listeners. Thread-safe.
 */
final class Outcomes {
  private final Recorder recorder;
  private final Claimer claimer;
  private final EngineMetrics metrics;
  private final Listeners listeners;
  private final Clock clock;
  private final String node;

  Outcomes(
      Recorder recorder,
      Claimer claimer,
      EngineMetrics metrics,
      Listeners listeners,
      Clock clock,
      String node) {
    this.recorder = recorder;
    this.claimer = claimer;
    this.metrics = metrics;
    this.listeners = listeners;
    this.clock = clock;
    this.node = node;
  }

  /** Stores the attempt on {@code items} that started at {@code startedAt}, as judged. */
  void attempted(
      Endpoint endpoint,
      List<Claimed> items,
      Instant startedAt,
      HttpResult result,
      Verdict verdict,
      Instant now) {
    String snippet = snippet(result.body());
    for (Claimed c : items) {
      Delivery d = c.delivery();
      int number = d.attempts();
      Verdict.Step step =
          verdict.forAttempt(number, endpoint.retryPolicy(), now, ThreadLocalRandom.current());
      Attempt attempt =
          new Attempt(
              d.id(),
              d.endpointId(),
              number,
              startedAt,
              result.duration(),
              result.status(),
              step.error(),
              snippet.isEmpty() ? Optional.empty() : Optional.of(snippet),
              node);
      // The outcome (which needs the parsed event) is built only for listeners.
      Supplier<Optional<DeliveryOutcome>> outcome =
          () ->
              Optional.of(
                  new DeliveryOutcome(
                      endpoint,
                      c.event(),
                      d.id(),
                      number,
                      step.status(),
                      result.status(),
                      step.error(),
                      step.status() == DeliveryStatus.FAILED
                          ? Optional.of(step.next())
                          : Optional.empty(),
                      result.duration(),
                      result.bodyAsString(),
                      verdict.created()));
      Supplier<DeadDelivery> dead =
          step.status() == DeliveryStatus.DEAD
              ? () ->
                  new DeadDelivery(
                      d.endpointId(),
                      d.id(),
                      d.eventId(),
                      eventOf(c),
                      number,
                      step.error().orElse("failed"),
                      result.status())
              : null;
      recorder.complete(
          new Completion(attempt, step.status(), step.next(), node, verdict.created()),
          applied -> {
            settled(d.id());
            metrics.outcome(d.endpointId(), step.status(), result.duration());
            if (endpoint.ordering() == Ordering.FIFO) {
              claimer.wakeUp();
            }
            // Dead only if this node's outcome stood (another may have taken the delivery over).
            listeners.tell(d.id(), outcome, applied ? dead : null);
          });
    }
  }

  /**
   * Ends a delivery dead without a request (its endpoint gone or disabled, its event missing or
   * unparseable, a template error); {@code endpoint} is null when there is none to report.
   */
  void unsent(Claimed c, Endpoint endpoint, String error) {
    Instant now = clock.instant();
    Delivery d = c.delivery();
    Attempt attempt =
        new Attempt(
            d.id(),
            d.endpointId(),
            d.attempts(),
            now,
            Duration.ZERO,
            OptionalInt.empty(),
            Optional.of(error),
            Optional.empty(),
            node);
    recorder.complete(
        new Completion(attempt, DeliveryStatus.DEAD, now, node),
        applied -> {
          settled(d.id());
          // The event is parsed (if at all) on the listeners' thread, not on the recorder's.
          listeners.tell(
              d.id(),
              () ->
                  endpoint == null || eventOf(c).isEmpty()
                      ? Optional.empty()
                      : Optional.of(
                          new DeliveryOutcome(
                              endpoint,
                              c.event(),
                              d.id(),
                              d.attempts(),
                              DeliveryStatus.DEAD,
                              OptionalInt.empty(),
                              Optional.of(error),
                              Optional.empty(),
                              Duration.ZERO,
                              "",
                              Optional.empty())),
              !applied
                  ? null
                  : () ->
                      new DeadDelivery(
                          d.endpointId(),
                          d.id(),
                          d.eventId(),
                          eventOf(c),
                          d.attempts(),
                          error,
                          OptionalInt.empty()));
        });
  }

  /** Gives deliveries back to the store unattempted, due again at {@code at}. */
  void release(List<Claimed> items, Instant at) {
    for (Claimed c : items) {
      recorder.release(
          new Release(c.delivery().id(), c.delivery().attempts(), at, node),
          () -> {
            claimer.letGo(c.delivery().id());
            claimer.wakeUp();
          });
    }
  }

  private void settled(String deliveryId) {
    claimer.letGo(deliveryId);
    claimer.freed();
  }

  /** The delivery's event, unless it is missing or no longer parses. */
  private static Optional<Event> eventOf(Claimed c) {
    if (c.eventMissing()) {
      return Optional.empty();
    }
    try {
      return Optional.of(c.event());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The first KiB of the response as text (cut at a character boundary). */
  static String snippet(byte[] body) {
    if (body.length == 0) {
      return "";
    }
    int n = Math.min(body.length, Attempt.MAX_SNIPPET_BYTES);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(body, 0, n))
          .toString()
          .replace("\uFFFD", "")
          .replace("\u0000", ""); // PostgreSQL text cannot hold NUL
    } catch (CharacterCodingException e) {
      return "";
    }
  }
}
