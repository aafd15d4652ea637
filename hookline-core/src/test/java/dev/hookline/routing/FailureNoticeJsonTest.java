package dev.hookline.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.Hookline;
import dev.hookline.signature.WebhookSecret;
import dev.hookline.store.Store;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An endpoint's {@code on_failure}: read, written, and refused with the key at fault. */
class FailureNoticeJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static String endpoint(String onFailure) {
    return "{\"id\": \"ops\", \"url\": \"https://ops.example.com\", \"events\": [\"*\"],"
        + " \"on_failure\": "
        + onFailure
        + "}";
  }

  private static InvalidEndpointException invalid(String json) throws Exception {
    return catchThrowableOfType(
        InvalidEndpointException.class,
        () -> EndpointJson.read(JSON.readTree(json), "endpoints[1]"));
  }

  @Test
  void onFailureEndpointIsReadAndWrittenBack() {
    Endpoint e = EndpointJson.fromJson(endpoint("{\"endpoint\": \"ops-alerts\"}"));

    assertThat(e.onFailure()).contains(OnFailure.toEndpoint("ops-alerts"));
    assertThat(EndpointJson.write(e).get("on_failure").toString())
        .isEqualTo("{\"endpoint\":\"ops-alerts\"}");
    assertThat(EndpointJson.fromJson(EndpointJson.toJson(e))).isEqualTo(e);
  }

  @Test
  void onFailureEventIsReadAndWrittenBack() {
    Endpoint e = EndpointJson.fromJson(endpoint("{\"event\": \"ops.delivery_dead\"}"));

    assertThat(e.onFailure()).contains(OnFailure.asEvent("ops.delivery_dead"));
    assertThat(e.onFailure().flatMap(OnFailure::endpoint)).isEmpty();
    assertThat(EndpointJson.fromJson(EndpointJson.toJson(e))).isEqualTo(e);
  }

  @Test
  void anEndpointWithoutOnFailureWritesNone() {
    Endpoint e = Endpoint.builder("ops", "https://ops.example.com").events("*").build();

    assertThat(e.onFailure()).isEmpty();
    assertThat(EndpointJson.write(e).has("on_failure")).isFalse();
  }

  @Test
  void bothKeysAreRefusedNamingOnFailure() throws Exception {
    InvalidEndpointException e =
        invalid(endpoint("{\"endpoint\": \"ops-alerts\", \"event\": \"ops.dead\"}"));

    assertThat(e.field()).isEqualTo("endpoints[1].on_failure");
    assertThat(e)
        .hasMessageStartingWith("endpoints[1].on_failure: ")
        .hasMessageContaining("exactly one of endpoint");
  }

  @Test
  void neitherKeyIsRefusedNamingOnFailure() throws Exception {
    InvalidEndpointException e = invalid(endpoint("{}"));

    assertThat(e.field()).isEqualTo("endpoints[1].on_failure");
    assertThat(e).hasMessageContaining("exactly one of endpoint");
  }

  @Test
  void aMisspelledKeyIsRefusedWithTheClosestOne() throws Exception {
    InvalidEndpointException e = invalid(endpoint("{\"endpont\": \"ops-alerts\"}"));

    assertThat(e)
        .hasMessage("endpoints[1].on_failure.endpont: unknown key; did you mean endpoint?");
  }

  @Test
  void onFailureThatIsNotAMapIsRefused() throws Exception {
    InvalidEndpointException e = invalid(endpoint("\"ops-alerts\""));

    assertThat(e.field()).isEqualTo("endpoints[1].on_failure");
    assertThat(e).hasMessageContaining("{endpoint: <endpoint id>}");
  }

  @Test
  void anEndpointCannotAnnounceToItself() throws Exception {
    InvalidEndpointException e = invalid(endpoint("{\"endpoint\": \"ops\"}"));

    assertThat(e.field()).isEqualTo("endpoints[1].on_failure.endpoint");
    assertThat(e).hasMessageContaining("cannot be the endpoint itself");
  }

  @Test
  void aPatternIsNotANoticeType() throws Exception {
    InvalidEndpointException e = invalid(endpoint("{\"event\": \"ops.*\"}"));

    assertThat(e.field()).isEqualTo("endpoints[1].on_failure.event");
    assertThat(e).hasMessageContaining("is not an event type");
  }

  @Test
  void theJavaBuilderRefusesTheSameThings() {
    assertThat(
            catchThrowableOfType(
                InvalidEndpointException.class,
                () -> new OnFailure(Optional.of("a"), Optional.of("b"))))
        .extracting(InvalidEndpointException::field)
        .isEqualTo("on_failure");
    assertThat(
            catchThrowableOfType(
                InvalidEndpointException.class,
                () ->
                    Endpoint.builder("ops", "https://ops.example.com")
                        .events("*")
                        .onFailure(OnFailure.toEndpoint("ops"))
                        .build()))
        .extracting(InvalidEndpointException::field)
        .isEqualTo("on_failure.endpoint");
  }

  @Test
  void hooklineRefusesAnOnFailureEndpointThatDoesNotExist() {
    InvalidEndpointException e =
        catchThrowableOfType(
            InvalidEndpointException.class,
            () ->
                Hookline.builder()
                    .store(Store.sqlite(dir.resolve("hookline.db")))
                    .signingSecret(WebhookSecret.generate())
                    .endpoint(
                        Endpoint.builder("ops", "https://ops.example.com")
                            .events("*")
                            .onFailure(OnFailure.toEndpoint("pager"))
                            .build())
                    .build()
                    .close());

    assertThat(e.field()).isEqualTo("on_failure.endpoint");
    assertThat(e).hasMessageContaining("'pager' is not an endpoint").hasMessageContaining("ops");
  }

  @Test
  void hooklineTakesATargetDeclaredAfterTheEndpointThatNamesIt() {
    try (Hookline h =
        Hookline.builder()
            .store(Store.sqlite(dir.resolve("hookline.db")))
            .signingSecret(WebhookSecret.generate())
            .endpoint(
                Endpoint.builder("ops", "https://ops.example.com")
                    .events("*")
                    .onFailure(OnFailure.toEndpoint("pager"))
                    .build())
            .endpoint(Endpoint.builder("pager", "https://pager.example.com").events("x").build())
            .build()) {

      assertThat(h.endpoint("ops").flatMap(Endpoint::onFailure))
          .contains(OnFailure.toEndpoint("pager"));
    }
  }
}
