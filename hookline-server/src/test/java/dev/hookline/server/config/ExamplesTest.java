package dev.hookline.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.signature.SignatureScheme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file in the repository's examples/ loads without any environment variable set. */
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).isNotEmpty();
      return yaml.stream();
    }
  }

  static Stream<Path> seedExamples() throws IOException {
    try (Stream<Path> dirs = Files.list(EXAMPLES.resolve("seeds"))) {
      List<Path> configs =
          dirs.filter(Files::isDirectory).sorted().map(d -> d.resolve("hookline.yaml")).toList();
      assertThat(configs).hasSizeGreaterThanOrEqualTo(4);
      return configs.stream();
    }
  }

  private static HooklineConfig load(String name) {
    return HooklineConfig.load(EXAMPLES.resolve(name), Map.of());
  }

  private static Endpoint endpoint(HooklineConfig c, String id) {
    return c.endpoints().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleLoadsWithoutEnvironment(Path file) {
    HooklineConfig c = HooklineConfig.load(file, Map.of());

    assertThat(c.endpoints().size() + c.sources().size()).isPositive();
    for (int i = 0; i < c.workflows().size(); i++) {
      dev.hookline.server.workflow.Workflow.parse(c.workflows().get(i), "workflows[" + i + "]");
    }
  }

  @ParameterizedTest
  @MethodSource("seedExamples")
  void seedFolderConfigLoadsWithoutEnvironmentAndHasItsPayloadsAndReadme(Path file)
      throws IOException {
    HooklineConfig c = HooklineConfig.load(file, Map.of());

    assertThat(c.endpoints()).isNotEmpty();
    for (int i = 0; i < c.workflows().size(); i++) {
      dev.hookline.server.workflow.Workflow.parse(c.workflows().get(i), "workflows[" + i + "]");
    }
    assertThat(file.resolveSibling("README.md")).isRegularFile();
    try (Stream<Path> payloads = Files.list(file.resolveSibling("payloads"))) {
      assertThat(payloads.filter(p -> p.toString().endsWith(".json"))).isNotEmpty();
    }
  }

  @Test
  void seedIndexNamesEveryOneOfTheFiveSeedsAndItsFolder() throws IOException {
    String index = Files.readString(EXAMPLES.resolve("seeds").resolve("README.md"));

    for (String seed : List.of("000", "001", "002", "003", "004")) {
      assertThat(index).contains("| " + seed + " |");
    }
    try (Stream<Path> dirs = Files.list(EXAMPLES.resolve("seeds"))) {
      dirs.filter(Files::isDirectory)
          .forEach(d -> assertThat(index).contains("(" + d.getFileName() + ")"));
    }
  }

  @Test
  void workflowsExampleHoldsTheSeedsWorkflowAndAnEventTriggeredOne() {
    HooklineConfig c = load("workflows.yaml");

    assertThat(c.workflows())
        .extracting(w -> dev.hookline.server.workflow.Workflow.parse(w, "w").name())
        .containsExactly("slack_notification", "welcome_pull_request");
  }

  @Test
  void slackExampleGatesOnConfidence() {
    Endpoint e = endpoint(load("slack-predictions.yaml"), "slack-high-confidence");

    assertThat(e.when().orElseThrow().expression()).isEqualTo("data.confidence > 0.85");
    assertThat(e.format()).isEqualTo(Format.SLACK);
    assertThat(e.formatOptions())
        .containsEntry("channel", "#ai-alerts")
        .containsEntry("username", "Empathy Bot")
        .containsEntry("icon_emoji", ":crystal_ball:");
    assertThat(e.template().orElseThrow().toString()).contains("HIGH CONFIDENCE PREDICTION");
  }

  @Test
  void internalApiExampleSendsTheBearerTokenAndRetries() {
    Endpoint e = endpoint(load("internal-api.yaml"), "internal-api");

    assertThat(e.headers()).containsEntry("Authorization", "Bearer change-me");
    assertThat(e.retryPolicy().maxAttempts()).isEqualTo(6);
    assertThat(e.retryPolicy().delayAfter(5)).hasValue(Duration.ofSeconds(16));
    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void businessHoursExampleHasAWeekdayWindow() {
    Endpoint e = endpoint(load("business-hours.yaml"), "business-hours");

    assertThat(e.filters().timeWindow().orElseThrow().days())
        .doesNotContain(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)
        .hasSize(5);
  }

  @Test
  void megabotExampleSignsLikeMegaBot() {
    Endpoint e = endpoint(load("megabot-hookline.yaml"), "ops-slack");

    assertThat(e.filters().contentFilters()).hasSize(2);
    assertThat(e.signature().orElseThrow().scheme()).isEqualTo(SignatureScheme.HEX);
    assertThat(e.signature().orElseThrow().header()).isEqualTo("X-MegaBot-Signature");
    assertThat(e.signature().orElseThrow().prefix()).isEqualTo("sha256=");
  }

  @Test
  void megabotSeedFileLoadsAsWrittenWithIdsFromItsUrls() {
    HooklineConfig c = load("megabot.yaml");

    assertThat(c.endpoints()).hasSize(3);
    assertThat(c.endpoints()).allSatisfy(e -> assertThat(e.id()).matches("webhook-[0-9a-f]{8}"));
    assertThat(c.endpoints().get(0).id())
        .isEqualTo(
            WebhookRegistration.stableId("https://api.github.com/repos/owner/repo/dispatches"));
    assertThat(c.signingSecret()).hasValue("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    assertThat(c.endpoints().get(1).filters().platforms()).containsExactly("slack");
    assertThat(c.endpoints().get(2).retryPolicy().maxAttempts()).isEqualTo(5);
    assertThat(load("megabot.yaml").endpoints()).isEqualTo(c.endpoints()); // stable ids
  }

  @Test
  void inboundExampleDeclaresEverySourceType() {
    HooklineConfig c = load("inbound.yaml");

    assertThat(c.sources().values())
        .extracting(SourceConfig::type)
        .containsExactlyInAnyOrderElementsOf(SourceConfig.TYPES);
    assertThat(c.sources().get("partner").secrets()).hasSize(2);
    assertThat(c.server().port()).isEqualTo(8000);
  }
}
