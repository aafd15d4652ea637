package dev.hookline.format;

import static dev.hookline.format.FormatFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hookline.delivery.DeliveryOutcome;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.routing.InvalidEndpointException;
import dev.hookline.routing.RetryPolicy;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.testing.MockResponse;
import dev.hookline.testing.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options that say where a request goes (GitHub {@code repo}, Jira {@code project}, Slack {@code
 * channel}, e-mail {@code to} and {@code cc}) may be templates over the event.
 */
class RoutedOptionsTest {
  @TempDir Path dir;
  FormatFixture f;

  @BeforeEach
  void open() {
    f = new FormatFixture(dir);
    f.service.setDefaultResponse(
        MockResponse.status(201).withBody("{\"html_url\":\"https://github.com/x/y/issues/1\"}"));
  }

  @AfterEach
  void close() {
    f.close();
  }

  Endpoint.Builder github(String repo) {
    return Endpoint.builder("github", f.service.url("/"))
        .events("*")
        .format(Format.GITHUB, Map.of("token", "ghp_test", "repo", repo))
        .retryPolicy(RetryPolicy.builder().schedule(Duration.ofMillis(10)).build());
  }

  static Event bug(String repo) {
    Event.Builder b = Event.builder("bug_detected").put("message", "NPE in checkout");
    return repo == null ? b.build() : b.put("repo", repo).build();
  }

  DeliveryOutcome outcome() {
    return await()
        .atMost(FormatFixture.WAIT)
        .until(() -> f.outcomes.stream().findFirst().orElse(null), o -> o != null);
  }

  @Test
  void gitHubRepoComesFromTheEvent() throws Exception {
    f.start(github("{data.repo}").build());

    RecordedRequest first = f.deliver(bug("acme/checkout"));
    RecordedRequest second = f.deliver(bug("acme/billing"));

    assertThat(first.path()).isEqualTo("/repos/acme/checkout/issues");
    assertThat(second.path()).isEqualTo("/repos/acme/billing/issues");
  }

  @Test
  void aRenderedRepoThatIsNotOwnerSlashNameEndsDeadUnsentNamingTheOption() {
    f.start(github("{data.repo}").build()).publish(bug("../../user"));

    DeliveryOutcome o = outcome();

    assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(o.statusCode()).isEmpty();
    assertThat(o.error().orElseThrow())
        .contains("github.repo '{data.repo}' gave '../../user'")
        .contains("owner/name");
    assertThat(f.service.requestCount()).isZero();
  }

  @Test
  void aRepoTemplateWhosePathIsMissingEndsDeadNamingTheOption() {
    f.start(github("{data.repo}").build()).publish(bug(null));

    DeliveryOutcome o = outcome();

    assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
    assertThat(o.error().orElseThrow())
        .startsWith("format: endpoint 'github': github.repo '{data.repo}' cannot be filled")
        .contains("data.repo");
    assertThat(f.service.requestCount()).isZero();
  }

  @Test
  void aMalformedRoutingTemplateIsRefusedWhenTheEndpointIsCreated() {
    Endpoint gh = github("{data.repo").build();
    Endpoint jira =
        Endpoint.builder("jira", "https://company.atlassian.net")
            .events("*")
            .format(
                Format.JIRA,
                Map.of("project", "{data.team", "email", "bot@example.com", "api_token", "t"))
            .build();
    Endpoint slack =
        Endpoint.builder("slack")
            .events("*")
            .format(Format.SLACK, Map.of("bot_token", "xoxb-t", "channel", "{}"))
            .build();

    assertThatThrownBy(() -> Formats.validate(gh))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageStartingWith("endpoint 'github': github.repo: ")
        .extracting(e -> ((InvalidEndpointException) e).field())
        .isEqualTo("github.repo");
    assertThatThrownBy(() -> Formats.validate(jira))
        .isInstanceOf(InvalidEndpointException.class)
        .extracting(e -> ((InvalidEndpointException) e).field())
        .isEqualTo("jira.project");
    assertThatThrownBy(() -> Formats.validate(slack))
        .isInstanceOf(InvalidEndpointException.class)
        .extracting(e -> ((InvalidEndpointException) e).field())
        .isEqualTo("slack.channel");
  }

  @Test
  void plainRepoWithDotSegmentsIsRefusedAndAPlainRepoIsUsedAsWritten() throws Exception {
    assertThatThrownBy(() -> Formats.validate(github("../x").build()))
        .isInstanceOf(InvalidEndpointException.class);
    f.start(github("octocat/Hello-World").build());

    RecordedRequest r = f.deliver(bug("acme/ignored"));

    assertThat(r.path()).isEqualTo("/repos/octocat/Hello-World/issues");
  }

  @Test
  void jiraProjectComesFromTheEventAndAnInvalidKeyEndsDead() throws Exception {
    f.start(
        Endpoint.builder("jira", f.service.url("/"))
            .events("*")
            .format(
                Format.JIRA,
                Map.of("project", "{data.team|OPS}", "email", "bot@example.com", "api_token", "t"))
            .retryPolicy(RetryPolicy.builder().schedule(Duration.ofMillis(10)).build())
            .build());

    RecordedRequest team = f.deliver(Event.builder("bug").put("team", "PAY").build());
    RecordedRequest fallback = f.deliver(Event.builder("bug").build());
    f.hookline().publish(Event.builder("bug").put("team", "two words").build());

    assertThat(json(team).path("fields").path("project").path("key").asText()).isEqualTo("PAY");
    assertThat(json(fallback).path("fields").path("project").path("key").asText()).isEqualTo("OPS");
    DeliveryOutcome dead =
        await()
            .atMost(FormatFixture.WAIT)
            .until(
                () ->
                    f.outcomes.stream()
                        .filter(o -> o.status() == DeliveryStatus.DEAD)
                        .findFirst()
                        .orElse(null),
                o -> o != null);
    assertThat(dead.error().orElseThrow())
        .contains("jira.project '{data.team|OPS}' gave 'two words'");
  }

  @Test
  void slackChannelComesFromTheEvent() throws Exception {
    f.service.setDefaultResponse(MockResponse.status(200).withBody("{\"ok\":true}"));
    f.start(
        Endpoint.builder("slack", f.service.url("/api/chat.postMessage"))
            .events("*")
            .format(Format.SLACK, Map.of("bot_token", "xoxb-t", "channel", "{data.channel_id}"))
            .build());

    RecordedRequest r =
        f.deliver(Event.builder("slack.command").put("channel_id", "C0456").build());

    assertThat(json(r).path("channel").asText()).isEqualTo("C0456");
  }

  @Test
  void emailToAndCcMayComeFromTheEvent() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("smtp_host", "smtp.example.com");
    o.put("from", "alerts@example.com");
    o.put("to", List.of("ops@example.com", "{data.owner_email}"));
    o.put("cc", "{data.team|Team <team@example.com>}");
    Endpoint mail = Endpoint.builder("mail").events("*").format(Format.EMAIL, o).build();
    Formats.validate(mail);

    String message =
        new String(
            Formats.render(
                    mail, List.of(Event.builder("x").put("owner_email", "ann@example.com").build()))
                .body(),
            StandardCharsets.UTF_8);

    assertThat(message).contains("To: ops@example.com, ann@example.com");
    assertThat(message).contains("Cc: Team <team@example.com>");
    assertThatThrownBy(
            () ->
                Formats.render(
                    mail, List.of(Event.builder("x").put("owner_email", "not an address").build())))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("email.to");
  }
}
