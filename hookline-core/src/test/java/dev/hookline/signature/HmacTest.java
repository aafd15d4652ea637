package dev.hookline.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HmacTest {
  @Test
  void computesTheMacOfTheConcatenatedParts() {
    Hmac hmac = new Hmac(Hmac.SHA256, "It's a Secret to Everybody".getBytes(UTF_8));

    byte[] mac = hmac.compute("Hello, ".getBytes(UTF_8), "World!".getBytes(UTF_8));

    assertThat(HexFormat.of().formatHex(mac))
        .isEqualTo("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  }

  @Test
  void oneKeyServesManyThreadsAtOnce() throws Exception {
    Hmac hmac = new Hmac(Hmac.SHA256, "It's a Secret to Everybody".getBytes(UTF_8));
    List<Future<String>> results = new ArrayList<>();

    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 2_000; i++) {
        results.add(
            threads.submit(
                () -> HexFormat.of().formatHex(hmac.compute("Hello, World!".getBytes(UTF_8)))));
      }
    }

    for (Future<String> result : results) {
      assertThat(result.get())
          .isEqualTo("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }
  }
}
