package dev.hookline.server;

import static dev.hookline.server.TestServer.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.app_backend.SlackSignature;
import com.stripe.net.Webhook;
import dev.hookline.server.TestServer.Response;
import dev.hookline.server.config.SourceConfig;
import dev.hookline.testing.RecordedRequest;
import dev.hookline.testing.WebhookReceiver;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed requests from GitHub, Stripe, Slack and a Standard Webhooks sender, over real HTTP. */
class InboundHttpTest {
  static final String GITHUB_SECRET = "gh-secret";
  static final String STRIPE_SECRET = "whsec_stripe_test";
  static final String SLACK_SECRET = "slack-signing-secret";
  static final String PARTNER_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @TempDir Path dir;
  WebhookReceiver receiver;
  TestServer t;
  final List<String> handled = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    receiver = WebhookReceiver.start();
    t =
        new TestServer(
            TestServer.config(
                dir,
                dev.hookline.signature.WebhookSecret.generate(),
                c ->
                    c.withSources(
                        Map.of(
                            "github", SourceConfig.of("github", "github", GITHUB_SECRET),
                            "stripe", SourceConfig.of("stripe", "stripe", STRIPE_SECRET),
                            "slack", SourceConfig.of("slack", "slack", SLACK_SECRET),
                            "partner", SourceConfig.of("partner", "standard", PARTNER_SECRET)))),
            b -> b.onInbound("github.pull_request.opened", e -> handled.add(e.id())));
    t.post(
        "/api/endpoints",
        "{\"id\":\"onward\",\"url\":\""
            + receiver.url("/onward")
            + "\",\"events\":[\"github.*\",\"stripe.*\",\"slack.*\",\"partner.*\"]}");
  }

  @AfterEach
  void stop() {
    t.close();
    receiver.close();
  }

  Response inbound(String source, String body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(t.uri("/webhooks/" + source))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return t.sendRaw(b);
  }

  JsonNode delivered() throws Exception {
    RecordedRequest r = receiver.takeRequest(Duration.ofSeconds(10));
    return TestServer.JSON.readTree(r.body());
  }

  static String githubSignature(String body) throws Exception {
    return sign(GITHUB_SECRET, body);
  }

  /** GitHub's X-Hub-Signature-256 for this secret and body. */
  static String sign(String secret, String body) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void githubPullRequestIsVerifiedDeliveredOnwardAndHandledOnce() throws Exception {
    String body =
        "{\"action\":\"opened\",\"number\":7,\"pull_request\":{\"title\":\"Fix\"},"
            + "\"repository\":{\"full_name\":\"acme/api\"}}";
    String[] headers = {
      "Content-Type", "application/json",
      "X-GitHub-Event", "pull_request",
      "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958",
      "X-Hub-Signature-256", githubSignature(body)
    };

    Response first = inbound("github", body, headers);
    Response again = inbound("github", body, headers);

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("duplicate").asBoolean()).isTrue();
    JsonNode event = delivered();
    assertThat(event.path("type").asText()).isEqualTo("github.pull_request.opened");
    assertThat(event.path("data").path("number").asInt()).isEqualTo(7);
    org.awaitility.Awaitility.await().until(() -> handled.size() == 1);
    // A handler runs once per stored event; the duplicate stored none.
    assertThat(t.get("/api/events?type=github.pull_request.opened").json().path("data")).hasSize(1);
    assertThat(handled).hasSize(1);
  }

  @Test
  void badSignatureIs401AndRecordsNoEventOnlyAnInboundLogLine() throws Exception {
    String body = "{\"action\":\"opened\"}";

    Response r =
        inbound(
            "github",
            body,
            "X-GitHub-Event",
            "pull_request",
            "X-GitHub-Delivery",
            "d-1",
            "X-Hub-Signature-256",
            githubSignature(body + " "));

    assertError(r, 401, "invalid_signature");
    assertThat(t.get("/api/events").json().path("data")).isEmpty();
    JsonNode log = t.get("/api/inbound").json().path("data").get(0);
    assertThat(log.path("outcome").asText()).isEqualTo("rejected");
    assertThat(log.path("status").asInt()).isEqualTo(401);
    assertThat(log.toString()).doesNotContain(GITHUB_SECRET);
  }

  @Test
  void stripeEventSignedByStripeJavaIsDeliveredOnward() throws Exception {
    String body =
        "{\"id\":\"evt_1Pq\",\"object\":\"event\",\"type\":\"invoice.paid\","
            + "\"data\":{\"object\":{\"id\":\"in_1\",\"amount_paid\":4200}}}";
    long now = Instant.now().getEpochSecond();
    String signature =
        "t=" + now + ",v1=" + Webhook.Util.computeHmacSha256(STRIPE_SECRET, now + "." + body);

    Response r =
        inbound("stripe", body, "Content-Type", "application/json", "Stripe-Signature", signature);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode event = delivered();
    assertThat(event.path("type").asText()).isEqualTo("stripe.invoice.paid");
    assertThat(event.path("id").asText()).isEqualTo("stripe:evt_1Pq");
  }

  @Test
  void staleStripeTimestampIs401() throws Exception {
    String body = "{\"id\":\"evt_old\",\"type\":\"invoice.paid\",\"data\":{}}";
    long old = Instant.now().minusSeconds(3600).getEpochSecond();
    String signature =
        "t=" + old + ",v1=" + Webhook.Util.computeHmacSha256(STRIPE_SECRET, old + "." + body);

    Response r =
        inbound("stripe", body, "Content-Type", "application/json", "Stripe-Signature", signature);

    assertThat(r.status()).isEqualTo(401);
    assertThat(t.get("/api/events").json().path("data")).isEmpty();
  }

  @Test
  void slackEventSignedBySlacksLibraryIsDeliveredAndUrlVerificationAnswered() throws Exception {
    SlackSignature.Generator slack = new SlackSignature.Generator(SLACK_SECRET);
    String ts = Long.toString(Instant.now().getEpochSecond());
    String challenge =
        "{\"type\":\"url_verification\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"token\":\"x\"}";
    String callback =
        "{\"type\":\"event_callback\",\"event_id\":\"Ev08MFMKH6\",\"team_id\":\"T1\","
            + "\"event\":{\"type\":\"app_mention\",\"text\":\"<@U1> deploy\",\"user\":\"U2\"}}";

    Response answered =
        inbound(
            "slack",
            challenge,
            "Content-Type",
            "application/json",
            "X-Slack-Request-Timestamp",
            ts,
            "X-Slack-Signature",
            slack.generate(ts, challenge));
    Response accepted =
        inbound(
            "slack",
            callback,
            "Content-Type",
            "application/json",
            "X-Slack-Request-Timestamp",
            ts,
            "X-Slack-Signature",
            slack.generate(ts, callback));

    assertThat(answered.status()).isEqualTo(200);
    assertThat(answered.json().path("challenge").asText()).startsWith("3eZbrw1aBm2");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    JsonNode event = delivered();
    assertThat(event.path("type").asText()).isEqualTo("slack.app_mention");
  }

  @Test
  void standardWebhooksSenderIsVerifiedWithSvixAndDeliveredOnward() throws Exception {
    String body =
        "{\"type\":\"invoice.paid\",\"timestamp\":\"2026-11-23T12:00:00Z\",\"data\":{\"id\":\"inv_1\"}}";
    String id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    long now = Instant.now().getEpochSecond();
    String signature = new com.svix.Webhook(PARTNER_SECRET).sign(id, now, body);

    Response r =
        inbound(
            "partner",
            body,
            "Content-Type",
            "application/json",
            "webhook-id",
            id,
            "webhook-timestamp",
            Long.toString(now),
            "webhook-signature",
            signature);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(delivered().path("type").asText()).isEqualTo("partner.invoice.paid");
  }

  @Test
  void standardWebhooksReplayWithSvixHeadersIsADuplicateNotASecondEvent() throws Exception {
    String body = "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"inv_2\"}}";
    String id = "msg_svix_branded_1";
    long now = Instant.now().getEpochSecond();
    String[] headers = {
      "Content-Type",
      "application/json",
      "svix-id",
      id,
      "svix-timestamp",
      Long.toString(now),
      "svix-signature",
      new com.svix.Webhook(PARTNER_SECRET).sign(id, now, body)
    };

    Response first = inbound("partner", body, headers);
    Response replay = inbound("partner", body, headers);

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().path("id").asText()).isEqualTo("partner:" + id);
    assertThat(replay.status()).as(replay.body()).isEqualTo(200);
    assertThat(replay.json().path("duplicate").asBoolean()).isTrue();
    assertThat(delivered().path("type").asText()).isEqualTo("partner.invoice.paid");
    assertThat(receiver.pollRequest(Duration.ofMillis(500))).isEmpty();
    assertThat(t.get("/api/events?type=partner.invoice.paid").json().path("data")).hasSize(1);
  }

  @Test
  void requestsToMadeUpSourcesAreCountedAndNeverPushARealSourcesEntriesOut() throws Exception {
    String body = "{\"zen\":\"Design for failure.\"}";
    Response real =
        inbound(
            "github",
            body,
            "Content-Type",
            "application/json",
            "X-GitHub-Event",
            "ping",
            "X-GitHub-Delivery",
            "d-real",
            "X-Hub-Signature-256",
            githubSignature(body));

    for (int i = 0; i < 1001; i++) {
      assertThat(inbound("made-up-" + i, "{}", "Content-Type", "application/json").status())
          .isEqualTo(404);
    }
    JsonNode log = t.get("/api/inbound?limit=1000").json();

    assertThat(real.status()).as(real.body()).isEqualTo(200);
    assertThat(log.path("data")).hasSize(1);
    assertThat(log.path("data").get(0).path("delivery_id").asText()).isEqualTo("d-real");
    assertThat(log.toString()).doesNotContain("made-up-");
    assertThat(log.path("unknown_source_requests").asLong()).isEqualTo(1001);
  }

  @Test
  void slackFormWithAFieldNameOverTheLimitIsRefusedAndBreaksNoListing() throws Exception {
    SlackSignature.Generator slack = new SlackSignature.Generator(SLACK_SECRET);
    String ts = Long.toString(Instant.now().getEpochSecond());
    String body = "command=/x&trigger_id=t1&" + "n".repeat(60_000) + "=1";

    Response r =
        inbound(
            "slack",
            body,
            "Content-Type",
            "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp",
            ts,
            "X-Slack-Signature",
            slack.generate(ts, body));
    Response events = t.get("/api/events");

    assertThat(r.status()).as(r.body()).isBetween(400, 499);
    assertThat(r.json().path("message").asText()).contains("10000");
    assertThat(events.status()).as(events.body()).isEqualTo(200);
    assertThat(events.json().path("data")).isEmpty();
    assertThat(receiver.pollRequest(Duration.ofMillis(500))).isEmpty();
  }

  @Test
  void apiEventsOverTheLimitsAre400NamingTheLimitAndStoreNothing() {
    String longName = "{\"type\":\"x\",\"data\":{\"" + "n".repeat(60_000) + "\":1}}";
    String deep = "{\"type\":\"x\",\"data\":{\"a\":" + "[".repeat(600) + "]".repeat(600) + "}}";

    Response named = t.post("/api/events", longName);
    Response nested = t.post("/api/events", deep);
    Response batch = t.post("/api/events", "[{\"type\":\"ok\"}," + longName + "]");

    assertError(named, 400, "invalid_event");
    assertThat(named.json().path("message").asText()).contains("10000");
    assertError(nested, 400, "invalid_event");
    assertThat(nested.json().path("message").asText()).contains("500");
    assertThat(batch.status()).isEqualTo(400);
    assertThat(t.get("/api/events").json().path("data")).isEmpty();
  }

  @Test
  void storedEventsWithFieldNamesOverTheReadersDefaultsAreStillListed() throws Exception {
    Response posted = t.post("/api/events", "{\"id\":\"evt_long\",\"type\":\"long.name\"}");
    assertThat(posted.status()).as(posted.body()).isLessThan(300);
    String name = "n".repeat(60_000);
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("hookline.db"));
        java.sql.PreparedStatement st =
            c.prepareStatement("UPDATE events SET body = ? WHERE id = 'evt_long'")) {
      st.setString(
          1,
          "{\"id\":\"evt_long\",\"type\":\"long.name\",\"timestamp\":\"2026-11-23T12:00:00Z\","
              + "\"data\":{\""
              + name
              + "\":1}}");
      assertThat(st.executeUpdate()).isEqualTo(1);
    }

    Response list = t.get("/api/events");
    Response one = t.get("/api/events/evt_long");

    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.json().path("data").get(0).path("data").has(name)).isTrue();
    assertThat(one.status()).as(one.body()).isEqualTo(200);
    assertThat(one.json().path("event").path("data").has(name)).isTrue();
  }

  @Test
  void unknownSourceIs404AndMalformedJsonIs400() throws Exception {
    Response unknown = inbound("nope", "{}", "Content-Type", "application/json");
    String bad = "{not json";
    Response malformed =
        inbound(
            "github",
            bad,
            "Content-Type",
            "application/json",
            "X-GitHub-Event",
            "push",
            "X-GitHub-Delivery",
            "d-2",
            "X-Hub-Signature-256",
            githubSignature(bad));

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(t.get("/api/events").json().path("data")).isEmpty();
  }
}
