package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.hookline.Hookline;
import dev.hookline.MutableClock;
import dev.hookline.event.Event;
import dev.hookline.routing.DeliveryHeaders;
import dev.hookline.routing.DeliveryHeaders.Header;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.store.Delivery;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.store.Store;
import dev.hookline.template.Template;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Templated header values, user-set headers over Hookline's, and renamed delivery headers, seen by
 * a loopback receiver.
 */
class DeliveryHeadersTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final DeliveryHeaders MEGABOT =
      DeliveryHeaders.DEFAULT
          .withName(Header.EVENT, "X-MegaBot-Event")
          .withName(Header.DELIVERY, "X-MegaBot-Delivery")
          .withName(Header.TIMESTAMP, "X-MegaBot-Timestamp")
          .without(Header.ATTEMPT)
          .withUserAgent("MegaBot-Webhook/1.0")
          .withStandard(false);

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  final WebhookReceiver receiver = WebhookReceiver.start();
  Hookline hookline;

  @AfterEach
  void tearDown() {
    if (hookline != null) {
      hookline.close();
    }
    receiver.close();
  }

  Hookline.Builder hooklineBuilder() {
    return Hookline.builder()
        .store(Store.sqlite(dir.resolve("hookline.db")))
        .clock(clock)
        .signingSecret(SECRET)
        .allowPrivateNetworks(true)
        .pollInterval(Duration.ofMillis(20));
  }

  Endpoint.Builder endpoint() {
    return Endpoint.builder("ops", receiver.url("/hooks")).events("*");
  }

  static Event event() {
    return Event.builder("chat_message_received")
        .id("evt_123456")
        .put("team", "core")
        .put("note", "line one\r\nX-Injected: yes")
        .build();
  }

  RecordedRequest deliver(Hookline.Builder builder, Event event) throws InterruptedException {
    hookline = builder.build();
    hookline.publish(event);
    return receiver.takeRequest(WAIT);
  }

  Delivery awaitDead(String id) {
    await()
        .atMost(WAIT)
        .until(
            () -> hookline.delivery(id).map(Delivery::status).orElse(null) == DeliveryStatus.DEAD);
    return hookline.delivery(id).orElseThrow();
  }

  @Test
  void headerValuesAreTemplatedFromTheEvent() throws Exception {
    RecordedRequest r =
        deliver(
            hooklineBuilder()
                .endpoint(
                    endpoint()
                        .header("X-Event", "{type}")
                        .header("X-Team", "team={data.team}")
                        .header("X-Region", "{region|eu}")
                        .header("X-Json", "{{\"literal\": true}}")
                        .build()),
            event());

    assertThat(r.header("X-Event")).hasValue("chat_message_received");
    assertThat(r.header("X-Team")).hasValue("team=core");
    assertThat(r.header("X-Region")).hasValue("eu");
    assertThat(r.header("X-Json")).hasValue("{\"literal\": true}");
  }

  @Test
  void theDefaultHeadersAreUnchanged() throws Exception {
    RecordedRequest r = deliver(hooklineBuilder().endpoint(endpoint().build()), event());

    assertThat(r.header("User-Agent")).hasValue("Hookline/" + Hookline.VERSION);
    assertThat(r.header("X-Hookline-Event")).hasValue("chat_message_received");
    assertThat(r.header("X-Hookline-Delivery")).hasValueSatisfying(d -> assertThat(d).isNotEmpty());
    assertThat(r.header("X-Hookline-Attempt")).hasValue("1");
    assertThat(r.header("webhook-id")).hasValue("evt_123456");
    assertThat(r.header("webhook-timestamp"))
        .hasValue(Long.toString(clock.instant().getEpochSecond()));
    assertThat(r.verify(SignatureConfig.standard(SECRET)).valid()).isTrue();
  }

  @Test
  void userSetUserAgentAndHooklineHeadersWin() throws Exception {
    RecordedRequest r =
        deliver(
            hooklineBuilder()
                .endpoint(
                    endpoint()
                        .header("user-agent", "Mine/2.0")
                        .header("X-Hookline-Event", "custom.{type}")
                        .build()),
            event());

    assertThat(r.header("User-Agent")).hasValue("Mine/2.0");
    assertThat(r.header("X-Hookline-Event")).hasValue("custom.chat_message_received");
    assertThat(r.header("X-Hookline-Attempt")).hasValue("1");
  }

  @Test
  void theMegaBotHeaderSetIsSentAsTheGuideShowsIt() throws Exception {
    SignatureConfig hex =
        SignatureConfig.hex("your_webhook_secret", "X-MegaBot-Signature", "sha256=");

    RecordedRequest r =
        deliver(
            hooklineBuilder().endpoint(endpoint().signature(hex).deliveryHeaders(MEGABOT).build()),
            event());

    assertThat(r.header("X-MegaBot-Signature"))
        .hasValueSatisfying(s -> assertThat(s).startsWith("sha256="));
    assertThat(r.verify(hex).valid()).isTrue();
    assertThat(r.header("X-MegaBot-Event")).hasValue("chat_message_received");
    assertThat(r.header("X-MegaBot-Delivery")).isPresent();
    assertThat(r.header("X-MegaBot-Timestamp"))
        .hasValue(Long.toString(clock.instant().getEpochSecond()));
    assertThat(r.header("User-Agent")).hasValue("MegaBot-Webhook/1.0");
    assertThat(r.header("webhook-id")).isEmpty();
    assertThat(r.header("webhook-timestamp")).isEmpty();
    assertThat(r.header("X-Hookline-Event")).isEmpty();
    assertThat(r.header("X-Hookline-Attempt")).isEmpty();
  }

  @Test
  void serverWideHeadersApplyToEndpointsWithoutTheirOwn() throws Exception {
    SignatureConfig hex = SignatureConfig.hex("s", "X-Empathy-Signature", "");

    RecordedRequest r =
        deliver(
            hooklineBuilder().deliveryHeaders(MEGABOT).endpoint(endpoint().signature(hex).build()),
            event());

    assertThat(r.header("X-MegaBot-Event")).hasValue("chat_message_received");
    assertThat(r.header("X-Empathy-Signature")).isPresent();
    assertThat(r.verify(hex).valid()).isTrue();
  }

  @Test
  void theTimestampHeaderAgreesWithTheSignedTimestamp() throws Exception {
    RecordedRequest r =
        deliver(
            hooklineBuilder()
                .endpoint(
                    endpoint()
                        .deliveryHeaders(
                            DeliveryHeaders.DEFAULT
                                .withName(Header.TIMESTAMP, "X-Sent-At")
                                .withName(Header.EVENT, "X-Kind"))
                        .build()),
            event());

    assertThat(r.header("X-Sent-At")).isEqualTo(r.header("webhook-timestamp"));
    assertThat(r.header("X-Kind")).hasValue("chat_message_received");
    assertThat(r.verify(SignatureConfig.standard(SECRET)).valid()).isTrue();
  }

  @Test
  void aRenderedLineBreakKillsTheDeliveryUnsent() throws Exception {
    hookline = hooklineBuilder().endpoint(endpoint().header("X-Note", "{note}").build()).build();

    String id = hookline.publish(event()).deliveries().get(0).id();

    Delivery dead = awaitDead(id);
    assertThat(dead.lastError())
        .hasValueSatisfying(
            e ->
                assertThat(e)
                    .startsWith("headers: header 'X-Note' of endpoint 'ops'")
                    .contains("control character (U+000D)"));
    assertThat(receiver.requestCount()).isZero();
  }

  @Test
  void otherControlCharactersAndTextBeyondLatin1AreRefusedButTabIsKept() throws Exception {
    hookline =
        hooklineBuilder()
            .endpoint(endpoint().header("X-Note", "{note}").build())
            .endpoint(
                Endpoint.builder("wide", receiver.url("/wide"))
                    .events("*")
                    .header("X-Name", "{name}")
                    .build())
            .endpoint(
                Endpoint.builder("tab", receiver.url("/tab"))
                    .events("*")
                    .header("X-Tab", "{tab}")
                    .build())
            .build();

    var published =
        hookline.publish(
            Event.builder("x")
                .id("evt_ctl")
                .put("note", "bell\u0007")
                .put("name", "李")
                .put("tab", "a\tb")
                .build());

    RecordedRequest tab = receiver.takeRequest(WAIT);
    assertThat(tab.header("X-Tab")).hasValue("a\tb");
    for (var d : published.deliveries()) {
      if (d.endpointId().equals("tab")) {
        continue;
      }
      assertThat(awaitDead(d.id()).lastError())
          .hasValueSatisfying(
              e ->
                  assertThat(e)
                      .contains(
                          d.endpointId().equals("ops") ? "U+0007" : "beyond Latin-1 (U+674E)"));
    }
    assertThat(receiver.requestCount()).isEqualTo(1);
  }

  @Test
  void aMissingPathInAHeaderKillsTheDeliveryUnlessMissingIsEmpty() throws Exception {
    hookline =
        hooklineBuilder()
            .endpoint(endpoint().header("X-Owner", "{owner}").build())
            .endpoint(
                Endpoint.builder("lenient", receiver.url("/lenient"))
                    .events("*")
                    .header("X-Owner", "[{owner}]")
                    .templateMissing(Template.Missing.EMPTY)
                    .build())
            .build();

    var published = hookline.publish(event());

    String strict =
        published.deliveries().stream()
            .filter(d -> d.endpointId().equals("ops"))
            .findFirst()
            .orElseThrow()
            .id();
    assertThat(awaitDead(strict).lastError())
        .hasValueSatisfying(e -> assertThat(e).contains("X-Owner").contains("owner"));
    RecordedRequest lenient = receiver.takeRequest(WAIT);
    assertThat(lenient.path()).isEqualTo("/lenient");
    assertThat(lenient.header("X-Owner")).hasValue("[]");
  }

  @Test
  void standardOffIsRefusedWhenTheDefaultSignatureIsStandardWebhooks() {
    InvalidEndpointException e =
        catchThrowableOfType(
            InvalidEndpointException.class,
            () ->
                hooklineBuilder()
                    .endpoint(
                        endpoint()
                            .deliveryHeaders(DeliveryHeaders.DEFAULT.withStandard(false))
                            .build())
                    .build());

    assertThat(e.field()).isEqualTo("delivery_headers.standard");
    assertThat(e.getMessage()).contains("endpoint 'ops'").contains("Standard Webhooks");
  }

  @Test
  void aWebhookHeaderIsRefusedWhileStandardHeadersAreSent() {
    InvalidEndpointException e =
        catchThrowableOfType(
            InvalidEndpointException.class,
            () ->
                hooklineBuilder()
                    .endpoint(endpoint().header("Webhook-Id", "{id}").build())
                    .build());

    assertThat(e.field()).isEqualTo("headers.Webhook-Id");
    assertThat(e.getMessage()).contains("delivery_headers: {standard: false}");
  }
}
