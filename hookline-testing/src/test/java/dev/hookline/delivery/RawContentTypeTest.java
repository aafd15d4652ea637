package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.Hookline;
import dev.hookline.event.Event;
import dev.hookline.routing.ContentType;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.EndpointJson;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.store.Store;
import dev.hookline.template.Template;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code content_type}: raw bodies as JSON (the default), form fields or plain text. */
class RawContentTypeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  final WebhookReceiver receiver = WebhookReceiver.start();
  Hookline hookline;

  @AfterEach
  void tearDown() {
    if (hookline != null) {
      hookline.close();
    }
    receiver.close();
  }

  RecordedRequest deliver(Endpoint endpoint, Event event) throws InterruptedException {
    hookline =
        Hookline.builder()
            .store(Store.sqlite(dir.resolve("hookline.db")))
            .signingSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            .allowPrivateNetworks(true)
            .pollInterval(Duration.ofMillis(20))
            .endpoint(endpoint)
            .build();
    hookline.publish(event);
    return receiver.takeRequest(WAIT);
  }

  Endpoint.Builder raw() {
    return Endpoint.builder("ci", receiver.url("/job/deploy/buildWithParameters")).events("*");
  }

  static Event build() {
    return Event.builder("deploy.requested")
        .put("branch", "main & hotfix")
        .put("env", "prod")
        .put("count", 3)
        .put("params", Map.of("a", 1))
        .build();
  }

  @Test
  void formContentTypeSendsAMapTemplateFormEncoded() throws Exception {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("BRANCH", "{branch}");
    t.put("ENV", "{env}");
    t.put("COUNT", "{count}");
    t.put("json", "{params}");
    t.put("token", "s3cr=t");

    RecordedRequest r =
        deliver(raw().contentType(ContentType.FORM).template(Template.of(t)).build(), build());

    assertThat(r.header("Content-Type")).hasValue("application/x-www-form-urlencoded");
    assertThat(r.bodyAsString())
        .isEqualTo("BRANCH=main+%26+hotfix&ENV=prod&COUNT=3&json=%7B%22a%22%3A1%7D&token=s3cr%3Dt");
  }

  @Test
  void formWithoutATemplateSendsTheEventsFields() throws Exception {
    RecordedRequest r =
        deliver(
            raw().contentType(ContentType.FORM).build(),
            Event.builder("deploy.requested").id("evt_1").put("env", "prod").build());

    assertThat(r.bodyAsString()).startsWith("id=evt_1&type=deploy.requested&timestamp=");
    assertThat(r.bodyAsString()).contains("&data=%7B%22env%22%3A%22prod%22%7D");
  }

  @Test
  void textContentTypeSendsATextTemplateAsItIsNotAsAQuotedJsonString() throws Exception {
    RecordedRequest r =
        deliver(
            raw()
                .contentType(ContentType.TEXT)
                .template(Template.text("deploy {env} from {branch}"))
                .build(),
            build());

    assertThat(r.header("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(r.bodyAsString()).isEqualTo("deploy prod from main & hotfix");
  }

  @Test
  void aFormBodyIsSignedAsSent() throws Exception {
    SignatureConfig sig = SignatureConfig.github("k");
    RecordedRequest r =
        deliver(
            raw()
                .contentType(ContentType.FORM)
                .template(Template.of(Map.of("ENV", "{env}")))
                .signature(sig)
                .build(),
            build());

    assertThat(r.bodyAsString()).isEqualTo("ENV=prod");
    assertThat(r.verify(sig).valid()).isTrue();
  }

  @Test
  void contentTypeIsReadAndWrittenInTheEndpointJson() {
    Endpoint e =
        EndpointJson.fromJson(
            "{\"id\":\"ci\",\"url\":\"https://ci.example.com/x\",\"events\":[\"*\"],"
                + "\"content_type\":\"form\",\"template\":{\"ENV\":\"{env}\"}}");

    assertThat(e.contentType()).isEqualTo(ContentType.FORM);
    assertThat(Endpoint.fromJson(e.toJson())).isEqualTo(e);
    assertThat(EndpointJson.write(e).path("content_type").asText()).isEqualTo("form");
    assertThatThrownBy(
            () ->
                EndpointJson.fromJson(
                    "{\"id\":\"ci\",\"url\":\"https://ci.example.com/x\",\"events\":[\"*\"],"
                        + "\"content_type\":\"xml\"}"))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("content_type")
        .hasMessageContaining("use json, form or text");
  }

  @Test
  void contentTypesThatCannotWorkAreRefusedWhenBuilt() {
    assertThatThrownBy(
            () -> raw().contentType(ContentType.TEXT).template(Template.of(Map.of())).build())
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("needs a text template");
    assertThatThrownBy(
            () -> raw().contentType(ContentType.FORM).template(Template.text("a={x}")).build())
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("needs a map template");
    assertThatThrownBy(
            () -> raw().contentType(ContentType.FORM).template(Template.of(List.of("{x}"))).build())
        .isInstanceOf(InvalidEndpointException.class);
    assertThatThrownBy(
            () ->
                Endpoint.builder("s", "https://hooks.slack.com/x")
                    .events("*")
                    .format(dev.hookline.routing.Format.SLACK)
                    .contentType(ContentType.FORM)
                    .build())
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("applies to raw endpoints");
  }
}
