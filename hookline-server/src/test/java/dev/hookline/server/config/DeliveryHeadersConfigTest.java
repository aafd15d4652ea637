package dev.hookline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hookline.routing.DeliveryHeaders;
import dev.hookline.routing.DeliveryHeaders.Header;
import dev.hookline.routing.Endpoint;
import dev.hookline.server.config.ConfigException.Problem;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The top-level {@code delivery_headers:} of {@code hookline.yaml} and endpoints' overrides. */
class DeliveryHeadersConfigTest {
  private static final String MEGABOT =
      """
      signing:
        secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
      delivery_headers:
        event: X-MegaBot-Event
        delivery: X-MegaBot-Delivery
        timestamp: X-MegaBot-Timestamp
        attempt: ""
        user_agent: MegaBot-Webhook/1.0
      endpoints:
        - id: monitoring
          url: https://monitoring.example.com/webhook
          events: ["*"]
          headers:
            X-Event-Type: "{type}"
        - id: receiver
          url: https://receiver.example.com/webhook
          events: ["*"]
          signature: {scheme: hex, secret: s, header: X-MegaBot-Signature, prefix: "sha256="}
          delivery_headers:
            standard: false
            user_agent: Receiver/2
      """;

  @TempDir Path dir;

  private HooklineConfig parse(String yaml) {
    return HooklineConfig.parse(yaml, Map.of(), dir);
  }

  private ConfigException invalid(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> parse(yaml));
  }

  private static Endpoint endpoint(HooklineConfig c, String id) {
    return c.endpoints().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void theTopLevelBlockIsTheDefaultAndAnEndpointOverridesItKeyByKey() {
    HooklineConfig c = parse(MEGABOT);

    DeliveryHeaders top = c.deliveryHeaders();
    assertThat(top.name(Header.EVENT)).hasValue("X-MegaBot-Event");
    assertThat(top.name(Header.ATTEMPT)).isEmpty();
    assertThat(top.userAgent()).hasValue("MegaBot-Webhook/1.0");
    assertThat(endpoint(c, "monitoring").deliveryHeaders()).isEmpty();
    DeliveryHeaders own = endpoint(c, "receiver").deliveryHeaders().orElseThrow();
    assertThat(own.name(Header.EVENT)).hasValue("X-MegaBot-Event");
    assertThat(own.name(Header.TIMESTAMP)).hasValue("X-MegaBot-Timestamp");
    assertThat(own.userAgent()).hasValue("Receiver/2");
    assertThat(own.standard()).isFalse();
  }

  @Test
  void aFileWithoutTheBlockKeepsHooklinesHeaders() {
    HooklineConfig c =
        parse(
            """
            endpoints:
              - {id: a, url: "https://a.example.com", events: ["*"]}
            """);

    assertThat(c.deliveryHeaders()).isEqualTo(DeliveryHeaders.DEFAULT);
  }

  @Test
  void aBadTopLevelKeyIsReportedAtItsPathAndLine() {
    ConfigException e =
        invalid(
            """
            delivery_headers:
              event: X-MegaBot-Event
              user_agnet: MegaBot-Webhook/1.0
            """);

    Problem p = e.problems().get(0);
    assertThat(p.path()).isEqualTo("delivery_headers.user_agnet");
    assertThat(p.line()).hasValue(3);
    assertThat(p.message()).contains("did you mean user_agent?");
  }

  @Test
  void aBadTopLevelNameIsReportedAtItsKey() {
    ConfigException e =
        invalid(
            """
            delivery_headers:
              delivery: "X MegaBot Delivery"
            """);

    assertThat(e.problems().get(0).path()).isEqualTo("delivery_headers.delivery");
    assertThat(e.problems().get(0).line()).hasValue(2);
    assertThat(e.problems().get(0).message()).contains("not an HTTP header name");
  }

  @Test
  void topLevelStandardOffIsRefusedForAnEndpointSigningWithTheDefaultSecret() {
    ConfigException e =
        invalid(
            """
            signing:
              secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
            delivery_headers:
              standard: false
            endpoints:
              - {id: a, url: "https://a.example.com", events: ["*"]}
            """);

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).path()).isEqualTo("endpoints[0].delivery_headers.standard");
    assertThat(e.problems().get(0).message())
        .contains("endpoint 'a'")
        .contains("signs with Standard Webhooks");
  }

  @Test
  void anEndpointsMalformedHeaderTemplateIsReportedAtItsLine() {
    ConfigException e =
        invalid(
            """
            endpoints:
              - id: a
                url: "https://a.example.com"
                events: ["*"]
                headers:
                  X-Json: "{not closed"
            """);

    Problem p = e.problems().get(0);
    assertThat(p.path()).isEqualTo("endpoints[0].headers.X-Json");
    assertThat(p.line()).hasValue(6);
    assertThat(p.message()).contains("{{");
  }
}
