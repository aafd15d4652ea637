package dev.hookline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UlidTest {
  @Test
  void successorIsTheNextIdInSortOrderWithThePrefixKept() {
    assertThat(Ulid.successor("dlv_01HZZZZZZZ000000000000000Z"))
        .isEqualTo("dlv_01HZZZZZZZ0000000000000010");
    assertThat(Ulid.successor("dlv_01HZZZZZZZ0000000000000007"))
        .isEqualTo("dlv_01HZZZZZZZ0000000000000008");
    assertThat(Ulid.successor("dlv_01HZZZZZZZ000000000000000H"))
        .isEqualTo("dlv_01HZZZZZZZ000000000000000J")
        .isGreaterThan("dlv_01HZZZZZZZ000000000000000H");
  }

  @Test
  void theGreatestIdHasNoSuccessor() {
    assertThatThrownBy(() -> Ulid.successor("dlv_ZZZZZZZZZZZZZZZZZZZZZZZZZZ"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dlv_ZZZZZZZZZZZZZZZZZZZZZZZZZZ");
  }
}
