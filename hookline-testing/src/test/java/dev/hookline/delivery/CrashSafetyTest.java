package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.Hookline;
import dev.hookline.store.Attempt;
import dev.hookline.store.Delivery;
import dev.hookline.store.Store;
import dev.hookline.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node on SQLite killed with SIGKILL mid-delivery loses nothing: the same node id restarted on
 * the same file delivers every accepted event, and only the attempts cut short arrive twice.
 */
class CrashSafetyTest {
  @TempDir Path dir;
  final WebhookReceiver receiver = WebhookReceiver.start();
  Hookline restarted;

  @AfterEach
  void tearDown() {
    if (restarted != null) {
      restarted.close();
    }
    receiver.close();
  }

  @Test
  void sigkillMidDeliveryLosesNothingOnRestart() throws Exception {
    Path db = dir.resolve("hookline.db");
    CrashDrill.AtKill atKill =
        CrashDrill.killMidDelivery(
            dir, receiver, "jdbc:sqlite:" + db, "local", Hookline.DEFAULT_LEASE);

    restarted =
        Hookline.builder()
            .store(Store.sqlite(db))
            .signingSecret(CrashChild.SECRET)
            .allowPrivateNetworks(true)
            .nodeId("local")
            .pollInterval(Duration.ofMillis(20))
            .endpoint(CrashChild.endpoint(receiver.url("/hooks/ops")))
            .build();
    CrashDrill.awaitAllSucceeded(restarted.store());

    List<String> receivedAfter = CrashDrill.webhookIds(receiver.drainRequests());
    CrashDrill.assertNothingLost(atKill, receivedAfter, restarted.store());
    // The restarted node gave back what it held at once (no lease to wait for) and sent it
    // again: the attempt the kill cut short is recorded with an unknown outcome, and the one
    // that succeeded is attempt 2. Everything else succeeded at its first attempt.
    for (Delivery d : CrashDrill.deliveries(restarted.store())) {
      List<Attempt> attempts = restarted.attempts(d.id());
      if (atKill.inFlight().contains(d.eventId())) {
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).statusCode()).isEmpty();
        assertThat(attempts.get(0).error())
            .hasValueSatisfying(e -> assertThat(e).startsWith("outcome unknown"));
        assertThat(attempts.get(1).number()).isEqualTo(2);
        assertThat(attempts.get(1).succeeded()).isTrue();
      } else {
        assertThat(attempts)
            .singleElement()
            .satisfies(
                a -> {
                  assertThat(a.succeeded()).isTrue();
                  assertThat(a.number()).isEqualTo(1);
                  assertThat(a.node()).isEqualTo("local");
                });
      }
    }
  }
}
