package dev.hookline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.server.RawHttp.Answer;
import dev.hookline.server.TestServer.Response;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client's mistake is a 4xx with the JSON error body and leaves nothing behind (issues #11.5,
 * #19.3, #19.4): bad charsets, short bodies, out-of-range times, foreign cursors, broken framing.
 */
class ClientErrorsTest {
  static final String EVENT = "{\"type\":\"order.created\",\"data\":{\"total\":1}}";
  static final String FAR_FUTURE = "%2B999999999-12-31T23%3A59%3A59Z";
  static final String FAR_PAST = "-999999999-01-01T00%3A00%3A00Z";

  @TempDir Path dir;
  TestServer t;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  // ---- charsets -------------------------------------------------------------------------------

  @Test
  void anUnknownCharsetIsRefused() {
    Response r = postWithType("/api/events", "application/json; charset=ebcdic", EVENT);

    assertThat(r.status()).as(r.body()).isEqualTo(415);
    assertClientError(r);
    assertNothingRecorded();
  }

  @Test
  void aMalformedCharsetIsRefused() {
    Response r = postWithType("/api/events", "text/html; charset=\"", EVENT);

    assertClientError(r);
    assertNothingRecorded();
  }

  @Test
  void aContentTypeOfSeparatorsAloneIsRefused() {
    Response r = postWithType("/api/endpoints", ";;;", "{}");

    assertThat(r.status()).as(r.body()).isEqualTo(415);
    assertClientError(r);
  }

  @Test
  void aMalformedCharsetOnAnInboundWebhookIsRefused() {
    Response r = postWithType("/webhooks/github", "application/json; charset=\"", EVENT);

    assertClientError(r);
    assertNothingRecorded();
  }

  // ---- bodies shorter than their Content-Length -----------------------------------------------

  @Test
  void aShortBodyOnEventsIsA400() {
    Answer a = shortBody("/api/events");

    assertIncompleteBody(a);
    assertNothingRecorded();
  }

  @Test
  void aShortBodyOnEndpointsIsA400() {
    Answer a = shortBody("/api/endpoints");

    assertIncompleteBody(a);
    assertThat(t.get("/api/endpoints").json().path("data")).isEmpty();
  }

  @Test
  void aShortBodyOnAnInboundWebhookIsA400() {
    Answer a = shortBody("/webhooks/github");

    assertIncompleteBody(a);
    assertNothingRecorded();
  }

  // ---- times out of range (#19.3) -------------------------------------------------------------

  @Test
  void aDeliveriesSinceBeyondYear9999NamesSince() {
    Response r = t.get("/api/deliveries?since=" + FAR_FUTURE);

    assertParameterError(r, "invalid_time", "since");
  }

  @Test
  void aDeliveriesUntilBeforeYear1NamesUntil() {
    Response r = t.get("/api/deliveries?until=" + FAR_PAST);

    assertParameterError(r, "invalid_time", "until");
  }

  @Test
  void anEventsSinceBeforeYear1NamesSince() {
    Response r = t.get("/api/events?since=" + FAR_PAST);

    assertParameterError(r, "invalid_time", "since");
  }

  @Test
  void anEventsUntilBeforeYear1NamesUntil() {
    Response r = t.get("/api/events?until=" + FAR_PAST);

    assertParameterError(r, "invalid_time", "until");
  }

  @Test
  void aHugeDurationAgoNamesSince() {
    Response r = t.get("/api/deliveries?since=99999999999999d");

    assertParameterError(r, "invalid_time", "since");
  }

  @Test
  void aReplaySinceBeyondYear9999NamesSince() {
    t.post("/api/endpoints", "{\"id\":\"e1\",\"url\":\"http://127.0.0.1:9/x\",\"events\":[\"*\"]}");

    Response r = t.post("/api/endpoints/e1/replay", "{\"since\":\"+999999999-12-31T23:59:59Z\"}");

    assertParameterError(r, "invalid_time", "since");
  }

  @Test
  void anEventTimestampBeyondYear9999NamesTimestamp() {
    Response r =
        t.post(
            "/api/events",
            "{\"type\":\"x\",\"timestamp\":\"+999999999-12-31T23:59:59Z\",\"data\":{}}");

    assertParameterError(r, "invalid_event", "timestamp");
    assertNothingRecorded();
  }

  @Test
  void anEventTimestampBeforeYear1NamesTimestamp() {
    Response r =
        t.post(
            "/api/events",
            "{\"type\":\"x\",\"timestamp\":\"-999999999-01-01T00:00:00Z\",\"data\":{}}");

    assertParameterError(r, "invalid_event", "timestamp");
    assertNothingRecorded();
  }

  @Test
  void anEventTimestampOfHugeUnixSecondsNamesTimestamp() {
    Response r =
        t.post("/api/events", "{\"type\":\"x\",\"timestamp\":9223372036854775807,\"data\":{}}");
    Response fractional = t.post("/api/events", "{\"type\":\"x\",\"timestamp\":1e300,\"data\":{}}");

    assertParameterError(r, "invalid_event", "timestamp");
    assertParameterError(fractional, "invalid_event", "timestamp");
    assertNothingRecorded();
  }

