package dev.hookline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hookline.delivery.PrivateNetworks;
import dev.hookline.event.Severity;
import dev.hookline.routing.ContentFilter;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.routing.Ordering;
import dev.hookline.routing.RateLimit;
import dev.hookline.server.config.ConfigException.Problem;
import dev.hookline.server.config.HooklineConfig.AlertSettings;
import dev.hookline.server.config.HooklineConfig.ServerSettings;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.SignatureScheme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  private static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @TempDir Path dir;

  private HooklineConfig parse(String yaml, Map<String, String> env) {
    return HooklineConfig.parse(yaml, env, dir);
  }

  private HooklineConfig parse(String yaml) {
    return parse(yaml, Map.of());
  }

  private ConfigException invalid(String yaml, Map<String, String> env) {
    return catchThrowableOfType(ConfigException.class, () -> parse(yaml, env));
  }

  private ConfigException invalid(String yaml) {
    return invalid(yaml, Map.of());
  }

  private static Problem problem(String path, int line, String message) {
    return new Problem(path, OptionalInt.of(line), message);
  }

  /** DESIGN §7's example, character for character. */
  private static final String DESIGN_EXAMPLE =
      """
      server:
        host: 127.0.0.1
        port: 8000
        api_keys: ["${HOOKLINE_API_KEY}"]
        max_body_bytes: 1048576
        allow_private_networks: false
      store:
        url: "jdbc:sqlite:hookline.db"          # or jdbc:postgresql://127.0.0.1:5432/hookline
      signing:
        secret: "${WEBHOOK_SECRET_KEY}"          # default for endpoints without their own
      endpoints:
        - id: slack-high-confidence
          url: "${SLACK_WEBHOOK_URL}"
          events: ["level_4_prediction", "prediction"]
          format: slack
          when: "data.confidence > 0.85"
          template: {text: "Prediction: {prediction} ({confidence:.0%})"}
        - id: ops
          url: "https://ops.example.com/hooks"
          events: ["*"]
          signature: {scheme: standard, secret: "whsec_..."}   # or {scheme: github|hex|standard-ed25519|none, ...}
          headers: {Authorization: "Bearer ${OPS_TOKEN}"}
          filters: {min_severity: warning, platforms: [telegram, discord]}
          retry_policy: {max_attempts: 5, initial_delay: 1s, backoff_multiplier: 2, max_delay: 5m, retry_on_status: [500, 502, 503, 504]}
          rate_limit: {max_requests_per_minute: 60, max_requests_per_hour: 1000}
          batch: {max_size: 10, max_wait: 5s}
          timeout: 5s
          ordering: fifo
      sources:                                   # inbound: POST /webhooks/<name>; type defaults to the name
        github: {secret: "${GITHUB_WEBHOOK_SECRET}"}
        stripe: {secret: "${STRIPE_WEBHOOK_SECRET}"}
        slack: {secret: "${SLACK_SIGNING_SECRET}"}
        partner: {type: standard, secret: "whsec_..."}
        generic: {secret: "${WEBHOOK_SECRET}", header: X-Webhook-Signature}
      alerts:
        failure_threshold: 0.95
        window: 5m
        delivery_timeout_threshold: 30s
        channels: [slack-high-confidence]
      """;

  private static final Map<String, String> DESIGN_ENV =
      Map.of(
          "HOOKLINE_API_KEY", "key-1",
          "WEBHOOK_SECRET_KEY", WHSEC,
          "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/X",
          "OPS_TOKEN", "ops-token",
          "GITHUB_WEBHOOK_SECRET", "gh-secret",
          "STRIPE_WEBHOOK_SECRET", "whsec_stripe",
          "SLACK_SIGNING_SECRET", "slack-secret",
          "WEBHOOK_SECRET", "generic-secret");

  @Test
  void designExampleLoadsOnceItsPlaceholderSecretsAreReal() {
    HooklineConfig c = parse(DESIGN_EXAMPLE.replace("whsec_...", WHSEC), DESIGN_ENV);

    assertThat(c.server())
        .isEqualTo(
            new ServerSettings(
                "127.0.0.1", 8000, List.of("key-1"), 1048576, PrivateNetworks.DENY, List.of(), 0));
    assertThat(c.store()).isEqualTo("jdbc:sqlite:hookline.db");
    assertThat(c.signingSecret()).hasValue(WHSEC);
    assertThat(c.endpoints())
        .extracting(Endpoint::id)
        .containsExactly("slack-high-confidence", "ops");
    Endpoint slack = c.endpoints().get(0);
    assertThat(slack.format()).isEqualTo(Format.SLACK);
    assertThat(slack.url().orElseThrow()).hasToString("https://hooks.slack.com/services/T0/B0/X");
    assertThat(slack.when().orElseThrow().expression()).isEqualTo("data.confidence > 0.85");
    assertThat(slack.template().orElseThrow())
        .hasToString("{\"text\":\"Prediction: {prediction} ({confidence:.0%})\"}");
    Endpoint ops = c.endpoints().get(1);
    assertThat(ops.signature().orElseThrow().scheme()).isEqualTo(SignatureScheme.STANDARD);
    assertThat(ops.headers()).containsEntry("Authorization", "Bearer ops-token");
    assertThat(ops.filters().minSeverity()).hasValue(Severity.WARNING);
    assertThat(ops.filters().platforms()).containsExactly("telegram", "discord");
    assertThat(ops.retryPolicy().maxAttempts()).isEqualTo(5);
    assertThat(ops.retryPolicy().delayAfter(1)).hasValue(Duration.ofSeconds(1));
    assertThat(ops.retryPolicy().maxDelay()).isEqualTo(Duration.ofMinutes(5));
    assertThat(ops.retryPolicy().retryOnStatus()).containsExactly(500, 502, 503, 504);
    assertThat(ops.rateLimit()).hasValue(RateLimit.of(60, 1000));
    assertThat(ops.batch().orElseThrow().maxWait()).isEqualTo(Duration.ofSeconds(5));
    assertThat(ops.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(ops.ordering()).isEqualTo(Ordering.FIFO);
    assertThat(c.sources().keySet())
        .containsExactly("github", "stripe", "slack", "partner", "generic");
    assertThat(c.sources().get("partner").type()).isEqualTo("standard");
    assertThat(c.sources().get("github").secrets()).containsExactly("gh-secret");
    assertThat(c.sources().get("generic").header()).hasValue("X-Webhook-Signature");
    assertThat(c.alerts())
        .isEqualTo(
            new AlertSettings(
                Optional.of(0.95),
                Duration.ofMinutes(5),
                Optional.of(Duration.ofSeconds(30)),
                List.of("slack-high-confidence")));
  }

  @Test
  void designExampleAsWrittenIsRefusedOnlyForItsPlaceholderSecrets() {
    ConfigException e = invalid(DESIGN_EXAMPLE, DESIGN_ENV);

    assertThat(e.problems())
        .extracting(Problem::path, Problem::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "endpoints[1].signature.secret", OptionalInt.of(21)),
            org.assertj.core.groups.Tuple.tuple("sources.partner.secret", OptionalInt.of(33)));
    assertThat(e.getMessage()).doesNotContain("whsec_...");
  }

  @Test
  void emptyFileGivesTheDefaults() {
    assertThat(parse("")).isEqualTo(HooklineConfig.defaults());
    assertThat(parse("# nothing here yet\n")).isEqualTo(HooklineConfig.defaults());
  }

  @Test
  void everyKeyTakesItsValue() throws IOException {
    Files.writeString(dir.resolve("flow.yaml"), "name: from_file\nnodes: [{name: a}]\n");

    HooklineConfig c =
        parse(
            """
            server:
              host: 0.0.0.0
              port: 9000
              api_keys: [k1, k2]
              max_body_bytes: 2048
              allow_private_networks: true
              cors_origins: ["https://Admin.Example.com:443/", "http://localhost:3000"]
            store: {url: "jdbc:postgresql://127.0.0.1:5432/hookline"}
            signing: {secret: "%s"}
            endpoints:
              - {id: a, url: "https://a.example", events: ["*"]}
              - {id: b, url: "https://b.example", events: [x], enabled: false}
            sources:
              github: {secret: [new-secret, old-secret]}
              shop: {type: shopify, secret: s}
              stripe: {secret: whsec_x, tolerance: 10m}
              generic: {header: X-Sig, prefix: "sha256=", secret: g}
              open: {type: generic}
            workflows:
              - {name: inline, nodes: []}
              - flow.yaml
            alerts:
              failure_threshold: 0.9
              window: 10m
              delivery_timeout_threshold: 30
              channels: [a, b]
            """
                .formatted(WHSEC));

    assertThat(c.server())
        .isEqualTo(
            new ServerSettings(
                "0.0.0.0",
                9000,
                List.of("k1", "k2"),
                2048,
                PrivateNetworks.ALLOW,
                List.of("https://admin.example.com", "http://localhost:3000"),
                0));
    assertThat(c.store()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/hookline");
    assertThat(c.signingSecret()).hasValue(WHSEC);
    assertThat(c.endpoints()).extracting(Endpoint::id).containsExactly("a", "b");
    assertThat(c.endpoints().get(1).enabled()).isFalse();
    assertThat(c.sources().get("github").secrets()).containsExactly("new-secret", "old-secret");
    assertThat(c.sources().get("shop").type()).isEqualTo("shopify");
    assertThat(c.sources().get("stripe").tolerance()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.sources().get("generic").prefix()).hasValue("sha256=");
    assertThat(c.sources().get("open").secrets()).isEmpty();
    assertThat(c.workflows())
        .extracting(w -> w.get("name").asText())
        .containsExactly("inline", "from_file");
    assertThat(c.workflows().get(1).get("nodes").get(0).get("name").asText()).isEqualTo("a");
    assertThat(c.alerts())
        .isEqualTo(
            new AlertSettings(
                Optional.of(0.9),
                Duration.ofMinutes(10),
                Optional.of(Duration.ofSeconds(30)),
                List.of("a", "b")));
  }

  @Test
  void variablesAreReplacedWithDefaultsAndEscapes() {
    HooklineConfig c =
        parse(
            """
            server:
              port: ${PORT:-8080}
              host: ${HOST:-127.0.0.1}
              api_keys: ["${KEY}", "${EMPTY:-fallback}", "literal $${KEY}", "${NUMERIC}"]
            """,
            Map.of("KEY", "k", "EMPTY", "", "NUMERIC", "12345"));

    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.server().apiKeys()).containsExactly("k", "fallback", "literal ${KEY}", "12345");
  }

  @Test
  void variableValuesCannotInjectYaml() {
    HooklineConfig c =
        parse(
            "server:\n  host: \"${HOST}\"\n",
            Map.of("HOST", "127.0.0.1\n  port: 1\nstore: {url: jdbc:sqlite:/tmp/evil}"));

    assertThat(c.server().host()).startsWith("127.0.0.1\n  port: 1");
    assertThat(c.server().port()).isEqualTo(8000);
    assertThat(c.store()).isEqualTo(HooklineConfig.DEFAULT_STORE_URL);
  }

  @Test
  void missingVariableIsNamedWithItsKeyAndLine() {
    ConfigException e =
        invalid(
            """
            endpoints:
              - id: slack
                url: "${SLACK_WEBHOOK_URL}"
                events: ["*"]
            """);

    assertThat(e.problems())
        .containsExactly(
            problem(
                "endpoints[0].url",
                3,
                "environment variable SLACK_WEBHOOK_URL is not set; set it, or give a default:"
                    + " ${SLACK_WEBHOOK_URL:-...}"));
    assertThat(e)
        .hasMessage(
            "line 3: endpoints[0].url: environment variable SLACK_WEBHOOK_URL is not set; set it,"
                + " or give a default: ${SLACK_WEBHOOK_URL:-...}");
  }

  @Test
  void everyProblemOfASeedShapedEndpointIsReportedAtOnce() {
    ConfigException e =
        invalid(
            """
            endpoints:
              - id: slack
                url: "not a url"
                events: [prediction]
                filter: {min_confidence: 0.8}
                timeout: soon
                ordering: random
              - id: second
                events: []
            """);

    assertThat(e.problems())
        .extracting(Problem::path)
        .containsExactly(
            "endpoints[0].filter",
            "endpoints[0].url",
            "endpoints[0].timeout",
            "endpoints[0].ordering",
            "endpoints[1].events");
    assertThat(e.problems()).extracting(p -> p.line().getAsInt()).containsExactly(5, 3, 6, 7, 9);
    assertThat(e.problems().get(0).message())
        .isEqualTo("unknown key; use filters (declarative) or when (a CEL expression)");
  }

  @Test
  void corsOriginThatIsNotAnOriginNamesItsIndex() {
    ConfigException e =
        invalid("server:\n  cors_origins: [\"https://ok.example\", \"https://x.example/app\"]\n");

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).path()).isEqualTo("server.cors_origins[1]");
    assertThat(e.problems().get(0).message()).startsWith("not an origin (scheme://host[:port]");
  }

  @Test
  void malformedReferenceIsAnError() {
    assertThat(invalid("signing: {secret: \"${ not a var}\"}\n").problems().get(0).message())
        .startsWith("'${ not a var}' is not a variable reference");
  }

  @Test
  void unknownTopLevelKeyIsReportedWithLineAndSuggestion() {
    ConfigException e = invalid("server:\n  port: 1\nendpoint:\n  - id: x\n");

    assertThat(e.problems())
        .containsExactly(problem("endpoint", 3, "unknown key; did you mean endpoints?"));
  }

  @Test
  void seedKeysGetAHint() {
    assertThat(invalid("webhook_alerts:\n  enabled: true\n").problems())
        .containsExactly(problem("webhook_alerts", 1, "unknown key; use alerts"));
  }

  @Test
  void webhooksBlockIsAnotherSpellingOfEndpoints() {
    HooklineConfig c =
        parse(
            """
            webhooks:
              enabled: false
              secret_key: "%s"
              signature_header: X-MegaBot-Signature
              endpoints:
                - {url: "https://a.example/hook", events: ["*"], secret: s1}
                - {url: "https://a.example/hook", events: [x]}
                - {id: named, url: "https://b.example", events: [y]}
            """
                .formatted(WHSEC));

    assertThat(c.signingSecret()).hasValue(WHSEC);
    assertThat(c.endpoints())
        .extracting(Endpoint::id)
        .containsExactly(
            WebhookRegistration.stableId("https://a.example/hook"),
            WebhookRegistration.stableId("https://a.example/hook") + "-2",
            "named");
    assertThat(c.endpoints()).allSatisfy(e -> assertThat(e.enabled()).isFalse());
    assertThat(c.endpoints().get(0).signature().orElseThrow().header())
        .isEqualTo("X-MegaBot-Signature");
  }

  @Test
  void webhooksSignatureHeaderSignsWebhooksWithoutASecretWithTheSecretKey() {
    HooklineConfig c =
        parse(
            """
            webhooks:
              secret_key: "%s"
              signature_header: X-MegaBot-Signature
              endpoints:
                - {url: "https://a.example/hook", events: ["*"]}
                - {url: "https://b.example/hook", events: ["*"], secret: own}
            """
                .formatted(WHSEC));
    HooklineConfig plain =
        parse(
            "webhooks:\n  secret_key: \"%s\"\n  endpoints: [{url: \"https://a.example\", events: [\"*\"]}]\n"
                .formatted(WHSEC));

    SignatureConfig byKey = c.endpoints().get(0).signature().orElseThrow();
    assertThat(byKey.scheme()).isEqualTo(SignatureScheme.HEX);
    assertThat(byKey.header()).isEqualTo("X-MegaBot-Signature");
    assertThat(byKey.prefix()).isEqualTo("sha256=");
    assertThat(byKey.secrets()).containsExactly(WHSEC);
    assertThat(c.endpoints().get(1).signature().orElseThrow().secrets()).containsExactly("own");
    assertThat(plain.endpoints().get(0).signature()).isEmpty(); // the default signing secret
  }

  @Test
  void webhooksSecretKeyAndSigningSecretTogetherAreRefused() {
    ConfigException e =
        invalid(
            "signing: {secret: \"%s\"}\nwebhooks:\n  secret_key: \"%s\"\n  endpoints: []\n"
                .formatted(WHSEC, WHSEC));

    assertThat(e.problems()).extracting(Problem::path).containsExactly("webhooks.secret_key");
  }

  @Test
  void unknownKeyInsideServerIsReported() {
    assertThat(invalid("server:\n  host: 127.0.0.1\n  prot: 8000\n").problems())
        .containsExactly(problem("server.prot", 3, "unknown key; did you mean port?"));
  }

  @Test
  void unknownKeyInsideAnEndpointsRetryPolicyIsReported() {
    ConfigException e =
        invalid(
            """
            endpoints:
              - id: a
                url: https://a.example
                events: ["*"]
              - id: b
                url: https://b.example
                events: ["*"]
                retry_policy:
                  max_attempt: 5
            """);

    assertThat(e.problems())
        .containsExactly(
            problem(
                "endpoints[1].retry_policy.max_attempt",
                9,
                "unknown key; did you mean max_attempts?"));
  }

  @Test
  void unknownKeyInsideASourceIsReported() {
    assertThat(invalid("sources:\n  github:\n    secret: s\n    secert: t\n").problems())
        .containsExactly(problem("sources.github.secert", 4, "unknown key; did you mean secret?"));
  }

  @Test
  void wrongTypesSayWhatWasExpected() {
    ConfigException e =
        invalid(
            """
            server:
              port: eighty
              allow_private_networks: "yes"
              api_keys: {a: b}
            store: jdbc:sqlite:x.db
            endpoints: {id: x}
            alerts:
              failure_threshold: high
              window: soon
            """);

    assertThat(e.problems())
        .containsExactly(
            problem(
                "server.port",
                2,
                "expected a whole number (a port from 0 to 65535), got the string 'eighty'"),
            problem(
                "store", 5, "expected a map {url: jdbc:...}, got the string 'jdbc:sqlite:x.db'"),
            problem("endpoints", 6, "expected a list of endpoints (- id: ...), got a map"),
            problem(
                "alerts.failure_threshold",
                8,
                "expected a success rate from 0 to 1 (0.95 alerts below 95 %), got the string"
                    + " 'high'"));
    assertThat(e.getMessage()).startsWith("4 problems:\n  line 2: server.port: expected");
  }

  @Test
  void maxQueueDepthMustBeAPositiveWholeNumber() {
    assertThat(invalid("server:\n  max_queue_depth: 0\n").problems())
        .containsExactly(
            problem(
                "server.max_queue_depth",
                2,
                "must be at least 1 (leave it out for no limit), got 0"));
    assertThat(invalid("server:\n  max_queue_depth: lots\n").problems())
        .containsExactly(
            problem(
                "server.max_queue_depth",
                2,
                "expected a whole number (a number of open deliveries, e.g. 100000), got the"
                    + " string 'lots'"));
    assertThat(parse("server:\n  max_queue_depth: 100000\n", Map.of()).server().maxQueueDepth())
        .isEqualTo(100000);
  }

  @Test
  void yesAndNoAreStringsNotBooleans() {
    assertThat(invalid("server:\n  allow_private_networks: yes\n").problems())
        .containsExactly(
            problem(
                "server.allow_private_networks",
                2,
                "expected true or false, got the string 'yes'"));
  }

  @Test
  void anchorsAliasesAndStrTagsWork() {
    HooklineConfig c =
        parse(
            """
            server:
              api_keys: [!!str 12345]
            endpoints:
              - id: a
                url: https://a.example
                events: ["*"]
                retry_policy: &retry {max_attempts: 3, initial_delay: 2s}
              - id: b
                url: https://b.example
                events: ["*"]
                retry_policy: *retry
            """);

    assertThat(c.server().apiKeys()).containsExactly("12345");
    assertThat(c.endpoints().get(1).retryPolicy()).isEqualTo(c.endpoints().get(0).retryPolicy());
    assertThat(c.endpoints().get(1).retryPolicy().maxAttempts()).isEqualTo(3);
  }

  @Test
  void numberWhereAStringIsExpectedSaysToQuoteIt() {
    assertThat(invalid("signing: {secret: 12345}\n").problems())
        .containsExactly(
            problem(
                "signing.secret",
                1,
                "expected a string, got the number 12345; quote it to make it a string"));
  }

  @Test
  void duplicateEndpointIdsAreRefused() {
    ConfigException e =
        invalid(
            """
            endpoints:
              - {id: ops, url: "https://a.example", events: ["*"]}
              - {id: other, url: "https://b.example", events: ["*"]}
              - {id: ops, url: "https://c.example", events: ["*"]}
            """);

    assertThat(e.problems())
        .containsExactly(
            problem(
                "endpoints[2].id",
                4,
                "duplicate endpoint id 'ops' (also endpoints[0]); ids are unique"));
  }

  @Test
  void duplicateYamlKeysAreRefused() {
    assertThat(invalid("server:\n  port: 1\n  port: 2\n").problems())
        .containsExactly(problem("server.port", 3, "duplicate key; each key may appear once"));
  }

  @Test
  void alertChannelMustBeAnEndpoint() {
    ConfigException e =
        invalid(
            """
            endpoints:
              - {id: ops, url: "https://a.example", events: ["*"]}
            alerts:
              channels: [ops, pager]
            """);

    assertThat(e.problems())
        .containsExactly(
            problem(
                "alerts.channels[1]",
                4,
                "'pager' is not an endpoint id; declared endpoints are ops"));
  }

  @Test
  void alertChannelMayNameAWebhooksEndpoint() {
    HooklineConfig c =
        parse(
            """
            webhooks:
              endpoints:
                - {id: alert-slack, url: "https://hooks.slack.com/services/T/B/X", events: [x]}
                - {url: "https://a.example", events: ["*"]}
            alerts:
              channels: [alert-slack]
            """);

    assertThat(c.alerts().channels()).containsExactly("alert-slack");
  }

  @Test
  void endpointErrorsComeFromTheCodecWithTheirLine() {
    ConfigException e =
        invalid(
            """
            endpoints:
              - id: ops
                url: https://a.example
                events: ["*"]
                timeout: 10 minutes
            """);

    assertThat(e.problems())
        .containsExactly(
            problem(
                "endpoints[0].timeout",
                5,
                "'10 minutes' is not a duration; write a number and a unit: 500ms, 5s, 5m, 2h or"
                    + " 1d (a bare number means seconds)"));
  }

  @Test
  void sourcesNeedAKnownTypeAndASecret() {
    ConfigException e =
        invalid(
            """
            sources:
              partner: {secret: s}
              github: {}
              stripe: {secret: s, header: X-Sig}
              ci: {type: gitlab, secret: s}
              twilio: {secret: s, tolerance: 1m}
            """);

    assertThat(e.problems())
        .extracting(Problem::path)
        .containsExactly(
            "sources.partner",
            "sources.github.secret",
            "sources.stripe.header",
            "sources.ci.type",
            "sources.twilio.tolerance");
    assertThat(e.problems().get(0).message())
        .isEqualTo(
            "'partner' is not a source type, so give one: type:"
                + " github|stripe|slack|standard|shopify|twilio|generic");
  }

  @Test
  void twilioSourceTakesThePublicUrlTwilioSigns() {
    HooklineConfig c =
        parse(
            """
            sources:
              twilio: {secret: s, public_url: "https://hooks.example.com/webhooks/twilio"}
            """);
    ConfigException e =
        invalid(
            """
            sources:
              github: {secret: s, public_url: "https://hooks.example.com/x"}
              twilio: {secret: s, public_url: "/relative"}
            """);

    assertThat(c.sources().get("twilio").publicUrl())
        .hasValue(java.net.URI.create("https://hooks.example.com/webhooks/twilio"));
    assertThat(e.problems())
        .extracting(Problem::path)
        .containsExactly("sources.github.public_url", "sources.twilio.public_url");
  }

  @Test
  void invalidSigningSecretIsRefusedWithoutShowingIt() {
    ConfigException e = invalid("signing: {secret: \"whsec_!!not-base64-secret!!\"}\n");

    assertThat(e.problems()).extracting(Problem::path).containsExactly("signing.secret");
    assertThat(e.getMessage()).doesNotContain("not-base64-secret");
  }

  @Test
  void workflowFilesAreReadRelativeToTheConfig() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("conf"));
    Files.createDirectories(sub.resolve("workflows"));
    Files.writeString(
        sub.resolve("workflows/notify.yaml"),
        "name: slack_notification\nchannel: ${CHANNEL:-#alerts}\n");
    Files.writeString(sub.resolve("hookline.yaml"), "workflows: [workflows/notify.yaml]\n");

    HooklineConfig c = HooklineConfig.load(sub.resolve("hookline.yaml"), Map.of());

    assertThat(c.workflows()).hasSize(1);
    assertThat(c.workflows().get(0).get("name").asText()).isEqualTo("slack_notification");
    assertThat(c.workflows().get(0).get("channel").asText()).isEqualTo("#alerts");
  }

  @Test
  void missingWorkflowFileIsNamed() {
    ConfigException e = invalid("workflows:\n  - missing.yaml\n");

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).path()).isEqualTo("workflows[0]");
    assertThat(e.problems().get(0).line()).hasValue(2);
    assertThat(e.problems().get(0).message()).startsWith("workflow file 'missing.yaml' not found");
  }

  @Test
  void yamlSyntaxErrorsGiveTheLine() {
    ConfigException e = invalid("server:\n  port: [1, 2\nstore: {}\n");

    assertThat(e.problems().get(0).message()).startsWith("YAML does not parse");
    assertThat(e.problems().get(0).line()).isPresent();
  }

  @Test
  void missingFileIsAConfigException() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> HooklineConfig.load(dir.resolve("nope.yaml"), Map.of()));

    assertThat(e.file()).hasValue(dir.resolve("nope.yaml").toString());
    assertThat(e).hasMessageEndingWith("file not found (pass --config FILE)");
  }

  @Test
  void contentFiltersFromTheMegaBotSeedLoad() {
    HooklineConfig c =
        parse(
            """
            endpoints:
              - id: megabot
                url: "https://slack-webhook.com/notify"
                events: ["error_occurred", "tool_execution_failed"]
                filters:
                  platforms: ["telegram", "discord"]
                  users: ["admin_user", "moderator_user"]
                  min_severity: "warning"
                  content_filters:
                    - type: "contains"
                      field: "error.message"
                      value: "database"
                    - type: "regex"
                      field: "data.tool_name"
                      pattern: "^deploy_"
                  time_window:
                    start_hour: 9
                    end_hour: 17
                    timezone: "UTC"
            """);

    assertThat(c.endpoints().get(0).filters().contentFilters())
        .containsExactly(
            ContentFilter.contains("error.message", "database"),
            ContentFilter.regex("data.tool_name", "^deploy_"));
  }
}
