package dev.hookline.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hookline.event.EventPattern;
import dev.hookline.signature.SignatureConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointTest {
  private static Endpoint.Builder ops() {
    return Endpoint.builder("ops", "https://ops.example.com/hooks").events("*");
  }

  private static InvalidEndpointException invalid(Runnable r) {
    return catchThrowableOfType(InvalidEndpointException.class, r::run);
  }

  @Test
  void defaultsApplyWhenNotSet() {
    Endpoint e = ops().build();

    assertThat(e.url()).hasValue(URI.create("https://ops.example.com/hooks"));
    assertThat(e.method()).isEqualTo("POST");
    assertThat(e.format()).isEqualTo(Format.RAW);
    assertThat(e.formatOptions()).isEmpty();
    assertThat(e.headers()).isEmpty();
    assertThat(e.filters()).isEqualTo(Filters.NONE);
    assertThat(e.when()).isEmpty();
    assertThat(e.predicates()).isEmpty();
    assertThat(e.retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(e.rateLimit()).isEmpty();
    assertThat(e.batch()).isEmpty();
    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(e.ordering()).isEqualTo(Ordering.PARALLEL);
    assertThat(e.enabled()).isTrue();
  }

  @Test
  void everySettingIsKept() {
    Filters filters = Filters.builder().platforms("telegram").build();
    RetryPolicy retry =
        RetryPolicy.builder().maxAttempts(5).initialDelay(Duration.ofSeconds(1)).build();

    Endpoint e =
        Endpoint.builder("slack-high", "https://hooks.slack.com/services/T/B/X")
            .events("level_4_prediction", "prediction", "prediction")
            .method("put")
            .header("Authorization", "Bearer t")
            .format(Format.SLACK, Map.of("channel", "#alerts", "icon_emoji", ":robot:"))
            .filters(filters)
            .when("data.confidence > 0.85")
            .predicate(event -> true)
            .retryPolicy(retry)
            .rateLimit(RateLimit.of(60, 1000))
            .timeout(Duration.ofSeconds(10))
            .ordering(Ordering.FIFO)
            .enabled(false)
            .build();

    assertThat(e.events())
        .extracting(EventPattern::pattern)
        .containsExactly("level_4_prediction", "prediction");
    assertThat(e.method()).isEqualTo("PUT");
    assertThat(e.headers()).containsExactly(Map.entry("Authorization", "Bearer t"));
    assertThat(e.format()).isEqualTo(Format.SLACK);
    assertThat(e.formatOptions()).containsEntry("channel", "#alerts");
    assertThat(e.filters()).isEqualTo(filters);
    assertThat(e.when()).hasValue(Condition.cel("data.confidence > 0.85"));
    assertThat(e.predicates()).hasSize(1);
    assertThat(e.retryPolicy()).isEqualTo(retry);
    assertThat(e.rateLimit()).hasValue(RateLimit.of(60, 1000));
    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(e.ordering()).isEqualTo(Ordering.FIFO);
    assertThat(e.enabled()).isFalse();
  }

  @Test
  void toBuilderCopiesEverySetting() {
    Endpoint original =
        ops()
            .header("X-Team", "core")
            .when("severity == \"error\"")
            .ordering(Ordering.FIFO)
            .build();

    Endpoint copy = original.toBuilder().build();
    Endpoint changed = original.toBuilder().enabled(false).build();

    assertThat(copy).isEqualTo(original);
    assertThat(changed).isNotEqualTo(original);
    assertThat(changed.when()).isEqualTo(original.when());
  }

  @Test
  void formatOptionsAreDeeplyImmutable() {
    Endpoint e =
        Endpoint.builder("jira", "https://company.atlassian.net")
            .events("*")
            .format(
                Format.JIRA,
                Map.of(
                    "project", "OPS",
                    "email", "bot@example.com",
                    "api_token", "t",
                    "labels", List.of("hookline")))
            .build();

    assertThatThrownBy(() -> e.formatOptions().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<?>) e.formatOptions().get("labels")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void invalidIdIsRejected() {
    assertThat(invalid(() -> Endpoint.builder("has space", "https://x.example")).getMessage())
        .contains("endpoint id 'has space' is invalid");
    assertThat(invalid(() -> Endpoint.builder(".hidden", "https://x.example")).field())
        .isEqualTo("id");
    assertThat(invalid(() -> Endpoint.builder("a".repeat(101), "https://x.example")).field())
        .isEqualTo("id");
  }

  @Test
  void longestIdIsAccepted() {
    Endpoint e = Endpoint.builder("a".repeat(100), "https://x.example").events("*").build();

    assertThat(e.id()).hasSize(100);
  }

  @Test
  void urlMustBeHttpOrHttpsWithAHost() {
    assertThat(invalid(() -> Endpoint.builder("x", "ftp://files.example.com")).getMessage())
        .isEqualTo(
            "endpoint 'x': url 'ftp://files.example.com' must start with https:// or http://");
    assertThat(invalid(() -> Endpoint.builder("x", "/relative/path")).field()).isEqualTo("url");
    assertThat(invalid(() -> Endpoint.builder("x", "https:///nohost")).getMessage())
        .contains("has no host");
    assertThat(invalid(() -> Endpoint.builder("x", "https://exa mple.com")).getMessage())
        .contains("is malformed");
    assertThat(invalid(() -> Endpoint.builder("x", "")).getMessage())
        .contains("url is empty (is its environment variable set?)");
  }

  @Test
  void urlWithCredentialsIsRejectedWithoutEchoingThem() {
    InvalidEndpointException e =
        invalid(() -> Endpoint.builder("x", "https://user:secret@example.com/hook"));

    assertThat(e.getMessage()).contains("holds credentials").doesNotContain("secret");
  }

  @Test
  void urlIsRequiredForRawEndpoints() {
    InvalidEndpointException e = invalid(() -> Endpoint.builder("x").events("*").build());

    assertThat(e.field()).isEqualTo("url");
    assertThat(e.getMessage()).isEqualTo("endpoint 'x': url is required for format raw");
  }

  @Test
  void atLeastOneEventPatternIsRequired() {
    InvalidEndpointException e = invalid(() -> Endpoint.builder("x", "https://x.example").build());

    assertThat(e.field()).isEqualTo("events");
    assertThat(e.getMessage()).contains("add events: [\"*\"] to receive every event");
  }

  @Test
  void invalidEventPatternIsRejected() {
    InvalidEndpointException e =
        invalid(() -> Endpoint.builder("x", "https://x.example").events("github..push"));

    assertThat(e.field()).isEqualTo("events");
    assertThat(e.getMessage()).startsWith("endpoint 'x': invalid event pattern 'github..push'");
  }

  @Test
  void timeoutMustBePositiveAndBounded() {
    assertThat(invalid(() -> ops().timeout(Duration.ZERO)).getMessage())
        .isEqualTo("endpoint 'ops': timeout must be positive and at most 5m, got PT0S");
    assertThat(invalid(() -> ops().timeout(Duration.ofMinutes(6))).field()).isEqualTo("timeout");
  }

  @Test
  void methodMustCarryABody() {
    InvalidEndpointException e = invalid(() -> ops().method("GET"));

    assertThat(e.getMessage()).contains("method 'GET' is not supported; use POST, PUT or PATCH");
  }

  @Test
  void headersHooklineSetsCannotBeOverridden() {
    assertThat(
            invalid(
                    () ->
                        ops()
                            .header("Webhook-Signature", "v1,x")
                            .signature(
                                SignatureConfig.standard("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                            .build())
                .field())
        .isEqualTo("headers.Webhook-Signature");
    assertThat(invalid(() -> ops().header("Content-Length", "1")).getMessage())
        .contains("is set by Hookline");
    assertThat(invalid(() -> ops().header("X-Evil", "a\r\nHost: b")).getMessage())
        .contains("line break");
    assertThat(invalid(() -> ops().header("Bad Name", "v")).getMessage())
        .contains("not a valid HTTP header name");
  }

  @Test
  void headerOfTheSameNameIgnoringCaseIsReplaced() {
    Endpoint e = ops().header("X-Token", "a").header("x-token", "b").build();

    assertThat(e.headers()).containsExactly(Map.entry("x-token", "b"));
  }

  @Test
  void emailEndpointHasNoUrl() {
    Endpoint e =
        Endpoint.builder("mail")
            .events("error_occurred")
            .format(
                Format.EMAIL,
                Map.of(
                    "smtp_host",
                    "smtp.example.com",
                    "from",
                    "a@example.com",
                    "to",
                    "b@example.com"))
            .build();

    assertThat(e.url()).isEmpty();
  }

  @Test
  void emailEndpointWithUrlIsRejected() {
    InvalidEndpointException e =
        invalid(
            () ->
                Endpoint.builder("mail", "https://x.example")
                    .events("*")
                    .format(
                        Format.EMAIL,
                        Map.of("smtp_host", "smtp.example.com", "from", "a@x", "to", "b@x"))
                    .build());

    assertThat(e.field()).isEqualTo("url");
    assertThat(e.getMessage()).contains("email endpoints have no url");
  }

  @Test
  void formatWithoutItsRequiredOptionsIsRejected() {
    InvalidEndpointException e =
        invalid(
            () ->
                Endpoint.builder("mail")
                    .events("*")
                    .format(Format.EMAIL, Map.of("smtp_host", "smtp.example.com"))
                    .build());

    assertThat(e.field()).isEqualTo("email.from");
    assertThat(e.getMessage())
        .isEqualTo("endpoint 'mail': format email needs email.from, email.to");
  }

  @Test
  void optionWithAClosedSetOfValuesIsChecked() {
    InvalidEndpointException e =
        invalid(
            () ->
                Endpoint.builder("teams", "https://x.example")
                    .events("*")
                    .format(Format.TEAMS, Map.of("card", "hero"))
                    .build());

    assertThat(e.field()).isEqualTo("teams.card");
    assertThat(e.getMessage()).contains("use one of [adaptive, messagecard]");
  }

  @Test
  void formatsWithAKnownApiGetTheirDefaultUrl() {
    Endpoint github =
        Endpoint.builder("gh")
            .events("*")
            .format(Format.GITHUB, Map.of("token", "t", "repo", "acme/app"))
            .build();
    Endpoint pagerduty =
        Endpoint.builder("pd")
            .events("*")
            .format(Format.PAGERDUTY, Map.of("routing_key", "k"))
            .build();
    Endpoint datadogEu =
        Endpoint.builder("dd")
            .events("*")
            .format(Format.DATADOG, Map.of("api_key", "k", "site", "datadoghq.eu"))
            .build();
    Endpoint slackBot =
        Endpoint.builder("bot")
            .events("*")
            .format(Format.SLACK, Map.of("bot_token", "xoxb-1", "channel", "#ops"))
            .build();

    assertThat(github.url()).hasValue(URI.create("https://api.github.com"));
    assertThat(pagerduty.url()).hasValue(URI.create("https://events.pagerduty.com/v2/enqueue"));
    assertThat(datadogEu.url()).hasValue(URI.create("https://api.datadoghq.eu"));
    assertThat(slackBot.url()).hasValue(URI.create("https://slack.com/api/chat.postMessage"));
  }

  @Test
  void slackWithoutUrlOrBotTokenIsRejected() {
    InvalidEndpointException e =
        invalid(() -> Endpoint.builder("s").events("*").format(Format.SLACK).build());

    assertThat(e.getMessage()).contains("url is required for format slack").contains("bot_token");
  }

  @Test
  void formatOptionsWithRawFormatAreRejected() {
    InvalidEndpointException e =
        invalid(() -> ops().formatOptions(Map.of("channel", "#x")).build());

    assertThat(e.field()).isEqualTo("format");
  }

  @Test
  void changingTheFormatDropsTheOldOptions() {
    Endpoint e = ops().format(Format.SLACK, Map.of("channel", "#x")).format(Format.DISCORD).build();

    assertThat(e.formatOptions()).isEmpty();
  }

  @Test
  void batchAppliesToRawEndpointsOnly() {
    Endpoint raw = ops().batch(BatchConfig.of(10, Duration.ofSeconds(5))).build();
    InvalidEndpointException e =
        invalid(
            () ->
                ops()
                    .format(Format.DISCORD)
                    .batch(BatchConfig.of(10, Duration.ofSeconds(5)))
                    .build());

    assertThat(raw.batch()).hasValue(BatchConfig.of(10, Duration.ofSeconds(5)));
    assertThat(e.field()).isEqualTo("batch");
  }

  @Test
  void badWhenNamesTheEndpointAndThePosition() {
    InvalidConditionException e =
        catchThrowableOfType(InvalidConditionException.class, () -> ops().when("data.x >"));

    assertThat(e.getMessage())
        .startsWith("endpoint 'ops': when: invalid CEL condition 'data.x >' at line 1, column 9");
    assertThat(e.column()).isEqualTo(9);
  }

  @Test
  void formatsAndOrderingsParseFromContractNames() {
    assertThat(Format.fromName("pagerduty")).hasValue(Format.PAGERDUTY);
    assertThat(Format.fromName("fax")).isEmpty();
    assertThat(Format.EMAIL.wireName()).isEqualTo("email");
    assertThat(Ordering.fromName("FIFO")).hasValue(Ordering.FIFO);
    assertThat(Ordering.fromName("random")).isEmpty();
  }
}
