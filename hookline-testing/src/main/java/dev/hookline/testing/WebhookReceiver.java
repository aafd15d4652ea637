package dev.hookline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real HTTP server on loopback that stands in for a webhook consumer in tests, in the manner of
 * OkHttp's MockWebServer: script its answers with {@link #enqueue}, then observe what arrived with
 * {@link #takeRequest(Duration)}.
 *
 * <pre>{@code
 * try (WebhookReceiver receiver = WebhookReceiver.start()) {
 *   receiver.enqueue(MockResponse.status(503));   // first delivery fails
 *   // ... point an endpoint at receiver.url("/hooks") and publish an event ...
 *   RecordedRequest first = receiver.takeRequest(Duration.ofSeconds(5));
 *   RecordedRequest retry = receiver.takeRequest(Duration.ofSeconds(5));
 *   assertThat(retry.header("webhook-id")).isEqualTo(first.header("webhook-id"));
 * }
 * }</pre>
 *
 * <p>Responses are taken from the queue in order; when it is empty the {@linkplain
 * #setDefaultResponse default} ({@code 200 OK}) answers. All methods are thread-safe.
 */
public final class WebhookReceiver implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final ConcurrentLinkedQueue<MockResponse> script = new ConcurrentLinkedQueue<>();
  private final AtomicReference<MockResponse> defaultResponse =
      new AtomicReference<>(MockResponse.ok());
  private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
  private final AtomicLong count = new AtomicLong();
  private final boolean record;
  private final Clock clock;

  private WebhookReceiver(Builder b) {
    this.record = b.record;
    this.clock = b.clock;
    QueuedThreadPool threads = new QueuedThreadPool(b.maxThreads, 4);
    threads.setName("webhook-receiver");
    threads.setDaemon(true);
    server = new Server(threads);
    connector = new ServerConnector(server);
    connector.setHost(b.host);
    connector.setPort(b.port);
    server.addConnector(connector);
    server.setHandler(new Receive());
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("webhook receiver could not start on port " + b.port, e);
    }
  }

  /** Starts a receiver on a free port of 127.0.0.1 that records every request. */
  public static WebhookReceiver start() {
    return builder().start();
  }

  /** A builder for a receiver with a fixed port, without recording, or with another clock. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port the receiver listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://127.0.0.1:<port>/}. */
  public URI url() {
    return url("/");
  }

  /** {@code http://127.0.0.1:<port><path>}; {@code path} must start with {@code /}. */
  public URI url(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + path);
    }
    String host = connector.getHost();
    return URI.create(
        "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + path);
  }

  /** Queues the answer to the next request that is not yet answered by an earlier queued one. */
  public void enqueue(MockResponse response) {
    script.add(Objects.requireNonNull(response, "response"));
  }

  /** Queues an answer with {@code status} and an empty body. */
  public void enqueue(int status) {
    enqueue(MockResponse.status(status));
  }

  /** The answer used when the queue is empty; {@code 200 OK} unless set. */
  public void setDefaultResponse(MockResponse response) {
    defaultResponse.set(Objects.requireNonNull(response, "response"));
  }

  /**
   * Waits for the next recorded request.
   *
   * @throws AssertionError when none arrives within {@code timeout}
   * @throws IllegalStateException when the receiver does not record requests
   */
  public RecordedRequest takeRequest(Duration timeout) throws InterruptedException {
    return pollRequest(timeout)
        .orElseThrow(() -> new AssertionError("no request arrived within " + timeout));
  }

  /** Waits up to {@code timeout} for the next recorded request. */
  public Optional<RecordedRequest> pollRequest(Duration timeout) throws InterruptedException {
    if (!record) {
      throw new IllegalStateException("this receiver was built with recordRequests(false)");
    }
    return Optional.ofNullable(requests.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
  }

  /** Removes and returns every request recorded and not yet taken. */
  public List<RecordedRequest> drainRequests() {
    List<RecordedRequest> out = new ArrayList<>();
    requests.drainTo(out);
    return out;
  }

  /** How many requests arrived so far (taken or not, recorded or not). */
  public long requestCount() {
    return count.get();
  }

  /** Stops the server, closing open connections. Idempotent. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("webhook receiver did not stop cleanly", e);
    }
  }

  private final class Receive extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      long sequence = count.getAndIncrement();
      byte[] body;
      try {
        body = Content.Source.asInputStream(request).readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (record) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HttpField field : request.getHeaders()) {
          headers.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
        }
        headers.replaceAll((k, v) -> List.copyOf(v));
        requests.add(
            new RecordedRequest(
                sequence,
                clock.instant(),
                request.getMethod(),
                request.getHttpURI().toURI(),
                Collections.unmodifiableMap(headers),
                body));
      }
      MockResponse answer = script.poll();
      if (answer == null) {
        answer = defaultResponse.get();
      }
      if (!answer.delay().isZero()) {
        try {
          Thread.sleep(answer.delay());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (answer.action() == MockResponse.Action.DISCONNECT) {
        request.getConnectionMetaData().getConnection().getEndPoint().close();
        callback.failed(new IOException("scripted disconnect"));
        return true;
      }
      response.setStatus(answer.status());
      answer.headers().forEach((k, v) -> response.getHeaders().put(k, v));
      response.write(true, ByteBuffer.wrap(answer.body()), callback);
      return true;
    }
  }

  /** Configures a {@link WebhookReceiver}. Not thread-safe. */
  public static final class Builder {
    private String host = InetAddress.getLoopbackAddress().getHostAddress();
    private int port;
    private boolean record = true;
    private int maxThreads = 200;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Listens on {@code port}; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** Listens on {@code host}; loopback by default. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * Whether to keep each request for {@link #takeRequest}; turn off for load tests, where only
     * {@link #requestCount()} is needed.
     */
    public Builder recordRequests(boolean record) {
      this.record = record;
      return this;
    }

    /** Most requests handled at once (each delayed response holds one thread). Default 200. */
    public Builder maxThreads(int maxThreads) {
      if (maxThreads < 8) {
        throw new IllegalArgumentException("maxThreads must be at least 8, got " + maxThreads);
      }
      this.maxThreads = maxThreads;
      return this;
    }

    /** The clock that stamps {@link RecordedRequest#receivedAt()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Starts the receiver. */
    public WebhookReceiver start() {
      return new WebhookReceiver(this);
    }
  }
}
