package dev.hookline.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AmbiguousHostTest {
  @ParameterizedTest
  @CsvSource({
    "0x7f000001, 127.0.0.1",
    "017700000001, 127.0.0.1",
    "2130706433, 127.0.0.1",
    "127.1, 127.0.0.1",
    "127.0.1, 127.0.0.1",
    "0177.0.0.1, 127.0.0.1",
    "0x7f.0.0.1, 127.0.0.1",
    "127.000.000.001, 127.0.0.1",
    "127.0.0.1., 127.0.0.1",
    "0X7F.1, 127.0.0.1",
    "0x08080808, 8.8.8.8",
    "0, 0.0.0.0",
  })
  void nonCanonicalLiteralsAreRefusedSayingWhatTheyCanMean(String host, String meaning)
      throws Exception {
    AmbiguousHost judged = AmbiguousHost.of(host).orElseThrow();

    assertThat(judged.meaning()).contains((java.net.Inet4Address) InetAddress.getByName(meaning));
    assertThat(judged.reason()).contains("'" + host + "'").contains(meaning);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.3.4.5", "256.1.1.1", "08.1.1.1", "example.123", "1..2"})
  void numericHostsThatAreNoAddressAreRefused(String host) {
    assertThat(AmbiguousHost.of(host)).hasValueSatisfying(a -> assertThat(a.meaning()).isEmpty());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "8.8.8.8",
        "255.255.255.255",
        "0.0.0.0",
        "example.com",
        "localhost",
        "1e100.net",
        "a0x1",
        "[::1]",
        "::ffff:127.0.0.1",
        "hooks.example.com."
      })
  void canonicalAddressesNamesAndIpv6AreNotJudged(String host) {
    assertThat(AmbiguousHost.of(host)).isEmpty();
  }
}
