package dev.hookline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CpuMeterTest {

  @Test
  void threadsCountInThePartTheirNameSays() {
    assertThat(CpuMeter.partOf("sink-42")).isEqualTo("sink");
    assertThat(CpuMeter.partOf("hookline-http-7")).isEqualTo("client");
    assertThat(CpuMeter.partOf("raw-client-sender")).isEqualTo("client");
    assertThat(CpuMeter.partOf("hookline-store-writer-0")).isEqualTo("store");
    assertThat(CpuMeter.partOf("hookline-recorder")).isEqualTo("engine");
    assertThat(CpuMeter.partOf("bench-publisher-3")).isEqualTo("publish");
    assertThat(CpuMeter.partOf("main")).isEqualTo("jvm+other");
  }

  @Test
  void cpuOfAThreadThatEndedInTheWindowCountsInItsPart() throws Exception {
    CpuMeter meter = CpuMeter.start();
    Thread busy = Thread.ofPlatform().name("sink-test").start(CpuMeterTest::spinHalfASecond);
    busy.join();

    CpuUse use = meter.stop(1000, Duration.ofMillis(3));

    // Half a second of CPU over 1,000 requests: about 500 µs each (the thread may be descheduled,
    // and the reading before it ended may be up to one period short).
    assertThat(use.parts().get("sink")).isGreaterThan(100.0);
    assertThat(use.parts().get("wrk")).isEqualTo(3.0);
    assertThat(use.total()).isGreaterThanOrEqualTo(use.parts().get("sink") + 3.0);
    assertThat(use.breakdown()).startsWith("sink ");
  }

  @Test
  void aServerOnThisMachineCountsAsItsOwnPart() throws Exception {
    // This JVM is a process of this machine running "java": it stands in for a database server.
    CpuMeter meter = CpuMeter.startWithServer("java");
    spinHalfASecond();

    CpuUse use = meter.stop(1000, Duration.ZERO);

    assertThat(use.parts().get("java")).isGreaterThan(100.0);
  }

  private static void spinHalfASecond() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long until = mx.getCurrentThreadCpuTime() + 500_000_000L;
    long x = 0;
    while (mx.getCurrentThreadCpuTime() < until) {
      x += System.nanoTime() % 7;
    }
    if (x == 42) {
      System.out.println(x);
    }
  }
}
