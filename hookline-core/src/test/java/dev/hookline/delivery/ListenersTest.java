package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ListenersTest {
  private static final DeadDelivery DEAD =
      new DeadDelivery(
          "ops", "dlv_1", "evt_1", Optional.empty(), 3, "HTTP 400", OptionalInt.of(400));

  @Test
  void aListenerThatThrowsGoesToTheErrorHandlerAndTheOthersAreStillTold() throws Exception {
    List<String> handled = new CopyOnWriteArrayList<>();
    CountDownLatch told = new CountDownLatch(1);
    DeliveryListener throwing =
        new DeliveryListener() {
          @Override
          public void onFailure(DeadDelivery dead) {
            throw new IllegalStateException("boom");
          }
        };
    DeliveryListener counting =
        new DeliveryListener() {
          @Override
          public void onFailure(DeadDelivery dead) {
            told.countDown();
          }
        };
    Listeners listeners =
        new Listeners(
            List.of(throwing, counting),
            (error, listener, callback, deliveryId) ->
                handled.add(callback + " " + deliveryId + " " + error.getMessage()));

    listeners.tell("dlv_1", Optional::empty, () -> DEAD);

    assertThat(told.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(handled).containsExactly("onFailure dlv_1 boom");
  }

  @Test
  void anOutcomeThatCannotBeBuiltStillLetsTheDeathBeTold() throws Exception {
    CountDownLatch told = new CountDownLatch(1);
    Listeners listeners =
        new Listeners(
            List.of(
                new DeliveryListener() {
                  @Override
                  public void onFailure(DeadDelivery dead) {
                    told.countDown();
                  }
                }),
            ListenerErrorHandler.logging());

    listeners.tell(
        "dlv_1",
        () -> {
          throw new IllegalArgumentException("the stored event does not parse");
        },
        () -> DEAD);

    assertThat(told.await(10, TimeUnit.SECONDS)).isTrue();
  }
}
