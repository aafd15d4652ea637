package dev.hookline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdSetTest {

  @Test
  void countsDistinctIdsAcrossGrowth() {
    IdSet set = new IdSet();

    long added = 0;
    for (int i = 0; i < 300_000; i++) {
      added += set.add("msg_" + i) ? 1 : 0;
    }
    long again = 0;
    for (int i = 0; i < 300_000; i += 3) {
      again += set.add("msg_" + i) ? 1 : 0;
    }

    assertThat(added).isEqualTo(300_000);
    assertThat(again).isZero();
    assertThat(set.size()).isEqualTo(300_000);
  }

  @Test
  void randomIdsDoNotCollide() {
    IdSet set = new IdSet();

    for (int i = 0; i < 100_000; i++) {
      assertThat(set.add(UUID.randomUUID().toString())).isTrue();
    }

    assertThat(set.size()).isEqualTo(100_000);
  }
}
