package dev.hookline.event;

import dev.hookline.HooklineException;
import dev.hookline.internal.Threads;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link EventBus}.
 *
 * <p>Subscriptions live in a copy-on-write array, replaced under a lock on subscribe and cancel,
 * together with a fresh per-type cache of matching registrations; {@code emit} reads both without
 * locking. Replacing the cache rather than clearing it means a lookup that raced a change can only
 * fill the old, unreachable cache, never leave a stale entry in the live one.
 */
final class RealEventBus implements EventBus {
  static final System.Logger LOG = System.getLogger(EventBus.class.getName());

  /** Distinct event types cached at once; beyond this the cache starts over (see resolve). */
  static final int MAX_CACHED_TYPES = 1024;

  /** Handler threads are numbered across all buses, so a name identifies one thread. */
  private static final ThreadFactory HANDLER_THREADS = Threads.virtualFactory("hookline-handler");

  /** The bus whose asynchronous handler the current thread is running, if any. */
  private static final ThreadLocal<RealEventBus> RUNNING_ASYNC = new ThreadLocal<>();

  private static final Registration[] NONE = new Registration[0];

  static final HandlerErrorHandler LOGGING_ERROR_HANDLER =
      context ->
          LOG.log(
              Level.ERROR,
              "event handler "
                  + context.handler().description()
                  + " (pattern "
                  + context.handler().pattern()
                  + ") failed on event "
                  + context.event().id()
                  + " of type "
                  + context.event().type(),
              context.exception());

  private final Executor executor;
  private final Optional<ExecutorService> ownedExecutor;
  private final HandlerErrorHandler errorHandler;
  private final Semaphore asyncPermits;

  private final Object writeLock = new Object();
  private volatile Registry registry = new Registry(NONE);

  private volatile boolean closed;
  private final AtomicInteger outstandingAsync = new AtomicInteger();
  private final ReentrantLock drainLock = new ReentrantLock();
  private final Condition drained = drainLock.newCondition();

  RealEventBus(Optional<Executor> executor, HandlerErrorHandler errorHandler, int maxPendingAsync) {
    this.ownedExecutor =
        executor.isPresent()
            ? Optional.empty()
            : Optional.of(Executors.newThreadPerTaskExecutor(HANDLER_THREADS));
    this.executor = executor.orElseGet(ownedExecutor::orElseThrow);
    this.errorHandler = errorHandler;
    this.asyncPermits = new Semaphore(maxPendingAsync);
  }

  // ---- subscribing ----

  @Override
  public Subscription on(String pattern, EventHandler handler) {
    return subscribe(pattern, handler, false);
  }

  @Override
  public Subscription onAsync(String pattern, EventHandler handler) {
    return subscribe(pattern, handler, true);
  }

  private Subscription subscribe(String pattern, EventHandler handler, boolean async) {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(handler, "handler");
    Registration registration =
        new Registration(EventPattern.compile(pattern), async, handler, describe(handler));
    add(List.of(registration));
    return registration;
  }

  @Override
  public Subscription register(Object listener) {
    Objects.requireNonNull(listener, "listener");
    return register(listener, Optional.empty());
  }

  @Override
  public Subscription register(Object listener, MethodHandles.Lookup lookup) {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(lookup, "lookup");
    return register(listener, Optional.of(lookup));
  }

  private Subscription register(Object listener, Optional<MethodHandles.Lookup> lookup) {
    List<Registration> registrations = new ArrayList<>();
    Set<String> patterns = new LinkedHashSet<>();
    for (ListenerMethods.Target t : ListenerMethods.scan(listener, lookup)) {
      registrations.add(new Registration(t.pattern(), t.async(), t.handler(), t.description()));
      patterns.add(t.pattern().pattern());
    }
    add(registrations);
    return new ListenerSubscription(List.copyOf(registrations), String.join(", ", patterns));
  }

  private void add(List<Registration> added) {
    synchronized (writeLock) {
      Registration[] current = registry.all;
      Registration[] next = Arrays.copyOf(current, current.length + added.size());
      for (int i = 0; i < added.size(); i++) {
        next[current.length + i] = added.get(i);
      }
      registry = new Registry(next);
    }
  }

