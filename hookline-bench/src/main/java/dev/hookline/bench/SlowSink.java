package dev.hookline.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Many slow webhook receivers in one server: every request is answered after a fixed delay, and one
 * in {@code failOneIn} deliveries is answered {@code 503} on its first attempt (its retry
 * succeeds), as receivers that do real work before answering.
 *
 * <p>A delivery is identified by its {@value Sink#ID_HEADER} header (the event id) and the request
 * path (the endpoint, {@code /e/<n>}): {@link #key}. Which deliveries fail is decided from that key
 * ({@code hash % failOneIn == 0}), so it does not depend on timing, and only once per key.
 *
 * <p>The handler never blocks a thread: it returns at once and a scheduler completes the response
 * after the delay, so thousands of requests can wait at the same time on a few threads. The number
 * of requests waiting for their answer is the receivers' in-flight count; its peak is kept.
 *
 * <p>Endpoints are distinct HTTP destinations, as real receivers are: the server listens on the
 * wildcard address and {@link #url} gives endpoint {@code n} the host {@code 127.0.a.b} (Linux
 * routes all of 127/8 to loopback). On a single {@code 127.0.0.1:port} every endpoint would share
 * one connection pool of the client (Jetty pools per host and port), capped at Hookline's
 * per-endpoint limit, and that pool — not the receivers' concurrency — would bound the run.
 * Listening on {@code 0.0.0.0} exposes the port to the network for the length of a run; it answers
 * nothing but empty {@code 200}s and {@code 503}s.
 */
final class SlowSink implements AutoCloseable {
  private final Duration delay;
  private final int failOneIn;
  private final Server server;
  private final ServerConnector connector;
  private final ScheduledExecutorService scheduler;
  private final LongAdder requests = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final AtomicLong current = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();
  private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
  private volatile Tracking tracking;

  private SlowSink(Duration delay, int failOneIn) {
    this.delay = Objects.requireNonNull(delay, "delay");
    if (failOneIn < 0) {
      throw new IllegalArgumentException("failOneIn must not be negative, got " + failOneIn);
    }
    this.failOneIn = failOneIn;
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("slow-sink-answer").daemon().unstarted(r));
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("slow-sink");
    threads.setDaemon(true);
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("0.0.0.0");
    connector.setPort(0);
    connector.setAcceptQueueSize(4096);
    server.addConnector(connector);
    server.setHandler(new Answer());
    try {
      server.start();
    } catch (Exception e) {
      scheduler.shutdownNow();
      throw new IllegalStateException("slow sink could not start", e);
    }
  }

  /**
   * Starts receivers that answer after {@code delay}, {@code 503} for one delivery in {@code
   * failOneIn} on its first attempt (0: never).
   */
  static SlowSink start(Duration delay, int failOneIn) {
    return new SlowSink(delay, failOneIn);
  }

  int port() {
    return connector.getLocalPort();
  }

  /** Endpoint {@code n}'s URL: {@code http://127.0.a.b:<port>/e/<n>}, a host of its own. */
  URI url(int n) {
    if (n < 0 || n >= 250 * 250) {
      throw new IllegalArgumentException("endpoint number out of range: " + n);
    }
    return URI.create("http://127.0." + (n / 250) + "." + (n % 250 + 1) + ":" + port() + "/e/" + n);
  }

  /** The key of event {@code eventId}'s delivery to endpoint {@code n}, as the sink sees it. */
  static String key(String eventId, int n) {
    return eventId + " /e/" + n;
  }

  long requests() {
    return requests.sum();
  }

  long accepted() {
    return accepted.sum();
  }

  long rejected() {
    return rejected.sum();
  }

  /** Most requests waiting for their answer at once since {@link #reset}. */
  long peakInFlight() {
    return peak.get();
  }

  /** Requests waiting for their answer now. */
  long inFlight() {
    return current.get();
  }

  /**
   * Starts tracking deliveries keyed by {@link #key}: the sender puts {@code key →
   * System.nanoTime()} before publishing, the sink removes it at the {@code 200} answer.
   */
  void expect(ConcurrentMap<String, Long> sentAtNanos) {
    tracking = new Tracking(Objects.requireNonNull(sentAtNanos, "sentAtNanos"));
  }

  long distinct() {
    Tracking t = tracking;
    return t == null ? 0 : t.distinct.size();
  }

  /** Waits until {@code count} distinct deliveries were answered {@code 200}, or the timeout. */
  boolean awaitDistinct(long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (distinct() < count) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  /** What arrived since {@link #expect}, as {@link Sink#report()} says it. */
  Sink.Report report() {
    Tracking t = tracking;
    if (t == null) {
      throw new IllegalStateException("not tracking: call expect(sentAtNanos) first");
    }
    return new Sink.Report(
        t.distinct.size(),
        t.duplicates.sum(),
        t.unmatched.sum(),
        t.sentAt.size(),
        t.nanos.getTotalCount() == 0
            ? Optional.empty()
            : Optional.of(Latency.ofNanos(t.nanos.copy())));
  }

  /** Zeroes the counters and the peak, and stops tracking. */
  void reset() {
    tracking = null;
    requests.reset();
    accepted.reset();
    rejected.reset();
    peak.set(current.get());
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("slow sink did not stop cleanly", e);
    } finally {
      scheduler.shutdownNow();
    }
  }

  private boolean failsFirst(String key) {
    return failOneIn > 0
        && Math.floorMod(IdSet.hash(key), (long) failOneIn) == 0
        && failedOnce.add(key);
  }

  private static final class Tracking {
    final ConcurrentMap<String, Long> sentAt;
    final IdSet distinct = new IdSet();
    final ConcurrentHistogram nanos = new ConcurrentHistogram(3);
    final LongAdder duplicates = new LongAdder();
    final LongAdder unmatched = new LongAdder();

    Tracking(ConcurrentMap<String, Long> sentAt) {
      this.sentAt = sentAt;
    }

    void delivered(String key, long now) {
      if (!distinct.add(key)) {
        duplicates.increment();
        return;
      }
      Long sent = sentAt.remove(key);
      if (sent == null) {
        unmatched.increment();
      } else {
        nanos.recordValue(Math.max(0, now - sent));
      }
    }
  }

  private final class Answer extends Handler.Abstract.NonBlocking {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      requests.increment();
      peak.accumulateAndGet(current.incrementAndGet(), Math::max);
      // The same string as key(eventId, n) for a request to url(n).
      String key =
          Objects.requireNonNullElse(request.getHeaders().get(Sink.ID_HEADER), "")
              + " "
              + request.getHttpURI().getPath();
      Callback done =
          Callback.from(
              () -> {
                current.decrementAndGet();
                callback.succeeded();
              },
              x -> {
                current.decrementAndGet();
                callback.failed(x);
              });
      Content.Source.consumeAll(
          request,
          Callback.from(
              () ->
                  scheduler.schedule(
                      () -> answer(key, response, done), delay.toNanos(), TimeUnit.NANOSECONDS),
              done::failed));
      return true;
    }

    private void answer(String key, Response response, Callback done) {
      if (failsFirst(key)) {
        rejected.increment();
        response.setStatus(503);
      } else {
        Tracking t = tracking;
        if (t != null) {
          t.delivered(key, System.nanoTime());
        }
        accepted.increment();
        response.setStatus(200);
      }
      response.getHeaders().put(HttpFields.CONTENT_LENGTH_0);
      response.write(true, BufferUtil.EMPTY_BUFFER, done);
    }
  }
}
