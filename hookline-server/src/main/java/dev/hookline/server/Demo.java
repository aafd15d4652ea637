package dev.hookline.server;

import dev.hookline.Hookline;
import dev.hookline.event.Event;
import dev.hookline.event.EventBus;
import dev.hookline.event.Severity;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.RetryPolicy;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.Verifier;
import dev.hookline.signature.WebhookSecret;
import dev.hookline.store.EndpointStats;
import dev.hookline.store.Store;
import dev.hookline.template.Template;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code hookline demo}: Hookline embedded with a local receiver, showing events flowing from an
 * event bus to three endpoints — signed, templated, filtered by a CEL condition, and retried.
 */
public final class Demo {
  private final PrintStream out;

  public Demo(PrintStream out) {
    this.out = out;
  }

  public int run(Duration retryDelay) throws Exception {
    Path db = Files.createTempDirectory("hookline-demo").resolve("hookline.db");
    String secret = WebhookSecret.generate();
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      receiver.enqueue(MockResponse.status(503)); // the first request fails: watch the retry
      Endpoint ops =
          Endpoint.builder("ops", receiver.url("/ops"))
              .events("*")
              .retryPolicy(RetryPolicy.builder().schedule(retryDelay).jitter(0).build())
              .build();
      Endpoint slack =
          Endpoint.builder("slack", receiver.url("/slack"))
              .events("level_4_prediction")
              .when("data.confidence > 0.85")
              .template(
                  Template.parse(
                      "{\"text\": \"Prediction: {prediction} ({confidence:.0%}) for {user_id}\"}"))
              .build();
      Endpoint security =
          Endpoint.builder("security", receiver.url("/security"))
              .events("level_4_prediction", "security_vulnerability")
              .when("\"security\" in tags")
              .build();
      out.println("Hookline demo");
      out.println("  store     sqlite:" + db);
      out.println("  receiver  " + receiver.url());
      out.println("  secret    " + secret.substring(0, 10) + "... (Standard Webhooks, whsec_)");
      out.println();
      try (Hookline hookline =
              Hookline.builder()
                  .store(Store.sqlite(db))
                  .signingSecret(secret)
                  .allowPrivateNetworks(true)
                  .pollInterval(Duration.ofMillis(50))
                  .endpoint(ops)
                  .endpoint(slack)
                  .endpoint(security)
                  .onAttemptFailed(
                      o ->
                          out.printf(
                              "  ! %s to %s failed (%s)%s%n",
                              o.event().type(),
                              o.endpoint().id(),
                              o.error().orElse("?"),
                              o.willRetry() ? ", retrying" : ", dead"))
                  .build();
          EventBus bus = EventBus.create()) {
        hookline.attach(bus);
        List<Event> events =
            List.of(
                Event.builder("level_4_prediction")
                    .userId("user_123")
                    .tag("security")
                    .severity(Severity.WARNING)
                    .put("prediction", "SQL injection vulnerability in auth.py:45")
                    .put("confidence", 0.95)
                    .build(),
                Event.builder("level_4_prediction")
                    .userId("user_123")
                    .put("prediction", "Schema change may break the mobile app")
                    .put("confidence", 0.72)
                    .build(),
                Event.builder("pattern_learned")
                    .userId("user_123")
                    .put("pattern_name", "sql_injection_detection")
                    .put("confidence", 0.95)
                    .build());
        Verifier verifier = Verifier.of(SignatureConfig.standard(secret));
        for (Event e : events) {
          out.printf("emit %-20s %s%n", e.type(), e.id());
          bus.emit(e);
        }
        out.println();
        int expected = 6; // ops x3 (+1 retry), slack x1, security x1
        for (int i = 0; i < expected; i++) {
          Optional<RecordedRequest> r = receiver.pollRequest(retryDelay.plusSeconds(10));
          if (r.isEmpty()) {
            out.println("  (no more requests)");
            break;
          }
          RecordedRequest req = r.get();
          String body = req.bodyAsString();
          out.printf(
              "  <- %-9s attempt %s  webhook-id %s  signature %s%n     %s%n",
              req.path(),
              req.header("X-Hookline-Attempt").orElse("?"),
              req.header("webhook-id").orElse("?"),
              req.verify(verifier).valid() ? "valid" : "INVALID",
              body.length() > 110 ? body.substring(0, 107) + "..." : body);
        }
        Thread.sleep(200);
        out.println();
        out.println("endpoint   sent  ok  failed  success  p95 ms  pending");
        for (Endpoint e : hookline.endpoints()) {
          EndpointStats s = hookline.stats(e.id());
          out.printf(
              "%-9s %5d %3d %7d %7.0f%% %7.0f %8d%n",
              e.id(),
              s.totalSent(),
              s.successCount(),
              s.failedCount(),
              s.successRate() * 100,
              s.p95ResponseTimeMs(),
              s.pending());
        }
        Map<String, String> skips = hookline.event(events.get(1).id()).orElseThrow().skips();
        out.println();
        out.println("why the 72% prediction skipped some endpoints:");
        skips.forEach((id, why) -> out.println("  " + id + ": " + why));
      }
    }
    return 0;
  }
}
