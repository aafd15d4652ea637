package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LiveStreamTest {
  @Test
  void aSubscriberThatDoesNotReadHoldsABoundedNumberOfBytes() {
    LiveStream.Subscriber s = new LiveStream.Subscriber(List.of());
    String big = "x".repeat(100_000);

    for (int i = 0; i < 500; i++) {
      s.offer(new LiveStream.Message("event", "evt_" + i, "order.created", big));
    }

    assertThat(s.bytes.get()).isLessThanOrEqualTo(LiveStream.MAX_QUEUED_BYTES);
    assertThat(s.queue.size()).isEqualTo((int) (LiveStream.MAX_QUEUED_BYTES / 100_000));
    assertThat(s.dropped.get()).isEqualTo(500 - s.queue.size());
  }
}