  private void remove(List<Registration> removed) {
    synchronized (writeLock) {
      Registration[] current = registry.all;
      Registration[] next = new Registration[current.length];
      int n = 0;
      for (Registration r : current) {
        if (!removed.contains(r)) {
          next[n++] = r;
        }
      }
      if (n < current.length) {
        registry = new Registry(Arrays.copyOf(next, n));
      }
    }
  }

  private static String describe(EventHandler handler) {
    Class<?> type = handler.getClass();
    try {
      if (type.getMethod("toString").getDeclaringClass() != Object.class) {
        return handler.toString();
      }
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e); // every class has a public toString()
    }
    // A lambda's class is hidden and named Outer$$Lambda/0x...: the address is noise in a log.
    String name = type.getName();
    int slash = name.indexOf('/');
    return slash < 0 ? name : name.substring(0, slash);
  }

  @Override
  public List<HandlerInfo> handlers() {
    List<HandlerInfo> infos = new ArrayList<>();
    for (Registration r : registry.all) {
      if (r.active) {
        infos.add(r.info);
      }
    }
    return List.copyOf(infos);
  }

  /** Cached types, for tests of the cache bound. */
  int cachedTypes() {
    return registry.byType.size();
  }

  // ---- emitting ----

  @Override
  public int emit(Event event) {
    Objects.requireNonNull(event, "event");
    if (closed) {
      throw new HooklineException(
          "event bus is closed; event " + event.id() + " of type " + event.type() + " not emitted");
    }
    Registration[] matching = registry.matching(event.type());
    int dispatched = 0;
    for (Registration r : matching) {
      if (r.async ? submit(r, event) : invoke(r, event)) {
        dispatched++;
      }
    }
    return dispatched;
  }

  /** Runs a handler on this thread; false when it was cancelled meanwhile. */
  private boolean invoke(Registration r, Event event) {
    if (!r.active) {
      return false;
    }
    try {
      r.handler.handle(event);
    } catch (Throwable t) {
      failed(r, event, t);
    }
    return true;
  }

  /** Hands an invocation to the executor, waiting for a permit first; false when not submitted. */
  private boolean submit(Registration r, Event event) {
    if (!r.active) {
      return false;
    }
    boolean permit = asyncPermits.tryAcquire();
    if (!permit && RUNNING_ASYNC.get() != this) {
      try {
        asyncPermits.acquire();
        permit = true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed(r, event, e);
        return false;
      }
    }
    outstandingAsync.incrementAndGet();
    // Checked after counting, so close() either sees this invocation or we see close().
    if (closed) {
      finished(permit);
      failed(r, event, new RejectedExecutionException("event bus is closed"));
      return false;
    }
    try {
      executor.execute(new AsyncInvocation(r, event, permit));
      return true;
    } catch (RejectedExecutionException e) {
      finished(permit);
      failed(r, event, e);
      return false;
    }
  }

  private void finished(boolean permit) {
    if (permit) {
      asyncPermits.release();
    }
    if (outstandingAsync.decrementAndGet() == 0 && closed) {
      drainLock.lock();
      try {
        drained.signalAll();
      } finally {
        drainLock.unlock();
      }
    }
  }

  private void failed(Registration r, Event event, Throwable t) {
    if (t instanceof InterruptedException) {
      Thread.currentThread().interrupt(); // keep the interrupt for the code that emitted
    }
    try {
      errorHandler.handleError(new HandlerErrorContext(this, event, r.info, r, t));
    } catch (Throwable e) {
      LOG.log(
          Level.ERROR,
          "error handler failed on the failure of "
              + r.info.description()
              + " for event "
              + event.id()
              + "; the original failure follows",
          e);
      LOG.log(Level.ERROR, "original failure of " + r.info.description(), t);
    }
    if (t instanceof VirtualMachineError fatal) {
      throw fatal;
    }
  }

  /** One asynchronous handler call; also a Runnable so that no lambda is allocated besides it. */
  private final class AsyncInvocation implements Runnable {
    private final Registration registration;
    private final Event event;
    private final boolean permit;

    AsyncInvocation(Registration registration, Event event, boolean permit) {
      this.registration = registration;
      this.event = event;
      this.permit = permit;
    }

    @Override
    public void run() {
      RealEventBus previous = RUNNING_ASYNC.get();
      RUNNING_ASYNC.set(RealEventBus.this);
      try {
        invoke(registration, event); // skipped if cancelled while queued
      } finally {
        if (previous == null) {
          RUNNING_ASYNC.remove();
        } else {
          RUNNING_ASYNC.set(previous);
        }
        finished(permit);
      }
    }

    @Override
    public String toString() {
      return "event " + event.id() + " -> " + registration.info.description();
    }
  }

  // ---- closing ----

  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }

  @Override
  public boolean close(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    closed = true;
    if (RUNNING_ASYNC.get() == this) {
      // Waiting here would wait for ourselves, and interrupting would interrupt ourselves.
      ownedExecutor.ifPresent(ExecutorService::shutdown);
      return false;
    }
    boolean done = awaitDrained(timeout);
    ownedExecutor.ifPresent(
        e -> {
          if (done) {
            e.shutdown();
          } else {
            e.shutdownNow(); // interrupts the handlers still running
          }
        });
    return done;
  }

  private boolean awaitDrained(Duration timeout) {
    long nanos = timeout.toNanos();
    drainLock.lock();
    try {
      while (outstandingAsync.get() > 0) {
        if (nanos <= 0) {
          return false;
        }
        nanos = drained.awaitNanos(nanos);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return outstandingAsync.get() == 0;
    } finally {
      drainLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "EventBus{handlers=" + registry.all.length + (closed ? ", closed" : "") + "}";
  }

  // ---- state ----

  /** A snapshot of the subscriptions and the cache of matches computed from it. */
  private static final class Registry {
    final Registration[] all;
    final ConcurrentHashMap<String, Registration[]> byType = new ConcurrentHashMap<>();

    Registry(Registration[] all) {
      this.all = all;
    }

    Registration[] matching(String type) {
      Registration[] cached = byType.get(type);
      return cached != null ? cached : resolve(type);
    }

    private Registration[] resolve(String type) {
      int n = 0;
      Registration[] found = new Registration[all.length];
      for (Registration r : all) {
        if (r.pattern.matches(type)) {
          found[n++] = r;
        }
      }
      Registration[] matches = n == 0 ? NONE : Arrays.copyOf(found, n);
      // Unbounded distinct types (ids in the type, say) must not grow memory without end. Starting
      // over is crude but cheap, and a miss costs no more than an uncached emit.
      if (byType.size() >= MAX_CACHED_TYPES) {
        byType.clear();
      }
      byType.put(type, matches);
      return matches;
    }
  }

  /** One handler on the bus; also its own {@link Subscription}. */
  private final class Registration implements Subscription {
    final EventPattern pattern;
    final boolean async;
    final EventHandler handler;
    final HandlerInfo info;
    volatile boolean active = true;

    Registration(EventPattern pattern, boolean async, EventHandler handler, String description) {
      this.pattern = pattern;
      this.async = async;
      this.handler = handler;
      this.info = new HandlerInfo(pattern.pattern(), async, description);
    }

    @Override
    public void cancel() {
      // The flag stops emits that already hold a snapshot; the removal keeps new ones from finding
      // this registration at all.
      active = false;
      remove(List.of(this));
    }

    @Override
    public String pattern() {
      return pattern.pattern();
    }

    @Override
    public boolean isActive() {
      return active;
    }

    @Override
    public String toString() {
      return "Subscription{" + info.pattern() + " -> " + info.description() + "}";
    }
  }

  /** The subscription of a listener object: all of its {@link On} methods. */
  private final class ListenerSubscription implements Subscription {
    private final List<Registration> registrations;
    private final String patterns;

    ListenerSubscription(List<Registration> registrations, String patterns) {
      this.registrations = registrations;
      this.patterns = patterns;
    }

    @Override
    public void cancel() {
      for (Registration r : registrations) {
        r.active = false;
      }
      remove(registrations);
    }

    @Override
    public String pattern() {
      return patterns;
    }

    @Override
    public boolean isActive() {
      for (Registration r : registrations) {
        if (r.active) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return "Subscription{" + patterns + " -> " + registrations.size() + " methods}";
    }
  }
}
