package dev.hookline.event;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.HooklineException;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Listener objects with {@link On} methods. */
class EventBusListenerTest {
  private final List<HandlerErrorContext> errors = new CopyOnWriteArrayList<>();
  private final EventBus bus = EventBus.builder().errorHandler(errors::add).build();

  @AfterEach
  void closeBus() {
    bus.close();
  }

  private static Event event(String type) {
    return Event.of(type, Map.of());
  }

  /** Private class, private methods: the bus must reach them anyway. */
  private static final class Notifications {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final CountDownLatch asyncCall = new CountDownLatch(1);
    volatile boolean asyncOnVirtualThread;

    @On("pattern_learned")
    private void patternLearned(Event event) {
      calls.add("patternLearned:" + event.type());
    }

    @On({"github.*", "gitlab.*"})
    void scm(Event event) {
      calls.add("scm:" + event.type());
    }

    @On("trust_milestone")
    @On(value = "level_*_prediction", async = true)
    private void milestoneOrPrediction(Event event) {
      if (Thread.currentThread().isVirtual()) {
        asyncOnVirtualThread = true;
        asyncCall.countDown();
      } else {
        calls.add("milestone:" + event.type());
      }
    }

    @On("tick")
    private void tick() {
      calls.add("tick");
    }

    void notAHandler(Event event) {
      calls.add("notAHandler");
    }
  }

  @Test
  void registerSubscribesEveryAnnotatedMethodWhateverItsVisibility() {
    Notifications listener = new Notifications();

    bus.register(listener);
    bus.emit(event("pattern_learned"));
    bus.emit(event("github.push"));
    bus.emit(event("gitlab.merge_request"));
    bus.emit(event("trust_milestone"));
    bus.emit(event("tick"));

    assertThat(listener.calls)
        .containsExactly(
            "patternLearned:pattern_learned",
            "scm:github.push",
            "scm:gitlab.merge_request",
            "milestone:trust_milestone",
            "tick");
  }

  @Test
  void asyncAnnotatedMethodRunsOnAVirtualThread() throws Exception {
    Notifications listener = new Notifications();
    bus.register(listener);

    int dispatched = bus.emit(event("level_4_prediction"));

    assertThat(dispatched).isEqualTo(1);
    assertThat(listener.asyncCall.await(10, SECONDS)).isTrue();
    assertThat(listener.asyncOnVirtualThread).isTrue();
  }

  @Test
  void cancellingTheListenerSubscriptionCancelsAllItsHandlers() {
    Notifications listener = new Notifications();
    Subscription subscription = bus.register(listener);

    subscription.cancel();
    int dispatched =
        bus.emit(event("pattern_learned"))
            + bus.emit(event("github.push"))
            + bus.emit(event("level_4_prediction"));

    assertThat(dispatched).isZero();
    assertThat(listener.calls).isEmpty();
    assertThat(subscription.isActive()).isFalse();
    assertThat(bus.handlers()).isEmpty();
  }

  @Test
  void listenerSubscriptionNamesItsPatterns() {
    Subscription subscription = bus.register(new Notifications());

    assertThat(subscription.pattern())
        .isEqualTo(
            "trust_milestone, level_*_prediction, pattern_learned, github.*, gitlab.*, tick");
    assertThat(subscription.isActive()).isTrue();
  }

  @Test
  void handlersDescribeAnnotatedMethodsByClassAndName() {
    bus.register(new Notifications());

    List<HandlerInfo> handlers = bus.handlers();

    String owner = Notifications.class.getName();
    assertThat(handlers)
        .containsExactly(
            new HandlerInfo("trust_milestone", false, owner + ".milestoneOrPrediction(Event)"),
            new HandlerInfo("level_*_prediction", true, owner + ".milestoneOrPrediction(Event)"),
            new HandlerInfo("pattern_learned", false, owner + ".patternLearned(Event)"),
            new HandlerInfo("github.*", false, owner + ".scm(Event)"),
            new HandlerInfo("gitlab.*", false, owner + ".scm(Event)"),
            new HandlerInfo("tick", false, owner + ".tick()"));
  }

