package dev.hookline.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.Hookline;
import dev.hookline.MutableClock;
import dev.hookline.delivery.DeliveryOutcome;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.store.Store;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A native-format test's world: a loopback receiver standing in for the service, and Hookline on a
 * real SQLite file delivering to it. Successes and failures reach {@link #outcomes}.
 */
final class FormatFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(10);

  final WebhookReceiver service = WebhookReceiver.start();
  final List<DeliveryOutcome> outcomes = new CopyOnWriteArrayList<>();

  /** The clock of {@link #startOnClock}: rate-limit tests move it by hand instead of waiting. */
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));

  private final Path dir;
  private Hookline hookline;

  FormatFixture(Path dir) {
    this.dir = dir;
  }

  /** Starts Hookline with this endpoint. */
  Hookline start(Endpoint endpoint) {
    return start(endpoint, b -> b);
  }

  /** Starts Hookline with this endpoint and more settings (an interceptor, say). */
  Hookline start(Endpoint endpoint, UnaryOperator<Hookline.Builder> customize) {
    hookline =
        customize
            .apply(
                Hookline.builder()
                    .store(Store.sqlite(dir.resolve("hookline.db")))
                    .allowPrivateNetworks(true)
                    .pollInterval(Duration.ofMillis(20))
                    .onSuccess(outcomes::add)
                    .onAttemptFailed(outcomes::add)
                    .endpoint(endpoint))
            .build();
    return hookline;
  }

  /** Starts Hookline with this endpoint on {@link #clock}, which stands still until moved. */
  Hookline startOnClock(Endpoint endpoint) {
    return start(endpoint, b -> b.clock(clock));
  }

  /**
   * Asserts that the first attempt failed and was put off until exactly {@code due}, then moves
   * {@link #clock} there and returns the retry the service receives.
   */
  RecordedRequest retriedAt(Instant due) throws InterruptedException {
    DeliveryOutcome first =
        await()
            .atMost(WAIT)
            .until(() -> outcomes.isEmpty() ? null : outcomes.get(0), Objects::nonNull);
    assertThat(first.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(first.nextAttemptAt()).as("when the retry is due").hasValue(due);
    clock.advance(Duration.between(clock.instant(), due));
    RecordedRequest retry = service.takeRequest(WAIT);
    assertThat(retry.header("X-Hookline-Attempt")).hasValue("2");
    return retry;
  }

  /** The running Hookline. */
  Hookline hookline() {
    return hookline;
  }

  /** Publishes the event and returns the request the service received. */
  RecordedRequest deliver(Event event) throws InterruptedException {
    hookline.publish(event);
    return service.takeRequest(WAIT);
  }

  static JsonNode json(RecordedRequest r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.bodyAsString(), e);
    }
  }

  @Override
  public void close() {
    if (hookline != null) {
      hookline.close();
    }
    service.close();
  }
}