  @Test
  void aCloudEventTimeBeyondYear9999NamesTime() {
    Response r =
        postWithType(
            "/api/events",
            "application/cloudevents+json",
            "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"x\","
                + "\"time\":\"+999999999-12-31T23:59:59Z\"}");

    assertParameterError(r, "invalid_event", "time");
    assertNothingRecorded();
  }

  // ---- cursors (#19.4) ------------------------------------------------------------------------

  @Test
  void aDeliveryCursorOnEventsIsAnInvalidCursor() {
    Response r = t.get("/api/events?cursor=dlv_");

    assertParameterError(r, "invalid_cursor", "cursor");
  }

  @Test
  void aCursorDecodingToAForeignObjectOnEventsIsAnInvalidCursor() {
    Response r = t.get("/api/events?cursor=eyJhIjoxfQ%3D%3D");

    assertParameterError(r, "invalid_cursor", "cursor");
  }

  @Test
  void anInvalidCursorOnDeliveriesIsNotIgnored() {
    Response foreign = t.get("/api/deliveries?cursor=eyJhIjoxfQ%3D%3D");
    Response eventCursor = t.get("/api/deliveries?cursor=1700000000000.evt_1");

    assertParameterError(foreign, "invalid_cursor", "cursor");
    assertParameterError(eventCursor, "invalid_cursor", "cursor");
  }

  @Test
  void anInvalidCursorOnWorkflowRunsIsNotIgnored() {
    t.post("/api/workflows", "{\"name\":\"w\",\"steps\":[{\"name\":\"s\",\"log\":\"hi\"}]}");

    Response r = t.get("/api/workflows/w/runs?cursor=dlv_01J0000000000000000000000");

    assertParameterError(r, "invalid_cursor", "cursor");
  }

  @Test
  void aCursorTheServerGaveOutIsAccepted() {
    t.post("/api/events", EVENT);
    t.post("/api/events", EVENT);

    String next = t.get("/api/events?limit=1").json().path("next_cursor").asText();
    Response page = t.get("/api/events?limit=1&cursor=" + next);

    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(page.json().path("data")).hasSize(1);
  }

  // ---- HTTP framing, answered by Jetty's parser -----------------------------------------------

  @Test
  void anUnknownHttpVersionIsAnsweredInJson() {
    Answer a = raw("GET /health HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n");

    assertJsonError(a, 505);
  }

  @Test
  void aGarbledRequestLineIsAnsweredInJson() {
    Answer a = raw("NOT AN HTTP REQUEST\r\n\r\n");

    assertJsonError(a, 400);
  }

  @Test
  void aBadContentLengthIsAnsweredInJson() {
    Answer a =
        raw(
            "POST /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: twelve\r\n\r\n{}");

    assertJsonError(a, 400);
    assertNothingRecorded();
  }

  @Test
  void oversizedHeadersAreAnsweredInJson() {
    Answer a =
        raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n");

    assertThat(a.status()).isIn(413, 431);
    assertJsonError(a, a.status());
  }

  @Test
  void anOversizedUriIsAnsweredInJson() {
    Answer a = raw("GET /health?x=" + "a".repeat(40_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

    assertThat(a.status()).isIn(414, 431);
    assertJsonError(a, a.status());
  }

  // ---- helpers --------------------------------------------------------------------------------

  Response postWithType(String path, String contentType, String body) {
    return t.send(
        HttpRequest.newBuilder(t.uri(path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Promises 200 bytes, sends 20, and gives up (half-closes). */
  Answer shortBody(String path) {
    return RawHttp.send(
        t.uri("/"),
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + TestServer.API_KEY
            + "\r\nContent-Type: application/json\r\nX-GitHub-Event: ping\r\n"
            + "Content-Length: 200\r\n\r\n{\"type\":\"order.creat",
        true);
  }

  Answer raw(String request) {
    return RawHttp.send(t.uri("/"), request, false);
  }

  void assertNothingRecorded() {
    Response events = t.get("/api/events");
    assertThat(events.status()).as(events.body()).isEqualTo(200);
    assertThat(events.json().path("data")).as(events.body()).isEmpty();
  }

  static void assertClientError(Response r, String code) {
    assertClientError(r);
    assertThat(r.json().path("error").asText()).as(r.body()).isEqualTo(code);
  }

  static void assertClientError(Response r) {
    assertThat(r.status()).as(r.body()).isBetween(400, 499);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(r.json().path("error").asText()).as(r.body()).isNotBlank();
    assertThat(r.json().path("message").asText()).as(r.body()).isNotBlank();
  }

  static void assertParameterError(Response r, String code, String param) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertClientError(r, code);
    assertThat(r.json().path("message").asText()).contains(param);
  }

  /** The issue allows dropping the connection; Jetty lets us answer, so we do. */
  static void assertIncompleteBody(Answer a) {
    assertJsonError(a, 400);
    assertThat(a.json().path("error").asText()).isEqualTo("incomplete_body");
  }

  static void assertJsonError(Answer a, int status) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.header("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(a.json().path("error").asText()).as(a.body()).isNotBlank();
    assertThat(a.json().path("message").asText()).as(a.body()).isNotBlank();
    assertThat(Optional.of(a.body())).hasValueSatisfying(b -> assertThat(b).doesNotContain("<"));
  }
}
