package dev.hookline.server;

import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import dev.hookline.internal.Threads;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.RetryPolicy;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.Verifier;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code hookline serve --demo}: a local receiver, two endpoints pointing at it (kept in memory
 * only, never saved to the store) and an event every {@link #EVERY}, so a new user sees events flow
 * through the running server — signed, filtered, one in seven answered 503 and retried.
 */
public final class ServeDemo implements AutoCloseable {
  /** How often the demo publishes an event. */
  public static final Duration EVERY = Duration.ofSeconds(2);

  private final HooklineServer server;
  private final PrintStream out;
  private final WebhookReceiver receiver;
  private final Verifier verifier;
  private final AtomicLong sent = new AtomicLong();
  private final ScheduledExecutorService publisher = Threads.scheduler("hookline-demo-publisher");
  private final Thread printer;
  private volatile boolean closed;

  /**
   * Starts the receiver, registers the demo endpoints and starts publishing every {@code every}.
   */
  public ServeDemo(HooklineServer server, PrintStream out, String secret, Duration every) {
    this.server = server;
    this.out = out;
    this.receiver = WebhookReceiver.start();
    this.verifier = Verifier.of(SignatureConfig.standard(secret));
    RetryPolicy quickRetry =
        RetryPolicy.builder().schedule(Duration.ofSeconds(1), Duration.ofSeconds(5)).build();
    server
        .endpoints()
        .putTransient(
            Endpoint.builder("demo-all", receiver.url("/all"))
                .events("*")
                .signature(SignatureConfig.standard(secret))
                .retryPolicy(quickRetry)
                .build());
    server
        .endpoints()
        .putTransient(
            Endpoint.builder("demo-alerts", receiver.url("/alerts"))
                .events("prediction", "level_*_prediction")
                .when("data.confidence > 0.85")
                .signature(SignatureConfig.standard(secret))
                .template(
                    dev.hookline.template.Template.parse(
                        "{\"text\": \"Prediction: {prediction} ({confidence:.0%})\"}"))
                .retryPolicy(quickRetry)
                .build());
    this.printer = Threads.platform("hookline-demo-printer", this::printArrivals);
    long ms = every.toMillis();
    publisher.scheduleAtFixedRate(this::publishOne, 0, ms, TimeUnit.MILLISECONDS);
  }

  /** The receiver's base URL. */
  public String receiverUrl() {
    return receiver.url().toString();
  }

  /** How many events the demo has published. */
  public long published() {
    return sent.get();
  }

  private void publishOne() {
    long n = sent.incrementAndGet();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (n % 7 == 0) {
      receiver.enqueue(MockResponse.status(503)); // now and then the receiver fails: a retry
    }
    Event e =
        switch ((int) (n % 4)) {
          case 1 ->
              Event.builder("prediction")
                  .userId("user_123")
                  .put("prediction", "Deployment on Friday likely to fail review")
                  .put("confidence", Math.round(random.nextDouble(0.6, 0.99) * 100) / 100.0)
                  .build();
          case 2 ->
              Event.builder("pattern_learned")
                  .put("pattern_name", "sql_injection_detection")
                  .put("confidence", 0.91)
                  .build();
          case 3 ->
              Event.builder("tool_execution_failed")
                  .severity(Severity.ERROR)
                  .platform("discord")
                  .put("tool", "code_search")
                  .put("error", "timeout after 30s")
                  .build();
          default ->
              Event.builder("level_4_prediction")
                  .tag("security")
                  .severity(Severity.WARNING)
                  .put("prediction", "SQL injection vulnerability in auth.py:45")
                  .put("confidence", 0.95)
                  .build();
        };
    try {
      var r = server.accept(e, false);
      out.printf("-> %-22s %s  %d deliveries%n", e.type(), e.id(), r.deliveries().size());
    } catch (RuntimeException failure) {
      if (!closed) {
        out.println("demo: could not publish: " + failure.getMessage());
      }
    }
  }

  private void printArrivals() {
    while (!closed) {
      Optional<RecordedRequest> next;
      try {
        next = receiver.pollRequest(Duration.ofMillis(500));
      } catch (InterruptedException e) {
        return;
      }
      if (next.isEmpty()) {
        continue;
      }
      RecordedRequest req = next.get();
      String body = req.bodyAsString();
      out.printf(
          "   <- %-8s attempt %s  %s  signature %s  %s%n",
          req.path(),
          req.header("X-Hookline-Attempt").orElse("?"),
          req.header("webhook-id").orElse("?"),
          req.verify(verifier).valid() ? "valid" : "INVALID",
          body.length() > 80 ? body.substring(0, 77) + "..." : body);
    }
  }

  @Override
  public void close() {
    closed = true;
    publisher.shutdownNow();
    printer.interrupt();
    receiver.close();
  }
}
