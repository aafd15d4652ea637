package dev.hookline.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
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
 * The webhook consumer of the load tool: an HTTP/1.1 server on {@code 127.0.0.1} that answers every
 * request {@code 200} with an empty body as cheaply as Jetty allows, and counts.
 *
 * <p>Unlike {@code hookline-testing}'s {@code WebhookReceiver}, it keeps nothing of a request but
 * its {@value #ID_HEADER} header, and only while a table of send times is registered with {@link
 * #expect}; then {@link #report()} says how many distinct ids arrived, how many twice, how many
 * never, and the latency from send to arrival.
 *
 * <p>It can also play a consumer that is down: {@link #answer503For} (up, but failing) and {@link
 * #refuseConnections()} (stopped: open connections close, new ones are refused) until {@link
 * #acceptConnections()} brings it back on the same port.
 *
 * <p>All methods are thread-safe. The handler never blocks: it reads the body asynchronously and
 * Jetty may run it on its selector threads, without a hand-off.
 */
public final class Sink implements AutoCloseable {
  /** The header whose value identifies a delivery, as Standard Webhooks senders set it. */
  public static final String ID_HEADER = "webhook-id";

  private final Server server;
  private final ServerConnector connector;
  private final LongAdder requests = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private volatile boolean failing;
  private volatile long failUntilNanos;
  private volatile Tracking tracking;
  private boolean refusing; // guarded by this

  private Sink() {
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("sink");
    threads.setDaemon(true);
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Answer());
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("sink could not start on 127.0.0.1", e);
    }
    // Keep the port across refuseConnections()/acceptConnections().
    connector.setPort(connector.getLocalPort());
  }

  /** Starts a sink on a free port of 127.0.0.1. */
  public static Sink start() {
    return new Sink();
  }

  /** The port the sink listens on; it does not change for the life of the sink. */
  public int port() {
    return connector.getPort();
  }

  /** {@code http://127.0.0.1:<port>/}; the sink answers any path and method. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + port() + "/");
  }

  /** Requests that arrived since the last {@link #reset()}, whatever the answer. */
  public long requests() {
    return requests.sum();
  }

  /** Requests answered {@code 200} since the last {@link #reset()}. */
  public long accepted() {
    return accepted.sum();
  }

  /** Requests answered {@code 503} (see {@link #answer503For}) since the last {@link #reset()}. */
  public long rejected() {
    return rejected.sum();
  }

  /**
   * Starts tracking deliveries, forgetting what an earlier call tracked. {@code sentAtNanos} is the
   * table of requests in flight: the sender puts {@code id → System.nanoTime()} when it sends (or
   * when an engine accepts the event), and the sink removes the entry when that {@value #ID_HEADER}
   * first arrives with a {@code 200} answer, recording the difference as latency. What is left in
   * the table at the end never arrived.
   *
   * <p>An engine may deliver before the publisher has put the entry; the sink then keeps the
   * arrival time and matches it in {@link #report()}.
   */
  public void expect(ConcurrentMap<String, Long> sentAtNanos) {
    tracking = new Tracking(Objects.requireNonNull(sentAtNanos, "sentAtNanos"));
  }

  /** Distinct ids that arrived since {@link #expect}; 0 when not tracking. */
  public long distinctIds() {
    Tracking t = tracking;
    return t == null ? 0 : t.distinct.size();
  }

  /**
   * Waits until {@code count} distinct ids have arrived since {@link #expect}.
   *
   * @return whether they did within {@code timeout}
   * @throws IllegalStateException when no table of send times is registered
   */
  public boolean awaitDistinct(long count, Duration timeout) throws InterruptedException {
    if (tracking == null) {
      throw new IllegalStateException("not tracking ids: call expect(sentAtNanos) first");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (distinctIds() < count) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  /**
   * What arrived since {@link #expect}: matches the arrivals that came before their send time was
   * put, then counts. Call when sending is over; calling again is harmless.
   *
   * @throws IllegalStateException when no table of send times is registered
   */
  public Report report() {
    Tracking t = tracking;
    if (t == null) {
      throw new IllegalStateException("not tracking ids: call expect(sentAtNanos) first");
    }
    return t.report();
  }

  /** Answers {@code 503} to every request for {@code period} from now, then {@code 200} again. */
  public void answer503For(Duration period) {
    failUntilNanos = System.nanoTime() + period.toNanos();
    failing = true;
  }

  /**
   * Plays a stopped consumer: closes the listening socket and every open connection, so requests
   * fail to connect, until {@link #acceptConnections()}. Idempotent.
   */
  public synchronized void refuseConnections() {
    if (refusing) {
      return;
    }
    try {
      connector.stop();
    } catch (Exception e) {
      throw new IllegalStateException("sink could not stop listening on port " + port(), e);
    }
    refusing = true;
  }

  /** Listens again, on the same port, after {@link #refuseConnections()}. Idempotent. */
  public synchronized void acceptConnections() {
    if (!refusing) {
      return;
    }
    try {
      connector.start();
    } catch (Exception e) {
      throw new IllegalStateException("sink could not listen again on port " + port(), e);
    }
    refusing = false;
  }

  /**
   * Zeroes the counters, stops tracking ids, and ends any failure mode: the state a scenario starts
   * from. Requests still in flight may count after the reset; the tool only resets between
   * scenarios.
   */
  public void reset() {
    tracking = null;
    failing = false;
    acceptConnections();
    requests.reset();
    accepted.reset();
    rejected.reset();
  }

  /** Stops the server, closing its connections. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("sink did not stop cleanly", e);
    }
  }

  /**
   * What arrived since {@link #expect}.
   *
   * @param distinct distinct ids answered {@code 200}; at-least-once holds when it equals the
   *     number of events sent and {@code missing} is 0
   * @param duplicates arrivals of an id that had already arrived
   * @param unmatched arrivals without the header, or whose id was never put in the table
   * @param missing entries left in the table: sent, never arrived
   * @param latency send-to-arrival percentiles of the matched ids, when there were any
   */
  public record Report(
      long distinct, long duplicates, long unmatched, long missing, Optional<Latency> latency) {}

  private static final class Tracking {
    final ConcurrentMap<String, Long> sentAt;
    final IdSet distinct = new IdSet();
    final ConcurrentHistogram nanos = new ConcurrentHistogram(3);
    final ConcurrentHashMap<String, Long> early = new ConcurrentHashMap<>();
    final LongAdder duplicates = new LongAdder();
    final LongAdder unidentified = new LongAdder();

    Tracking(ConcurrentMap<String, Long> sentAt) {
      this.sentAt = sentAt;
    }

    void arrived(String id, long nanos) {
      if (id == null) {
        unidentified.increment();
      } else if (!distinct.add(id)) {
        duplicates.increment();
      } else {
        Long sent = sentAt.remove(id);
        if (sent != null) {
          this.nanos.recordValue(Math.max(0, nanos - sent));
        } else {
          early.put(id, nanos);
        }
      }
    }

    synchronized Report report() {
      for (var arrival : early.entrySet()) {
        Long sent = sentAt.remove(arrival.getKey());
        if (sent != null) {
          // Delivered before the publisher put the entry: clamp at zero.
          nanos.recordValue(Math.max(0, arrival.getValue() - sent));
          early.remove(arrival.getKey());
        }
      }
      Histogram snapshot = nanos.copy();
      return new Report(
          distinct.size(),
          duplicates.sum(),
          unidentified.sum() + early.size(),
          sentAt.size(),
          snapshot.getTotalCount() == 0
              ? Optional.empty()
              : Optional.of(Latency.ofNanos(snapshot)));
    }
  }

  private final class Answer extends Handler.Abstract.NonBlocking {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      long now = System.nanoTime();
      requests.increment();
      if (failing && now - failUntilNanos < 0) {
        rejected.increment();
        response.setStatus(503);
      } else {
        Tracking t = tracking;
        if (t != null) {
          t.arrived(request.getHeaders().get(ID_HEADER), now);
        }
        accepted.increment();
        response.setStatus(200);
      }
      response.getHeaders().put(HttpFields.CONTENT_LENGTH_0);
      // Read the body before answering so the connection stays reusable, without blocking.
      Content.Source.consumeAll(
          request,
          Callback.from(
              () -> response.write(true, BufferUtil.EMPTY_BUFFER, callback), callback::failed));
      return true;
    }
  }
}
