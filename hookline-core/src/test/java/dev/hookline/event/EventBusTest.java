package dev.hookline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.HooklineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Synchronous dispatch: patterns, order, cancellation, failures, listing. */
class EventBusTest {
  private final List<HandlerErrorContext> errors = new CopyOnWriteArrayList<>();
  private final EventBus bus = EventBus.builder().errorHandler(errors::add).build();

  @AfterEach
  void closeBus() {
    bus.close();
  }

  private static Event event(String type) {
    return Event.of(type, Map.of());
  }

  /** Subscribes a handler that records the types it receives. */
  private List<String> received(String pattern) {
    List<String> types = new CopyOnWriteArrayList<>();
    bus.on(pattern, e -> types.add(e.type()));
    return types;
  }

  private void emitAll(String... types) {
    for (String type : types) {
      bus.emit(event(type));
    }
  }

  @Test
  void exactPatternReceivesOnlyThatType() {
    List<String> types = received("pattern_learned");

    emitAll("pattern_learned", "pattern_learned.v2", "pattern_learnedx", "prediction");

    assertThat(types).containsExactly("pattern_learned");
  }

  @Test
  void starReceivesEveryType() {
    List<String> types = received("*");

    emitAll("prediction", "github.push", "github.pull_request.opened");

    assertThat(types).containsExactly("prediction", "github.push", "github.pull_request.opened");
  }

  @Test
  void prefixPatternReceivesEveryTypeBelowItAtAnyDepth() {
    List<String> types = received("github.*");

    emitAll("github.push", "github.pull_request.opened", "github", "githubx.push", "gitlab.push");

    assertThat(types).containsExactly("github.push", "github.pull_request.opened");
  }

  @Test
  void segmentGlobMatchesWithinOneSegmentOnly() {
    List<String> failures = received("tool_execution_*");
    List<String> levels = received("level_*_prediction");
    List<String> opened = received("*.opened");

    emitAll(
        "tool_execution_failed",
        "tool_execution_failed.retry",
        "level_4_prediction",
        "level_4_prediction.extra",
        "issue.opened",
        "github.issue.opened");

    assertThat(failures).containsExactly("tool_execution_failed");
    assertThat(levels).containsExactly("level_4_prediction");
    assertThat(opened).containsExactly("issue.opened");
  }

  @Test
  void emitReturnsHowManyHandlersTheEventWasDispatchedTo() {
    bus.on("prediction", e -> {});
    bus.on("*", e -> {});
    bus.on("github.*", e -> {});

    int toPrediction = bus.emit(event("prediction"));
    int toPush = bus.emit(event("github.push"));
    int toNobody = bus.emit(event("nothing_listens"));

    assertThat(toPrediction).isEqualTo(2);
    assertThat(toPush).isEqualTo(2);
    assertThat(toNobody).isEqualTo(1);
  }

  @Test
  void emitWithNoMatchingHandlerReturnsZero() {
    bus.on("prediction", e -> {});

    assertThat(bus.emit(event("trust_milestone"))).isZero();
  }

  @Test
  void handlersRunOnTheEmittingThreadInSubscriptionOrder() {
    List<String> calls = new ArrayList<>();
    AtomicReference<Thread> handlerThread = new AtomicReference<>();
    bus.on("github.*", e -> calls.add("prefix-1"));
    bus.on("github.push", e -> calls.add("exact-2"));
    bus.on("*", e -> calls.add("all-3"));
    bus.on(
        "github.push",
        e -> {
          calls.add("exact-4");
          handlerThread.set(Thread.currentThread());
        });
    bus.on("git*.push", e -> calls.add("glob-5"));

    bus.emit(event("github.push"));

    assertThat(calls).containsExactly("prefix-1", "exact-2", "all-3", "exact-4", "glob-5");
    assertThat(handlerThread.get()).isSameAs(Thread.currentThread());
  }

