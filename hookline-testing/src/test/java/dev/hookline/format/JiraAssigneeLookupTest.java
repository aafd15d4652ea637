package dev.hookline.format;

import static dev.hookline.format.FormatFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hookline.MutableClock;
import dev.hookline.delivery.DeliveryOutcome;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.routing.RetryPolicy;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Jira {@code assignee} given as a name or e-mail (the seeds' {@code assignee: tech-lead}) is
 * resolved to an account id through Jira's user search, cached per endpoint.
 */
class JiraAssigneeLookupTest {
  static final String ANN = "712020:7c5a3e2b-1f4d-4c6e-9a8b-0123456789ab";
  static final String CREATED = "{\"id\":\"10000\",\"key\":\"ENG-24\",\"self\":\"x\"}";

  @TempDir Path dir;
  FormatFixture f;
  final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

  @BeforeEach
  void open() {
    f = new FormatFixture(dir);
    f.service.setDefaultResponse(MockResponse.status(201).withBody(CREATED));
  }

  @AfterEach
  void close() {
    f.close();
  }

  void start(String assignee) {
    Map<String, Object> o = new HashMap<>();
    o.put("project", "ENG");
    o.put("email", "bot@example.com");
    o.put("api_token", "tok-123");
    o.put("assignee", assignee);
    f.start(
        Endpoint.builder("jira", f.service.url("/"))
            .events("*")
            .format(Format.JIRA, o)
            .retryPolicy(RetryPolicy.builder().schedule(Duration.ofMillis(10)).jitter(0).build())
            .build(),
        b -> b.clock(clock));
  }

  static String users(String... idAndName) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < idAndName.length; i += 2) {
      b.append(i == 0 ? "" : ",")
          .append("{\"accountId\":\"")
          .append(idAndName[i])
          .append("\",\"accountType\":\"atlassian\",\"displayName\":\"")
          .append(idAndName[i + 1])
          .append("\",\"active\":true}");
    }
    return b.append("]").toString();
  }

  static Event bug(int n) {
    return Event.builder("bug_detected").put("message", "NPE #" + n).build();
  }

  DeliveryOutcome outcome() {
    return await()
        .atMost(FormatFixture.WAIT)
        .until(() -> f.outcomes.stream().findFirst().orElse(null), o -> o != null);
  }

  DeliveryOutcome last() {
    return f.outcomes.isEmpty() ? null : f.outcomes.get(f.outcomes.size() - 1);
  }

  @Test
  void anEmailAssigneeIsLookedUpOnceWithTheEndpointsCredentialsAndCached() throws Exception {
    f.service.enqueue(MockResponse.status(200).withBody(users(ANN, "Ann Lead")));
    start("ann@example.com");

    RecordedRequest search = f.deliver(bug(1));
    RecordedRequest first = f.service.takeRequest(FormatFixture.WAIT);
    RecordedRequest second = f.deliver(bug(2));

    assertThat(search.method()).isEqualTo("GET");
    assertThat(search.path()).isEqualTo("/rest/api/3/user/search?query=ann%40example.com");
    String basic =
        Base64.getEncoder()
            .encodeToString("bot@example.com:tok-123".getBytes(StandardCharsets.UTF_8));
    assertThat(search.header("Authorization")).hasValue("Basic " + basic);
    assertThat(first.path()).isEqualTo("/rest/api/3/issue");
    assertThat(json(first).path("fields").path("assignee").path("accountId").asText())
        .isEqualTo(ANN);
    assertThat(second.path()).isEqualTo("/rest/api/3/issue");
    assertThat(json(second).path("fields").path("assignee").path("accountId").asText())
        .isEqualTo(ANN);
    assertThat(f.service.requestCount()).isEqualTo(3);
  }

  @Test
  void theCachedIdIsLookedUpAgainAfterItsTtl() throws Exception {
    f.service.enqueue(MockResponse.status(200).withBody(users(ANN, "tech-lead")));
    start("tech-lead");
    f.deliver(bug(1));
    f.service.takeRequest(FormatFixture.WAIT);
    clock.advance(Lookups.TTL.plusSeconds(1));
    f.service.enqueue(MockResponse.status(200).withBody(users(ANN, "tech-lead")));

    RecordedRequest again = f.deliver(bug(2));

    assertThat(again.path()).startsWith("/rest/api/3/user/search?query=tech-lead");
  }

  @Test
  void anAccountIdIsSentAsItIsWithoutASearch() throws Exception {
    start("5b10ac8d82e05b22cc7d4ef5");

    RecordedRequest r = f.deliver(bug(1));

    assertThat(r.path()).isEqualTo("/rest/api/3/issue");
    assertThat(json(r).path("fields").path("assignee").path("accountId").asText())
        .isEqualTo("5b10ac8d82e05b22cc7d4ef5");
  }

  @Test
  void aNameMatchingNoUserEndsDeadNamingTheValueAndCreatesNothing() throws Exception {
    f.service.enqueue(MockResponse.status(200).withBody("[]"));
    start("tech-lead");

    f.hookline().publish(bug(1));
    DeliveryOutcome o = outcome();

    assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(o.error().orElseThrow())
        .isEqualTo(
            "format: endpoint 'jira': jira.assignee 'tech-lead' matches no active Jira user;"
                + " give the user's account id or e-mail address");
    assertThat(f.service.requestCount()).isEqualTo(1);
  }

  @Test
  void aNameMatchingSeveralUsersEndsDeadListingThem() throws Exception {
    f.service.enqueue(
        MockResponse.status(200)
            .withBody(users("5b10ac8d82e05b22cc7d4ef5", "Tech Lead A", ANN, "Tech Lead B")));
    start("tech");

    f.hookline().publish(bug(1));
    DeliveryOutcome o = outcome();

    assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(o.error().orElseThrow())
        .contains("jira.assignee 'tech' matches 2 Jira users (Tech Lead A, Tech Lead B)");
  }

  @Test
  void severalMatchesWithOneExactNameTakeThatOne() throws Exception {
    f.service.enqueue(
        MockResponse.status(200)
            .withBody(users("5b10ac8d82e05b22cc7d4ef5", "tech-lead-2", ANN, "tech-lead")));
    start("tech-lead");

    f.deliver(bug(1));
    RecordedRequest create = f.service.takeRequest(FormatFixture.WAIT);

    assertThat(json(create).path("fields").path("assignee").path("accountId").asText())
        .isEqualTo(ANN);
  }

  @Test
  void aSearchAnswering503IsRetriedThenTheIssueIsCreated() throws Exception {
    f.service.enqueue(MockResponse.status(503));
    f.service.enqueue(MockResponse.status(200).withBody(users(ANN, "Ann")));
    start("ann@example.com");

    f.hookline().publish(bug(1));
    DeliveryOutcome failed = outcome();
    clock.advance(Duration.ofSeconds(1));
    DeliveryOutcome o = await().atMost(FormatFixture.WAIT).until(() -> last(), x -> x != failed);

    assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(failed.error().orElseThrow())
        .contains("Jira's user search for jira.assignee 'ann@example.com' answered HTTP 503");
    assertThat(o.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    assertThat(o.attempt()).isEqualTo(2);
    assertThat(f.service.requestCount()).isEqualTo(3);
  }

  @Test
  void aSearchRefusedWith401EndsDeadWithJirasReason() throws Exception {
    f.service.enqueue(
        MockResponse.status(401)
            .withBody("{\"errorMessages\":[\"Client must be authenticated\"]}"));
    start("ann@example.com");

    f.hookline().publish(bug(1));
    DeliveryOutcome o = outcome();

    assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(o.error().orElseThrow())
        .contains(
            "Jira's user search for jira.assignee 'ann@example.com' answered HTTP 401:"
                + " Client must be authenticated");
  }
}
