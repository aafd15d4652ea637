package dev.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueryTest {
  static final Instant FAR_FUTURE = Instant.parse("+999999999-12-31T23:59:59Z");
  static final Instant FAR_PAST = Instant.parse("-999999999-01-01T00:00:00Z");

  @Test
  void timesOutsideYears1To9999AreRefusedNamingTheMethod() {
    assertThatThrownBy(() -> DeliveryQuery.all().since(FAR_FUTURE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("DeliveryQuery.since");
    assertThatThrownBy(() -> DeliveryQuery.all().until(FAR_PAST))
        .hasMessageStartingWith("DeliveryQuery.until");
    assertThatThrownBy(() -> EventQuery.all().since(FAR_PAST))
        .hasMessageStartingWith("EventQuery.since");
    assertThatThrownBy(() -> EventQuery.all().until(FAR_FUTURE))
        .hasMessageStartingWith("EventQuery.until");
  }

  @Test
  void timesAtTheEdgesAreTaken() {
    EventQuery q = EventQuery.all().since(DeliveryQuery.MIN_TIME).until(DeliveryQuery.MAX_TIME);

    assertThat(q.since()).contains(Instant.parse("0001-01-01T00:00:00Z"));
    assertThat(q.until()).contains(Instant.parse("9999-12-31T23:59:59.999Z"));
  }

  @Test
  void aCursorOfAnotherKindIsRefused() {
    assertThatThrownBy(() -> EventQuery.all().after("dlv_"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("EventQuery.after");
    assertThatThrownBy(() -> EventQuery.all().after("eyJhIjoxfQ=="))
        .hasMessageContaining("not an event cursor");
    assertThatThrownBy(() -> DeliveryQuery.all().after("1700000000000.evt_1"))
        .hasMessageStartingWith("DeliveryQuery.after");
    assertThatThrownBy(() -> DeliveryQuery.all().after("dlv_"))
        .hasMessageContaining("not a delivery cursor");
  }

  @Test
  void cursorsOfTheirOwnKindAreTaken() {
    assertThat(EventQuery.all().after("1700000000000.evt_01J0000000000000000000000").cursor())
        .isPresent();
    assertThat(DeliveryQuery.all().after("dlv_01J0000000000000000000000").cursor()).isPresent();
  }
}