  @Test
  void annotatedMethodsAreCalledThroughGeneratedClassesNotReflection() {
    List<ListenerMethods.Target> targets =
        ListenerMethods.scan(new Notifications(), java.util.Optional.empty());

    assertThat(targets)
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.handler().getClass().isHidden()).isTrue());
  }

  private static final class Failing {
    @On("prediction")
    void explode(Event event) throws Exception {
      throw new java.io.IOException("cannot write " + event.id());
    }
  }

  @Test
  void failingAnnotatedMethodReachesTheErrorHandlerNamedByMethod() {
    bus.register(new Failing());

    bus.emit(event("prediction"));

    assertThat(errors)
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.handler().description())
                  .isEqualTo(Failing.class.getName() + ".explode(Event)");
              assertThat(error.exception()).isInstanceOf(java.io.IOException.class);
            });
  }

  private static class Base {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @On("prediction")
    void onPrediction(Event event) {
      calls.add("base");
    }
  }

  private static final class Derived extends Base {
    @Override
    void onPrediction(Event event) {
      calls.add("derived");
    }
  }

  @Test
  void annotatedSuperclassMethodIsCalledOnceThroughItsOverride() {
    Derived listener = new Derived();
    bus.register(listener);

    bus.emit(event("prediction"));

    assertThat(listener.calls).containsExactly("derived");
  }

  @Test
  void registerWithAnExplicitLookupWorks() {
    Notifications listener = new Notifications();

    bus.register(listener, MethodHandles.lookup());
    bus.emit(event("tick"));

    assertThat(listener.calls).containsExactly("tick");
  }

  private static final class TwoParameters {
    @On("prediction")
    void handle(Event event, String extra) {}
  }

  private static final class WrongParameterType {
    @On("prediction")
    void handle(String event) {}
  }

  private static final class ReturnsValue {
    @On("prediction")
    boolean handle(Event event) {
      return true;
    }
  }

  private static final class StaticMethod {
    @On("prediction")
    static void handle(Event event) {}
  }

  private static final class BadPattern {
    @On("github..push")
    void handle(Event event) {}
  }

  @Test
  void methodWithTwoParametersIsRejectedNamingClassAndMethod() {
    assertThatThrownBy(() -> bus.register(new TwoParameters()))
        .isInstanceOf(HooklineException.class)
        .hasMessageContaining(TwoParameters.class.getName() + ".handle(Event, String)")
        .hasMessageContaining("single dev.hookline.event.Event parameter");
  }

  @Test
  void methodWithAParameterOtherThanEventIsRejected() {
    assertThatThrownBy(() -> bus.register(new WrongParameterType()))
        .isInstanceOf(HooklineException.class)
        .hasMessageContaining(WrongParameterType.class.getName() + ".handle(String)");
  }

  @Test
  void methodReturningAValueIsRejected() {
    assertThatThrownBy(() -> bus.register(new ReturnsValue()))
        .isInstanceOf(HooklineException.class)
        .hasMessageContaining(ReturnsValue.class.getName() + ".handle(Event)")
        .hasMessageContaining("must return void");
  }

  @Test
  void staticMethodIsRejected() {
    assertThatThrownBy(() -> bus.register(new StaticMethod()))
        .isInstanceOf(HooklineException.class)
        .hasMessageContaining(StaticMethod.class.getName() + ".handle(Event)")
        .hasMessageContaining("static");
  }

  @Test
  void invalidPatternIsRejectedNamingTheMethod() {
    assertThatThrownBy(() -> bus.register(new BadPattern()))
        .isInstanceOf(HooklineException.class)
        .hasMessageContaining(BadPattern.class.getName() + ".handle(Event)")
        .hasMessageContaining("github..push");
  }

  @Test
  void objectWithoutAnnotatedMethodsIsRejected() {
    assertThatThrownBy(() -> bus.register(new Object()))
        .isInstanceOf(HooklineException.class)
        .hasMessageContaining("no @On methods on java.lang.Object");
  }

  @Test
  void rejectedListenerSubscribesNothing() {
    assertThatThrownBy(() -> bus.register(new ReturnsValue()))
        .isInstanceOf(HooklineException.class);

    assertThat(bus.handlers()).isEmpty();
  }
}
