package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.store.StoreException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures the API answers 503 (come back later) and which 500 (logged as an error). */
class StoreOutageCauseTest {
  @Test
  void anOutageAnywhereInTheCauseChainIsAnswered503() {
    StoreException outage =
        new StoreException("read failed", new SQLTransientConnectionException("pool timed out"));

    assertThat(StoreOutage.cause(new IllegalStateException("wrapped", outage))).contains(outage);
  }

  @Test
  void aStoreFaultThatAnotherTryWouldNotMendIsNotAnOutage() {
    StoreException damaged = new StoreException("endpoint x in sqlite:/db is damaged");

    assertThat(StoreOutage.cause(damaged)).isEmpty();
    assertThat(StoreOutage.cause(new RuntimeException(damaged))).isEmpty();
  }
}
