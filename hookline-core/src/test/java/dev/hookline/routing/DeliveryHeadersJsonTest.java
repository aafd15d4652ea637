package dev.hookline.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.routing.DeliveryHeaders.Header;
import dev.hookline.template.Template;
import org.junit.jupiter.api.Test;

/** {@code delivery_headers} and templated {@code headers} in the endpoint JSON. */
class DeliveryHeadersJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Endpoint read(String fields) {
    return EndpointJson.fromJson(
        "{\"id\":\"ops\",\"url\":\"https://ops.example.com/hooks\",\"events\":[\"*\"],"
            + fields
            + "}");
  }

  private static InvalidEndpointException refused(String fields) {
    return catchThrowableOfType(InvalidEndpointException.class, () -> read(fields));
  }

  @Test
  void aDeliveryHeadersBlockIsReadAndWrittenBack() {
    Endpoint e =
        read(
            "\"signature\":{\"scheme\":\"hex\",\"secret\":\"s\",\"header\":\"X-MegaBot-Signature\","
                + "\"prefix\":\"sha256=\"},\"delivery_headers\":{\"event\":\"X-MegaBot-Event\","
                + "\"delivery\":\"X-MegaBot-Delivery\",\"timestamp\":\"X-MegaBot-Timestamp\","
                + "\"attempt\":false,\"user_agent\":\"MegaBot-Webhook/1.0\",\"standard\":false}");

    DeliveryHeaders d = e.deliveryHeaders().orElseThrow();
    assertThat(d.name(Header.EVENT)).hasValue("X-MegaBot-Event");
    assertThat(d.name(Header.DELIVERY)).hasValue("X-MegaBot-Delivery");
    assertThat(d.name(Header.TIMESTAMP)).hasValue("X-MegaBot-Timestamp");
    assertThat(d.name(Header.ATTEMPT)).isEmpty();
    assertThat(d.userAgent()).hasValue("MegaBot-Webhook/1.0");
    assertThat(d.standard()).isFalse();
    assertThat(Endpoint.fromJson(e.toJson())).isEqualTo(e);
    assertThat(EndpointJson.write(e).path("delivery_headers").path("attempt").asText()).isEmpty();
  }

  @Test
  void keysLeftOutKeepTheDefaultsAndAnEmptyNameTurnsAHeaderOff() {
    Endpoint e = read("\"delivery_headers\":{\"attempt\":\"\",\"delivery\":null}");

    DeliveryHeaders d = e.deliveryHeaders().orElseThrow();
    assertThat(d.name(Header.ATTEMPT)).isEmpty();
    assertThat(d.name(Header.DELIVERY)).hasValue(DeliveryHeaders.DEFAULT_DELIVERY_HEADER);
    assertThat(d.name(Header.EVENT)).hasValue(DeliveryHeaders.DEFAULT_EVENT_HEADER);
    assertThat(d.name(Header.TIMESTAMP)).isEmpty();
    assertThat(d.userAgent()).isEmpty();
    assertThat(d.standard()).isTrue();
  }

  @Test
  void aPartialBlockIsReadOverTheInheritedOne() throws Exception {
    DeliveryHeaders server =
        DeliveryHeaders.DEFAULT.withName(Header.EVENT, "X-MegaBot-Event").withUserAgent("MB/1");
    JsonNode node =
        JSON.readTree(
            "{\"id\":\"ops\",\"url\":\"https://ops.example.com/hooks\",\"events\":[\"*\"],"
                + "\"delivery_headers\":{\"user_agent\":\"Other/2\"}}");

    Endpoint e = EndpointJson.read(node, "endpoints[0]", server);

    assertThat(e.deliveryHeaders().orElseThrow().name(Header.EVENT)).hasValue("X-MegaBot-Event");
    assertThat(e.deliveryHeaders().orElseThrow().userAgent()).hasValue("Other/2");
  }

  @Test
  void anUnknownKeyInTheBlockIsNamedWithASuggestion() {
    InvalidEndpointException e = refused("\"delivery_headers\":{\"evnt\":\"X-E\"}");

    assertThat(e.field()).isEqualTo("delivery_headers.evnt");
    assertThat(e.getMessage()).contains("did you mean event?");
  }

  @Test
  void anInvalidOrTakenNameIsRefusedAtItsKey() {
    assertThat(refused("\"delivery_headers\":{\"event\":\"X Event\"}").getMessage())
        .startsWith("delivery_headers.event: ")
        .contains("not an HTTP header name");
    assertThat(refused("\"delivery_headers\":{\"delivery\":\"webhook-id\"}").field())
        .isEqualTo("delivery_headers.delivery");
    assertThat(refused("\"delivery_headers\":{\"attempt\":\"X-Hookline-Event\"}").getMessage())
        .contains("already the name of delivery_headers.event");
    assertThat(refused("\"delivery_headers\":{\"event\":42}").getMessage())
        .contains("expected a header name");
  }

  @Test
  void aBlankUserAgentIsRefusedWithTheReason() {
    InvalidEndpointException e = refused("\"delivery_headers\":{\"user_agent\":\" \"}");

    assertThat(e.field()).isEqualTo("delivery_headers.user_agent");
    assertThat(e.getMessage()).contains("always carries a User-Agent");
  }

  @Test
  void standardOffIsRefusedForAnEndpointSigningWithStandardWebhooks() {
    InvalidEndpointException e =
        refused(
            "\"signature\":{\"scheme\":\"standard\",\"secret\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"},"
                + "\"delivery_headers\":{\"standard\":false}");

    assertThat(e.field()).isEqualTo("delivery_headers.standard");
    assertThat(e.getMessage())
        .contains("covers webhook-id and webhook-timestamp")
        .contains("scheme: hex");
  }

  @Test
  void aUserHeaderTakingTheSignatureHeaderIsRefused() {
    InvalidEndpointException e =
        refused(
            "\"signature\":{\"scheme\":\"hex\",\"secret\":\"s\",\"header\":\"X-MegaBot-Signature\"},"
                + "\"headers\":{\"x-megabot-signature\":\"mine\"}");

    assertThat(e.field()).isEqualTo("headers.x-megabot-signature");
    assertThat(e.getMessage()).contains("carries the endpoint's signature (hex)");
  }

  @Test
  void aDeliveryHeaderNamedLikeTheSignatureHeaderIsRefused() {
    InvalidEndpointException e =
        refused(
            "\"signature\":{\"scheme\":\"github\",\"secret\":\"s\"},"
                + "\"delivery_headers\":{\"event\":\"X-Hub-Signature-256\"}");

    assertThat(e.field()).isEqualTo("delivery_headers.event");
  }

  @Test
  void aWebhookHeaderIsAllowedOnceStandardHeadersAreOff() {
    Endpoint e =
        read(
            "\"signature\":{\"scheme\":\"hex\",\"secret\":\"s\"},\"headers\":{\"webhook-id\":\"{id}\"},"
                + "\"delivery_headers\":{\"standard\":false}");

    assertThat(e.headers()).containsEntry("webhook-id", "{id}");
    assertThat(refused("\"headers\":{\"webhook-id\":\"{id}\"},\"delivery_headers\":{}").field())
        .isEqualTo("headers.webhook-id");
  }

  @Test
  void aMalformedHeaderTemplateIsRefusedAtItsKeyWithTheEscape() {
    InvalidEndpointException e = refused("\"headers\":{\"X-Json\":\"{\\\"a\\\":1\"}");

    assertThat(e.field()).isEqualTo("headers.X-Json");
    assertThat(e.getMessage()).contains("a literal brace is written {{");
  }

  @Test
  void doubledBracesAreLiteralAndTemplateMissingAppliesToHeaders() {
    Endpoint e =
        read(
            "\"headers\":{\"X-Json\":\"{{\\\"a\\\":1}}\",\"X-Team\":\"{team}\"},\"template_missing\":\"empty\"");

    assertThat(e.headerTemplates().get("X-Json").literalText()).hasValue("{\"a\":1}");
    assertThat(e.headerTemplates().get("X-Team").missing()).isEqualTo(Template.Missing.EMPTY);
    assertThat(e.templateMissing()).isEqualTo(Template.Missing.EMPTY);
    assertThat(Endpoint.fromJson(e.toJson())).isEqualTo(e);
  }

  @Test
  void aPlaceholderInAHeaderIsRefusedForABatch() {
    InvalidEndpointException e =
        refused(
            "\"headers\":{\"X-Event\":\"{type}\"},\"batch\":{\"max_size\":10,\"max_wait\":\"5s\"}");

    assertThat(e.field()).isEqualTo("headers.X-Event");
    assertThat(e.getMessage()).contains("a batch carries several events");
  }
}