  @Test
  void handlerSubscribedAfterATypeWasCachedReceivesIt() {
    List<String> early = received("prediction");
    bus.emit(event("prediction"));

    List<String> late = received("predict*");
    bus.emit(event("prediction"));

    assertThat(early).hasSize(2);
    assertThat(late).containsExactly("prediction");
  }

  @Test
  void cacheOfEventTypesStaysBounded() {
    bus.on("*", e -> {});

    for (int i = 0; i < RealEventBus.MAX_CACHED_TYPES * 3; i++) {
      bus.emit(event("type_" + i));
    }

    assertThat(((RealEventBus) bus).cachedTypes())
        .isPositive()
        .isLessThanOrEqualTo(RealEventBus.MAX_CACHED_TYPES);
  }

  @Test
  void invalidPatternIsRejectedAtSubscription() {
    assertThatThrownBy(() -> bus.on("github..push", e -> {}))
        .isInstanceOf(HooklineException.class)
        .hasMessageContaining("github..push");
  }

  @Test
  void cancelledHandlerReceivesNothingMore() {
    List<String> types = new ArrayList<>();
    Subscription subscription = bus.on("prediction", e -> types.add(e.type()));
    bus.emit(event("prediction"));

    subscription.cancel();
    int dispatched = bus.emit(event("prediction"));

    assertThat(types).hasSize(1);
    assertThat(dispatched).isZero();
    assertThat(subscription.isActive()).isFalse();
    assertThat(subscription.pattern()).isEqualTo("prediction");
  }

  @Test
  void cancelIsIdempotentAndLeavesOtherHandlersSubscribed() {
    List<String> kept = received("prediction");
    Subscription subscription = bus.on("prediction", e -> {});

    subscription.cancel();
    subscription.cancel();
    bus.emit(event("prediction"));

    assertThat(kept).hasSize(1);
    assertThat(bus.handlers()).hasSize(1);
  }

  @Test
  void handlerCanCancelItselfToRunOnlyOnce() {
    List<String> ids = new ArrayList<>();
    AtomicReference<Subscription> self = new AtomicReference<>();
    self.set(
        bus.on(
            "prediction",
            e -> {
              ids.add(e.id());
              self.get().cancel();
            }));

    bus.emit(event("prediction"));
    bus.emit(event("prediction"));

    assertThat(ids).hasSize(1);
  }

  @Test
  void handlerCancelledByAnEarlierHandlerOfTheSameEventIsNotCalled() {
    List<String> calls = new ArrayList<>();
    AtomicReference<Subscription> second = new AtomicReference<>();
    bus.on("prediction", e -> second.get().cancel());
    second.set(bus.on("prediction", e -> calls.add("second")));

    int dispatched = bus.emit(event("prediction"));

    assertThat(calls).isEmpty();
    assertThat(dispatched).isEqualTo(1);
  }

  @Test
  void throwingHandlerDoesNotStopTheOthersAndReachesTheErrorHandler() {
    List<String> calls = new ArrayList<>();
    bus.on("prediction", e -> calls.add("first"));
    IllegalStateException boom = new IllegalStateException("boom");
    Subscription failing =
        bus.on(
            "predict*",
            e -> {
              throw boom;
            });
    bus.on("prediction", e -> calls.add("third"));
    Event event = event("prediction");

    int dispatched = bus.emit(event);

    assertThat(calls).containsExactly("first", "third");
    assertThat(dispatched).isEqualTo(3);
    assertThat(errors).hasSize(1);
    HandlerErrorContext error = errors.get(0);
    assertThat(error.bus()).isSameAs(bus);
    assertThat(error.event()).isSameAs(event);
    assertThat(error.exception()).isSameAs(boom);
    assertThat(error.subscription()).isSameAs(failing);
    assertThat(error.handler().pattern()).isEqualTo("predict*");
    assertThat(error.handler().async()).isFalse();
    assertThat(error.handler().description()).startsWith(EventBusTest.class.getName());
  }

