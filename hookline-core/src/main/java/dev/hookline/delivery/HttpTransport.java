package dev.hookline.delivery;

import dev.hookline.routing.Endpoint;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Sends requests with Jetty 12's asynchronous client: keep-alive connections pooled per host, no
 * thread held while waiting, and the fastest of the JVM clients measured on our machines (see
 * DEPENDENCIES.md and the load tool). Redirects are not followed (a 3xx is a failed attempt).
 */
final class HttpTransport implements Transport {
  private final HttpClient client;

  HttpTransport(boolean allowPrivateNetworks, int maxConnectionsPerHost, String userAgent) {
    int threads = Math.max(8, Runtime.getRuntime().availableProcessors() * 4);
    client =
        JettyClients.start(
            "hookline-http",
            threads,
            8,
            allowPrivateNetworks,
            c -> {
              c.setMaxConnectionsPerDestination(maxConnectionsPerHost);
              c.setMaxRequestsQueuedPerDestination(100_000);
              c.setConnectTimeout(10_000);
              c.setIdleTimeout(60_000);
              c.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, userAgent));
            });
    // A webhook receiver answering 401 or 407 is an answer to record, not an authentication
    // challenge for the client to handle (Jetty would report a bare 401 as a protocol error).
    // The handlers are installed by start(), so they are removed after it.
    client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
    client.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
  }

  @Override
  public CompletableFuture<HttpResult> send(Endpoint endpoint, OutboundRequest r) {
    return send(r);
  }

  /** Sends {@code r}, whatever endpoint it is for (an integration's look-up). */
  CompletableFuture<HttpResult> send(OutboundRequest r) {
    CompletableFuture<HttpResult> future = new CompletableFuture<>();
    long start = System.nanoTime();
    Request request;
    try {
      request =
          client
              .newRequest(r.url())
              .method(r.method())
              .timeout(Math.max(1, r.timeout().toMillis()), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      future.complete(HttpResult.failure(e, Duration.ZERO));
      return future;
    }
    String contentType = "application/json";
    for (Map.Entry<String, String> h : r.headers().entrySet()) {
      if (h.getKey().equalsIgnoreCase("Content-Type")) {
        contentType = h.getValue();
      } else if (h.getKey().equalsIgnoreCase("User-Agent")) {
        request.agent(h.getValue());
      } else {
        request.headers(m -> m.put(h.getKey(), h.getValue()));
      }
    }
    if (r.body().length > 0 || !r.method().equals("GET")) {
      request.body(new BytesRequestContent(contentType, r.body()));
    }
    request.send(new Collector(future, start));
    return future;
  }

  /** Keeps the status, headers and the start of the body; drops the rest as it streams. */
  private static final class Collector implements Response.Listener {
    private final CompletableFuture<HttpResult> future;
    private final long start;
    private byte[] body = new byte[0];

    Collector(CompletableFuture<HttpResult> future, long start) {
      this.future = future;
      this.start = start;
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
      int room = HttpResult.MAX_BODY_BYTES - body.length;
      if (room > 0 && content.hasRemaining()) {
        int n = Math.min(room, content.remaining());
        byte[] grown = java.util.Arrays.copyOf(body, body.length + n);
        content.get(grown, body.length, n);
        body = grown;
      }
    }

    @Override
    public void onComplete(Result result) {
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      Response response = result.getResponse();
      if (result.isFailed() && (response == null || response.getStatus() <= 0)) {
        future.complete(HttpResult.failure(result.getFailure(), took));
        return;
      }
      if (result.isFailed() && result.getResponseFailure() != null) {
        // The answer started but did not finish (e.g. the connection dropped mid-body).
        future.complete(HttpResult.failure(result.getResponseFailure(), took));
        return;
      }
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (HttpField f : response.getHeaders()) {
        headers.computeIfAbsent(f.getName(), k -> new ArrayList<>(1)).add(f.getValue());
      }
      future.complete(
          HttpResult.answer(
              response.getStatus(), Collections.unmodifiableMap(headers), body, took));
    }
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception e) {
      throw new IllegalStateException("HTTP client did not stop cleanly", e);
    }
  }
}
