package dev.hookline.server.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.hookline.Hookline;
import dev.hookline.event.EventLimits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Predicate;

/**
 * The CLI's client of the server's HTTP API (DESIGN §6): JSON in and out, {@code Authorization:
 * Bearer} when an API key is given, and the server's {@code {"error","message"}} turned into a
 * {@link CliException} carrying the message. Not thread-safe for streaming; one per command.
 */
final class ApiClient {
  static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder().streamReadConstraints(EventLimits.readConstraints()).build())
          .build();
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final URI server;
  private final Optional<String> apiKey;
  private final HttpClient http;

  ApiClient(URI server, Optional<String> apiKey) {
    String base = server.toString();
    this.server = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.apiKey = apiKey;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  /** The server's base URL, without a trailing slash. */
  URI server() {
    return server;
  }

  /** {@code GET path}; the JSON body of a 2xx answer. */
  JsonNode get(String path) {
    return send("GET", path, null).body();
  }

  /** {@code POST path} with a JSON body (or none when null). */
  Response post(String path, JsonNode body) {
    return send("POST", path, body);
  }

  /** {@code DELETE path}. */
  Response delete(String path) {
    return send("DELETE", path, null);
  }

  /** A 2xx answer: its status and JSON body ({@link NullNode} when empty). */
  record Response(int status, JsonNode body) {}

  /**
   * Sends one request.
   *
   * @throws CliException on a non-2xx answer (with the server's message), or when the server cannot
   *     be reached
   */
  Response send(String method, String path, JsonNode body) {
    HttpRequest request =
        request(path)
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw failure(response.statusCode(), response.body());
    }
    return new Response(response.statusCode(), parse(response.body()));
  }

  /** One Server-Sent Events message. */
  record SseMessage(String event, String id, String data) {
    /** The data parsed as JSON; a JSON string node when it is not JSON. */
    JsonNode json() {
      try {
        return JSON.readTree(data);
      } catch (JsonProcessingException e) {
        return JSON.getNodeFactory().textNode(data);
      }
    }
  }

  /**
   * Reads the Server-Sent Events at {@code path} and hands each message to {@code onMessage} until
   * it returns false, the server ends the stream, or the thread is interrupted (Ctrl-C). {@code
   * onOpen} runs once the server has answered, when the subscription is live.
   *
   * @return true when the server ended the stream (or said it is {@code closing}), false when the
   *     caller or an interrupt did
   * @throws CliException on a non-2xx answer, or when the server cannot be reached
   */
  boolean stream(String path, Runnable onOpen, Predicate<SseMessage> onMessage) {
    HttpRequest request = request(path).header("Accept", "text/event-stream").GET().build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try (InputStream in = response.body();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8))) {
      if (response.statusCode() / 100 != 2) {
        throw failure(response.statusCode(), new String(in.readAllBytes(), UTF_8));
      }
      onOpen.run();
      String event = "message";
      String id = "";
      StringBuilder data = null;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isEmpty()) {
          if (event.equals("closing")) {
            return true; // the server is shutting down
          }
          if (data != null && !onMessage.test(new SseMessage(event, id, data.toString()))) {
            return false;
          }
          event = "message";
          data = null;
        } else if (line.startsWith(":")) {
          continue; // a comment: heartbeats
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          if (value.startsWith(" ")) {
            value = value.substring(1);
          }
          switch (field) {
            case "event" -> event = value;
            case "id" -> id = value;
            case "data" ->
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> {} // "retry" and unknown fields are ignored, as the spec says
          }
        }
      }
      return true;
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
        return false;
      }
      throw new CliException("the stream from " + server + " broke: " + message(e), e);
    }
  }

  /** {@code path?name=value&...} with the present values URL-encoded, in the given order. */
  static String query(String path, Map<String, ?> params) {
    StringJoiner q = new StringJoiner("&", path + "?", "").setEmptyValue(path);
    params.forEach(
        (name, value) -> {
          if (value != null && !value.toString().isBlank()) {
            q.add(name + "=" + URLEncoder.encode(value.toString(), UTF_8));
          }
        });
    return q.toString();
  }

  /** An ordered map for {@link #query}, tolerating null values (they are left out). */
  static Map<String, Object> params(Object... namesAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return map;
  }

  /** A path segment, URL-encoded (ids are safe already; this guards against typos). */
  static String segment(String value) {
    return URLEncoder.encode(value, UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server + path))
            .header("User-Agent", "hookline-cli/" + Hookline.VERSION);
    apiKey.ifPresent(k -> b.header("Authorization", "Bearer " + k));
    return b;
  }

  private CliException failure(int status, String body) {
    JsonNode error = parse(body);
    String message = error.path("message").asText("");
    if (message.isEmpty()) {
      String snippet = body.strip();
      message =
          "the server answered "
              + status
              + (snippet.isEmpty()
                  ? ""
                  : ": " + (snippet.length() > 200 ? snippet.substring(0, 200) + "..." : snippet));
    }
    if (status == 401 && apiKey.isEmpty()) {
      message += " (pass --api-key or set HOOKLINE_API_KEY)";
    }
    return new CliException(message);
  }

  private CliException unreachable(IOException e) {
    boolean refused =
        e instanceof ConnectException
            && !(e instanceof HttpConnectTimeoutException)
            && !(e.getCause() instanceof UnresolvedAddressException);
    if (refused) {
      return new CliException(
          "cannot reach the Hookline server at "
              + server
              + " (connection refused). Start one with 'hookline serve', or point --server (or"
              + " HOOKLINE_SERVER) at yours.",
          e);
    }
    if (e instanceof HttpTimeoutException) {
      return new CliException("the Hookline server at " + server + " did not answer in time", e);
    }
    return new CliException("cannot reach the Hookline server at " + server + ": " + message(e), e);
  }

  private static String message(Throwable e) {
    Throwable t = e;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return NullNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return NullNode.getInstance();
    }
  }
}