  @Test
  void checkedExceptionFromHandlerReachesTheErrorHandler() {
    bus.on(
        "prediction",
        e -> {
          throw new IOException("disk full");
        });

    bus.emit(event("prediction"));

    assertThat(errors)
        .singleElement()
        .satisfies(
            error ->
                assertThat(error.exception())
                    .isInstanceOf(IOException.class)
                    .hasMessage("disk full"));
  }

  @Test
  void errorHandlerCanCancelTheFailingHandler() {
    List<String> calls = new ArrayList<>();
    EventBus cancelling =
        EventBus.builder().errorHandler(ctx -> ctx.subscription().cancel()).build();
    cancelling.on(
        "prediction",
        e -> {
          calls.add(e.id());
          throw new IllegalStateException("always fails");
        });

    cancelling.emit(event("prediction"));
    cancelling.emit(event("prediction"));

    assertThat(calls).hasSize(1);
    cancelling.close();
  }

  @Test
  void throwingErrorHandlerIsContainedAndTheOtherHandlersStillRun() {
    List<String> calls = new ArrayList<>();
    EventBus fragile =
        EventBus.builder()
            .errorHandler(
                ctx -> {
                  throw new IllegalStateException("error handler is broken too");
                })
            .build();
    fragile.on(
        "prediction",
        e -> {
          throw new IllegalArgumentException("handler fails");
        });
    fragile.on("prediction", e -> calls.add("after"));

    int dispatched = fragile.emit(event("prediction"));

    assertThat(calls).containsExactly("after");
    assertThat(dispatched).isEqualTo(2);
    fragile.close();
  }

  @Test
  void handlerThrowingInterruptedExceptionLeavesTheEmitterInterrupted() {
    bus.on(
        "prediction",
        e -> {
          throw new InterruptedException("stop");
        });

    bus.emit(event("prediction"));

    assertThat(Thread.interrupted()).isTrue(); // also clears it for the next test
    assertThat(errors)
        .singleElement()
        .satisfies(error -> assertThat(error.exception()).isInstanceOf(InterruptedException.class));
  }

  @Test
  void fatalVirtualMachineErrorIsReportedThenRethrown() {
    OutOfMemoryError oom = new OutOfMemoryError("simulated");
    bus.on(
        "prediction",
        e -> {
          throw oom;
        });

    assertThatThrownBy(() -> bus.emit(event("prediction"))).isSameAs(oom);
    assertThat(errors)
        .singleElement()
        .satisfies(error -> assertThat(error.exception()).isSameAs(oom));
  }

  @Test
  void handlersListsActiveHandlersInSubscriptionOrder() {
    bus.on("prediction", e -> {});
    Subscription cancelled = bus.on("cancelled", e -> {});
    bus.onAsync("github.*", new NamedHandler());
    cancelled.cancel();

    List<HandlerInfo> handlers = bus.handlers();

    assertThat(handlers).hasSize(2);
    assertThat(handlers.get(0).pattern()).isEqualTo("prediction");
    assertThat(handlers.get(0).async()).isFalse();
    assertThat(handlers.get(0).description()).isEqualTo(EventBusTest.class.getName() + "$$Lambda");
    assertThat(handlers.get(1)).isEqualTo(new HandlerInfo("github.*", true, "slack notifier"));
  }

  @Test
  void emitAfterCloseThrows() {
    bus.on("prediction", e -> {});

    bus.close();

    assertThatThrownBy(() -> bus.emit(event("prediction")))
        .isInstanceOf(HooklineException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void invalidBuilderSettingsAreRejected() {
    assertThatThrownBy(() -> EventBus.builder().maxPendingAsync(0))
        .isInstanceOf(HooklineException.class)
        .hasMessageContaining("maxPendingAsync");
  }

  private static final class NamedHandler implements EventHandler {
    @Override
    public void handle(Event event) {}

    @Override
    public String toString() {
      return "slack notifier";
    }
  }
}
