package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkGuardTest {
  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, true",
    "10.1.2.3, true",
    "172.16.0.1, true",
    "192.168.1.1, true",
    "169.254.169.254, true",
    "100.64.0.1, true",
    "0.0.0.0, true",
    "198.18.0.1, true",
    "240.0.0.1, true",
    "::1, true",
    "fd00::1, true",
    "fe80::1, true",
    "::ffff:10.0.0.1, true",
    "64:ff9b::a00:1, true",
    "64:ff9b:1::a00:1, true",
    "::127.0.0.1, true",
    "::10.0.0.1, true",
    "::8.8.8.8, false",
    "2002:7f00:1::1, true",
    "2002:a9fe:a9fe::1, true",
    "2002:c0a8:101::, true",
    "2002:808:808::1, false",
    "8.8.8.8, false",
    "93.184.216.34, false",
    "2606:4700:4700::1111, false",
  })
  void judgesAddressesByTheirRange(String address, boolean refused) throws Exception {
    InetAddress parsed = InetAddress.getByName(address);

    boolean result = NetworkGuard.isPrivate(parsed);

    assertThat(result).as(address).isEqualTo(refused);
  }
}
