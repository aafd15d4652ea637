package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.routing.RetryPolicy;
import dev.hookline.store.DeliveryStatus;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The verdict is a pure function: answers in, outcomes out, no network and no clock. */
class VerdictTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Endpoint RAW =
      Endpoint.builder("ops", "https://ops.example.com/hooks").events("*").build();

  @Test
  void a2xxSucceedsAndClosesTheCircuit() {
    Verdict v = Verdict.of(RAW, answer(200), NOW);

    assertThat(v.kind()).isEqualTo(Verdict.Kind.SUCCEEDED);
    assertThat(v.error()).isEmpty();
    assertThat(v.breaker()).isEqualTo(Verdict.Breaker.SUCCESS);
    assertThat(v.disable()).isEmpty();
  }

  @Test
  void a5xxIsRetriedAndCountsAgainstTheCircuit() {
    Verdict v = Verdict.of(RAW, answer(503), NOW);

    assertThat(v.kind()).isEqualTo(Verdict.Kind.RETRYABLE);
    assertThat(v.error()).hasValue("HTTP 503");
    assertThat(v.breaker()).isEqualTo(Verdict.Breaker.FAILURE);
    assertThat(v.retryAfter()).isEmpty();
  }

  @Test
  void a429IsRetriedAfterItsRetryAfterSeconds() {
    Verdict v = Verdict.of(RAW, answer(429, "Retry-After", "120"), NOW);

    assertThat(v.kind()).isEqualTo(Verdict.Kind.RETRYABLE);
    assertThat(v.retryAfter()).hasValue(Duration.ofSeconds(120));
  }

  @Test
  void retryAfterAsAnHttpDateIsMeasuredFromTheAnswer() {
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(90).atZone(ZoneOffset.UTC));

    Verdict v = Verdict.of(RAW, answer(503, "Retry-After", date), NOW);

    assertThat(v.retryAfter()).hasValue(Duration.ofSeconds(90));
  }

  @Test
  void retryAfterIsCappedAtADay() {
    Verdict v = Verdict.of(RAW, answer(429, "Retry-After", "864000"), NOW);

    assertThat(v.retryAfter()).hasValue(RetryAfter.MAX).hasValue(Duration.ofDays(1));
  }

  @Test
  void retryAfterInThePastOrUnreadableIsIgnored() {
    String past =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(5).atZone(ZoneOffset.UTC));

    assertThat(Verdict.of(RAW, answer(503, "Retry-After", past), NOW).retryAfter()).isEmpty();
    assertThat(Verdict.of(RAW, answer(503, "Retry-After", "soon"), NOW).retryAfter()).isEmpty();
    assertThat(Verdict.of(RAW, answer(503, "Retry-After", "-3"), NOW).retryAfter()).isEmpty();
  }

  @Test
  void a410IsFinalAndDisablesTheEndpoint() {
    Verdict v = Verdict.of(RAW, answer(410), NOW);

    assertThat(v.kind()).isEqualTo(Verdict.Kind.FINAL);
    assertThat(v.disable()).hasValue("it answered 410 Gone");
    assertThat(v.breaker()).isEqualTo(Verdict.Breaker.FAILURE);
  }

  @Test
  void aNonRetryable4xxIsFinalButShowsTheEndpointIsUp() {
    Verdict v = Verdict.of(RAW, answer(400, "Retry-After", "30"), NOW);

    assertThat(v.kind()).isEqualTo(Verdict.Kind.FINAL);
    assertThat(v.error()).hasValue("HTTP 400");
    assertThat(v.breaker()).isEqualTo(Verdict.Breaker.SUCCESS);
    assertThat(v.forAttempt(1, RetryPolicy.DEFAULT, NOW, new Random(1)).status())
        .isEqualTo(DeliveryStatus.DEAD);
  }

  @Test
  void theEndpointsRetryPolicyDecidesWhichStatusesAreRetried() {
    Endpoint retries404 =
        RAW.toBuilder().retryPolicy(RetryPolicy.builder().retryOnStatus(404).build()).build();

    assertThat(Verdict.of(retries404, answer(404), NOW).kind()).isEqualTo(Verdict.Kind.RETRYABLE);
    assertThat(Verdict.of(retries404, answer(503), NOW).kind()).isEqualTo(Verdict.Kind.FINAL);
  }

  @Test
  void noAnswerIsRetriedAndSaysWhatWentWrong() {
    Verdict refused =
        Verdict.of(RAW, HttpResult.failure(new ConnectException("refused"), Duration.ZERO), NOW);
    Verdict slow = Verdict.of(RAW, HttpResult.failure(new TimeoutException(), Duration.ZERO), NOW);

    assertThat(refused.kind()).isEqualTo(Verdict.Kind.RETRYABLE);
    assertThat(refused.error()).hasValue("connection failed: refused");
    assertThat(refused.breaker()).isEqualTo(Verdict.Breaker.FAILURE);
    assertThat(slow.error()).hasValue("timed out after " + RAW.timeout().toMillis() + " ms");
  }

  @Test
  void aRefusedPrivateAddressIsFinalAndNotTheEndpointsHealth() {
    Verdict v =
        Verdict.of(
            RAW,
            HttpResult.failure(new PrivateNetworkException("10.0.0.1 is private"), Duration.ZERO),
            NOW);

    assertThat(v.kind()).isEqualTo(Verdict.Kind.FINAL);
    assertThat(v.breaker()).isEqualTo(Verdict.Breaker.NONE);
    assertThat(v.error()).hasValue("10.0.0.1 is private");
  }

  @Test
  void aRetryIsDueAfterTheScheduleOrTheServicesWaitWhicheverIsLonger() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .schedule(Duration.ofSeconds(10), Duration.ofMinutes(5))
            .jitter(0)
            .build();
    Verdict soon = Verdict.of(RAW, answer(503, "Retry-After", "2"), NOW);
    Verdict later = Verdict.of(RAW, answer(503, "Retry-After", "60"), NOW);

    Verdict.Step first = soon.forAttempt(1, policy, NOW, new Random(1));
    Verdict.Step waited = later.forAttempt(1, policy, NOW, new Random(1));

    assertThat(first.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(first.next()).isEqualTo(NOW.plusSeconds(10));
    assertThat(waited.next()).isEqualTo(NOW.plusSeconds(60));
  }

  @Test
  void aSpentScheduleEndsTheDeliveryDeadSayingSo() {
    RetryPolicy policy = RetryPolicy.builder().schedule(Duration.ofSeconds(10)).jitter(0).build();

    Verdict.Step last = Verdict.of(RAW, answer(503), NOW).forAttempt(2, policy, NOW, new Random());

    assertThat(last.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(last.error()).hasValue("HTTP 503 (gave up after attempt 2)");
  }

  @Test
  void jitterSpreadsTheDelayWithinItsFraction() {
    RetryPolicy policy =
        RetryPolicy.builder().schedule(Duration.ofSeconds(100)).jitter(0.2).build();

    Instant next =
        Verdict.of(RAW, answer(503), NOW).forAttempt(1, policy, NOW, new Random(7)).next();

    assertThat(next).isBetween(NOW.plusSeconds(80), NOW.plusSeconds(120));
  }

  @Test
  void slacksOkFalseIsAFinalFailureHiddenInA200() {
    Endpoint slack = native_(Format.SLACK, Map.of());

    Verdict v =
        Verdict.of(slack, answer(200, "{\"ok\":false,\"error\":\"channel_not_found\"}"), NOW);

    assertThat(v.kind()).isEqualTo(Verdict.Kind.FINAL);
    assertThat(v.error()).hasValue("Slack answered ok=false: channel_not_found");
  }

  @Test
  void teamsHidden429IsRetriedAsA429() {
    Endpoint teams = native_(Format.TEAMS, Map.of());
    String body =
        "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error"
            + " 429 with ContextId abc";

    Verdict v = Verdict.of(teams, answer(200, body), NOW);

    assertThat(v.kind()).isEqualTo(Verdict.Kind.RETRYABLE);
    assertThat(v.error()).get().asString().startsWith("Teams answered 200");
  }

  @Test
  void gitHubsSpentRateLimitRetriesA403AfterTheResetAndPausesTheEndpoint() {
    Endpoint github =
        native_(Format.GITHUB, Map.of("token", "ghp_test", "repo", "octocat/Hello-World"));
    long reset = NOW.plusSeconds(600).getEpochSecond();

    Verdict v =
        Verdict.of(
            github,
            answer(
                403,
                Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", Long.toString(reset)),
                "{}"),
            NOW);

    assertThat(v.kind()).isEqualTo(Verdict.Kind.RETRYABLE);
    assertThat(v.retryAfter()).hasValue(Duration.ofSeconds(601));
    assertThat(v.pauseUntil()).hasValue(NOW.plusSeconds(601));
  }

  @Test
  void gitHubsPlain403StaysFinal() {
    Endpoint github =
        native_(Format.GITHUB, Map.of("token", "ghp_test", "repo", "octocat/Hello-World"));

    Verdict v = Verdict.of(github, answer(403, "{\"message\":\"Resource not accessible\"}"), NOW);

    assertThat(v.kind()).isEqualTo(Verdict.Kind.FINAL);
  }

  @Test
  void discordsRetryAfterInTheBodyWinsWhenLongerThanTheHeader() {
    Endpoint discord = native_(Format.DISCORD, Map.of());

    Verdict v =
        Verdict.of(discord, answer(429, Map.of("Retry-After", "1"), "{\"retry_after\": 2.5}"), NOW);

    assertThat(v.retryAfter()).hasValue(Duration.ofMillis(2500));
  }

  @Test
  void discordsEmptyBucketPausesTheEndpointAfterASuccess() {
    Endpoint discord = native_(Format.DISCORD, Map.of());

    Verdict v =
        Verdict.of(
            discord,
            answer(204, Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset-After", "3"), ""),
            NOW);

    assertThat(v.kind()).isEqualTo(Verdict.Kind.SUCCEEDED);
    assertThat(v.pauseUntil()).hasValue(NOW.plusSeconds(3));
  }

  @Test
  void jirasFailureReasonJoinsTheStatusAndWhatItCreatedIsKept() {
    Endpoint jira =
        native_(
            Format.JIRA,
            Map.of("project", "ENG", "email", "bot@example.com", "api_token", "tok-123"));

    Verdict failed =
        Verdict.of(jira, answer(400, "{\"errors\":{\"summary\":\"is required\"}}"), NOW);
    Verdict created = Verdict.of(jira, answer(201, "{\"id\":\"1\",\"key\":\"ENG-7\"}"), NOW);

    assertThat(failed.error()).hasValue("HTTP 400: summary: is required");
    assertThat(created.created()).hasValue("ENG-7");
  }

  private static Endpoint native_(Format format, Map<String, Object> options) {
    return Endpoint.builder(format.wireName(), "https://hooks.example.com/x")
        .events("*")
        .format(format, options)
        .build();
  }

  private static HttpResult answer(int status) {
    return answer(status, Map.of(), "");
  }

  private static HttpResult answer(int status, String header, String value) {
    return answer(status, Map.of(header, value), "");
  }

  private static HttpResult answer(int status, String body) {
    return answer(status, Map.of(), body);
  }

  private static HttpResult answer(int status, Map<String, String> headers, String body) {
    Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.put(k, List.of(v)));
    return HttpResult.answer(
        status, h, body.getBytes(StandardCharsets.UTF_8), Duration.ofMillis(12));
  }
}
