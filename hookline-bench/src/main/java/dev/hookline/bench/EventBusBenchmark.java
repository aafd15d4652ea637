package dev.hookline.bench;

import com.google.common.eventbus.AllowConcurrentEvents;
import com.google.common.eventbus.Subscribe;
import dev.hookline.event.Event;
import dev.hookline.event.EventBus;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Emit-to-handler throughput of Hookline's {@link EventBus} against Guava's {@link
 * com.google.common.eventbus.EventBus}, synchronous dispatch on both, one thread, the same handler
 * body ({@link Sink#accept}) and the same {@link Event} instance.
 *
 * <ul>
 *   <li>{@code hooklineExact}: {@code handlers} handlers subscribed with {@code
 *       bus.on("prediction", ...)}; {@code emit} looks the type up in the bus's per-type cache and
 *       calls each handler on the calling thread.
 *   <li>{@code hooklinePrefix}: the same handlers subscribed with the prefix pattern {@code
 *       github.*}, emitting {@code github.pull_request.opened}; shows that pattern matching is paid
 *       once per type, not per emit.
 *   <li>{@code guava}: {@code handlers} listener objects, each with one
 *       {@code @Subscribe @AllowConcurrentEvents} method taking {@code Event}, registered on a
 *       default {@code new EventBus()} (synchronous: direct executor, per-thread queued
 *       dispatcher); {@code post} dispatches by the event's Java class.
 *       {@code @AllowConcurrentEvents} spares Guava the per-call {@code synchronized} it otherwise
 *       adds, since Hookline adds none.
 * </ul>
 *
 * <p>Neither side filters: every handler receives every event. Run: {@code java -jar
 * hookline-bench/target/hookline-bench.jar EventBusBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class EventBusBenchmark {
  /** Handlers on the emitted type. */
  @Param({"1", "10"})
  public int handlers;

  private final Sink sink = new Sink();
  private Event prediction;
  private Event pullRequest;
  private EventBus hookline;
  private EventBus hooklinePrefix;
  private com.google.common.eventbus.EventBus guava;

  /** The handler body both buses call: cheap, and a side effect the JIT cannot remove. */
  public static final class Sink {
    long received;

    void accept(Event event) {
      received++;
    }
  }

  /** A Guava listener: one subscriber method, as Guava requires. */
  public static final class GuavaListener {
    private final Sink sink;

    GuavaListener(Sink sink) {
      this.sink = sink;
    }

    /** Called by Guava for every posted {@link Event}. */
    @Subscribe
    @AllowConcurrentEvents
    public void on(Event event) {
      sink.accept(event);
    }
  }

  /** Builds the three buses with {@link #handlers} handlers each. */
  @Setup(Level.Trial)
  public void setUp() {
    prediction = Event.of("prediction", Map.of("confidence", 0.95));
    pullRequest = Event.of("github.pull_request.opened", Map.of("number", 42));
    hookline = EventBus.create();
    hooklinePrefix = EventBus.create();
    guava = new com.google.common.eventbus.EventBus();
    for (int i = 0; i < handlers; i++) {
      hookline.on("prediction", sink::accept);
      hooklinePrefix.on("github.*", sink::accept);
      guava.register(new GuavaListener(sink));
    }
  }

  /** Closes the Hookline buses. */
  @TearDown(Level.Trial)
  public void tearDown() {
    hookline.close();
    hooklinePrefix.close();
  }

  /** One emit to {@link #handlers} exact-type subscribers. */
  @Benchmark
  public int hooklineExact() {
    return hookline.emit(prediction);
  }

  /** One emit to {@link #handlers} prefix-pattern subscribers. */
  @Benchmark
  public int hooklinePrefix() {
    return hooklinePrefix.emit(pullRequest);
  }

  /** One post to {@link #handlers} Guava subscribers. */
  @Benchmark
  public long guava() {
    guava.post(prediction);
    return sink.received;
  }
}
