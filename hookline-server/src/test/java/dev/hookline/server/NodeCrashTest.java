package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookline.signature.WebhookSecret;
import dev.hookline.store.SecretKeys;
import dev.hookline.store.TestPostgres;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server nodes on one PostgreSQL database, one of them in a JVM of its own killed with SIGKILL
 * while deliveries are on the wire: the survivor takes over the dead node's leases, every event
 * answered 2xx by either node is delivered, and only attempts the kill cut short arrive twice.
 */
class NodeCrashTest {
  static final int EVENTS = 1200;
  static final int POSTERS = 4;
  static final Duration LEASE = Duration.ofSeconds(3);

  /** Each answer waits a little, so that there are always requests on the wire at the kill. */
  static final Duration RECEIVER_DELAY = Duration.ofMillis(20);

  @TempDir Path dir;
  final String schema = "crash_" + Long.toHexString(System.nanoTime());
  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void dropSchema() throws Exception {
    TestPostgres.drop(schema);
  }

  @Test
  void aNodeKilledMidFlightLosesNothingAndTheSurvivorSendsWhatItHeld() throws Exception {
    String url = TestPostgres.url(schema);
    String secret = WebhookSecret.generate();
    try (WebhookReceiver receiver = WebhookReceiver.start();
        TestServer survivor =
            new TestServer(
                TestServer.config(dir, secret, c -> c.withStore(url)),
                b -> b.lease(LEASE).environment(Map.of(SecretKeys.ENV_KEY, TestPostgres.KEY)));
        Node doomed = Node.start(dir, url, secret, LEASE)) {
      receiver.setDefaultResponse(MockResponse.ok().withDelay(RECEIVER_DELAY));
      assertThat(
              survivor
                  .post(
                      "/api/endpoints",
                      "{\"id\":\"ops\",\"url\":\""
                          + receiver.url("/ops")
                          + "\",\"events\":[\"*\"]}")
                  .status())
          .isEqualTo(201);
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> get(doomed.uri("/api/endpoints/ops")) == 200);

      // Even events go to the doomed node, odd ones to the survivor.
      Set<String> owed = ConcurrentHashMap.newKeySet();
      Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
      AtomicInteger next = new AtomicInteger();
      List<CompletableFuture<Void>> posters = new ArrayList<>();
      for (int t = 0; t < POSTERS; t++) {
        posters.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i; (i = next.getAndIncrement()) < EVENTS; ) {
                    String id = "evt_" + i;
                    boolean toDoomed = i % 2 == 0;
                    URI target = toDoomed ? doomed.uri("/api/events") : survivor.uri("/api/events");
                    String outcome;
                    try {
                      int status = post(target, "{\"id\":\"" + id + "\",\"type\":\"crash.test\"}");
                      if (status / 100 == 2) {
                        owed.add(id);
                      }
                      outcome = (toDoomed ? "doomed " : "survivor ") + status;
                    } catch (IOException e) {
                      outcome = (toDoomed ? "doomed " : "survivor ") + "unreachable";
                    }
                    answers.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                  }
                }));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requestCount() >= EVENTS / 3);

      long receivedAtKill = receiver.requestCount();
      int exit = doomed.kill();
      CompletableFuture.allOf(posters.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

      assertThat(exit).as("exit value of a JVM killed by SIGKILL").isEqualTo(137);
      Map<String, Integer> received = new TreeMap<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (RecordedRequest r : receiver.drainRequests()) {
                  received.merge(r.header("webhook-id").orElseThrow(), 1, Integer::sum);
                }
                return received.keySet().containsAll(owed) && openDeliveries(url) == 0;
              });
      Set<String> lost = new HashSet<>(owed);
      lost.removeAll(received.keySet());
      Map<String, Integer> duplicates = new TreeMap<>(received);
      duplicates.values().removeIf(n -> n == 1);
      Set<String> cutShort = eventsWithAnAttemptCutShort(url);

      System.out.printf(
          "node crash: %d events posted %s; %d answered 2xx; %d requests received at the kill;"
              + " %d attempts in flight at the kill (outcome unknown); %d delivered, %d lost,"
              + " %d duplicates %s%n",
          EVENTS,
          new TreeMap<>(answers),
          owed.size(),
          receivedAtKill,
          cutShort.size(),
          received.size(),
          lost.size(),
          duplicates.size(),
          duplicates.keySet());
      assertThat(lost).as("events answered 2xx but never delivered").isEmpty();
      assertThat(received.keySet()).as("delivered events").isEqualTo(storedEvents(url));
      assertThat(duplicates.keySet())
          .as("events delivered twice vs. attempts the kill cut short")
          .isSubsetOf(cutShort);
      assertThat(duplicates.values()).as("times delivered").allMatch(n -> n == 2);
    }
  }

  private int get(URI uri) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + TestServer.API_KEY)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private int post(URI uri, String body) throws IOException {
    try {
      return http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofSeconds(30))
                  .header("Authorization", "Bearer " + TestServer.API_KEY)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static long openDeliveries(String url) throws Exception {
    return count(url, "SELECT count(*) FROM deliveries WHERE status <> 'succeeded'");
  }

  private static long count(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Set<String> storedEvents(String url) throws Exception {
    return strings(url, "SELECT id FROM events");
  }

  /** Events with an attempt recorded "outcome unknown": what the kill cut short, on the wire. */
  private static Set<String> eventsWithAnAttemptCutShort(String url) throws Exception {
    return strings(
        url,
        "SELECT DISTINCT d.event_id FROM attempts a JOIN deliveries d ON d.id = a.delivery_id"
            + " WHERE a.error LIKE 'outcome unknown%'");
  }

  private static Set<String> strings(String url, String sql) throws Exception {
    Set<String> out = new HashSet<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** A {@link ServerNode} in its own JVM (same java binary, same class path). */
  static final class Node implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private Node(Process process, Path stderr) {
      this.process = process;
      this.stderr = stderr;
      Thread.ofPlatform().daemon(true).name("node-stdout").start(this::read);
    }

    static Node start(Path dir, String storeUrl, String secret, Duration lease) throws Exception {
      String java = ProcessHandle.current().info().command().orElse("java");
      Path stderr = Files.createTempFile(dir, "node-", ".stderr");
      ProcessBuilder builder =
          new ProcessBuilder(
                  java,
                  "--enable-native-access=ALL-UNNAMED",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ServerNode.class.getName(),
                  storeUrl,
                  secret,
                  Long.toString(lease.toMillis()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectError(stderr.toFile());
      builder.environment().put(SecretKeys.ENV_KEY, TestPostgres.KEY);
      Process process = builder.start();
      Node node = new Node(process, stderr);
      try {
        node.port.get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        node.close();
        throw new AssertionError("the node did not start; stderr:\n" + node.stderr(), e);
      }
      return node;
    }

    private void read() {
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("ready ")) {
            port.complete(Integer.parseInt(line.substring("ready ".length()).trim()));
          }
        }
      } catch (IOException e) {
        port.completeExceptionally(e);
      }
      port.completeExceptionally(new IOException("the node exited"));
    }

    URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port.join() + path);
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook, no close. */
    int kill() throws InterruptedException {
      process.destroyForcibly();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new AssertionError("node " + process.pid() + " survived SIGKILL for 10 s");
      }
      return process.exitValue();
    }

    String stderr() {
      try {
        return Files.readString(stderr);
      } catch (IOException e) {
        return "(cannot read " + stderr + ")";
      }
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        try {
          kill();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
