package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransportsTest {
  private static final Endpoint HTTP =
      Endpoint.builder("ops", "https://ops.example.com/hooks").events("*").build();
  private static final Endpoint MAIL =
      Endpoint.builder("mail")
          .events("*")
          .format(
              Format.EMAIL,
              Map.of(
                  "smtp_host", "smtp.example.com", "from", "a@example.com", "to", "b@example.com"))
          .build();

  @Test
  void emailEndpointsGoOverSmtpAndTheOthersOverHttp() {
    try (Transports t = new Transports(PrivateNetworks.DENY, 4, "Hookline/test")) {
      assertThat(t.of(MAIL)).isInstanceOf(MailTransport.class);
      assertThat(t.of(HTTP)).isInstanceOf(HttpTransport.class).isSameAs(t.lookups());
    }
  }

  @Test
  void perEndpointOnlyTheEndpointsThatAskSkipTheGuard() {
    Endpoint inside = HTTP.toBuilder().allowPrivateNetwork(true).build();

    try (Transports t = new Transports(PrivateNetworks.PER_ENDPOINT, 4, "Hookline/test")) {
      assertThat(t.of(inside)).isNotSameAs(t.of(HTTP)).isSameAs(t.of(inside));
      assertThat(t.of(HTTP)).isSameAs(t.lookups());
    }
  }

  @Test
  void withoutPerEndpointRulesAskingChangesNothing() {
    Endpoint inside = HTTP.toBuilder().allowPrivateNetwork(true).build();

    try (Transports t = new Transports(PrivateNetworks.DENY, 4, "Hookline/test")) {
      assertThat(t.of(inside)).isSameAs(t.of(HTTP));
    }
  }
}
