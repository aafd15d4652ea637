package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.store.Outbox;
import dev.hookline.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimerTest {
  private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

  @TempDir Path dir;
  Store store;
  Claimer claimer;
  // The thread claims once at start (holding room while it does), then polls only each minute.
  final CountDownLatch claimedOnce = new CountDownLatch(1);

  @BeforeEach
  void open() {
    store = Store.sqlite(dir.resolve("hookline.db"));
    claimer =
        new Claimer(
            Outbox.of(store),
            Clock.fixed(T0, ZoneOffset.UTC),
            "node-a",
            4,
            2,
            Duration.ofMinutes(1),
            Duration.ofMinutes(3),
            claimed -> claimedOnce.countDown());
  }

  @AfterEach
  void close() {
    claimer.stop();
    store.close();
  }

  @Test
  void reservesNothingBeforeItStarts() {
    assertThat(claimer.tryReserve(1)).isFalse();
  }

  @Test
  void reservesRoomUpToMaxInFlightAndTakesBackWhatIsUnused() throws Exception {
    startAndSettle();

    assertThat(claimer.tryReserve(3)).isTrue();
    assertThat(claimer.tryReserve(2)).isFalse();
    claimer.stop();
    claimer.unreserve(2);

    assertThat(claimer.inFlight()).isEqualTo(1);
  }

  @Test
  void aDeliveryLetGoFreesItsRoom() throws Exception {
    startAndSettle();
    claimer.tryReserve(1);
    claimer.hold("dlv_1");

    claimer.letGo("dlv_1");

    assertThat(claimer.inFlight()).isZero();
  }

  @Test
  void leasesAreThisNodesAndRenewedWellWithinTheirLength() {
    assertThat(claimer.lease().node()).isEqualTo("node-a");
    assertThat(claimer.lease().until()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
    assertThat(claimer.renewEvery()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void itsThreadRunsUntilStopped() {
    claimer.start();
    assertThat(claimer.isAlive()).isTrue();

    claimer.stop();

    assertThat(claimer.isAlive()).isFalse();
    assertThat(claimer.tryReserve(1)).isFalse();
  }

  private void startAndSettle() throws InterruptedException {
    claimer.start();
    assertThat(claimedOnce.await(10, TimeUnit.SECONDS)).isTrue();
  }
}
