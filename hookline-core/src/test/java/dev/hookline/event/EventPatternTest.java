package dev.hookline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.HooklineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventPatternTest {
  @ParameterizedTest
  @CsvSource({
    "prediction, prediction, true",
    "prediction, prediction.x, false",
    "prediction, level_4_prediction, false",
    "*, anything.at.all, true",
    "github.*, github.push, true",
    "github.*, github.pull_request.opened, true",
    "github.*, github, false",
    "github.*, githubx.push, false",
    "github.pull_request.*, github.pull_request.opened, true",
    "github.pull_request.*, github.push, false",
    "tool_execution_*, tool_execution_failed, true",
    "tool_execution_*, tool_execution_failed.again, false",
    "tool_execution_*, tool_execution_, true",
    "level_*_prediction, level_4_prediction, true",
    "level_*_prediction, level_4_predictions, false",
    "*.opened, issue.opened, true",
    "*.opened, github.issue.opened, false",
    "github.*.opened, github.issue.opened, true",
    "github.*_request.*, github.pull_request.opened.x, true",
    "github.*_request.*, github.pull_request, false",
  })
  void matchesPerTheContract(String pattern, String type, boolean expected) {
    EventPattern compiled = EventPattern.compile(pattern);

    boolean matched = compiled.matches(type);

    assertThat(matched).as("%s ~ %s", pattern, type).isEqualTo(expected);
  }

  @Test
  void onlyPlainNamesAreExact() {
    assertThat(EventPattern.compile("prediction").isExact()).isTrue();
    assertThat(EventPattern.compile("github.*").isExact()).isFalse();
    assertThat(EventPattern.compile("a_*").isExact()).isFalse();
  }

  @Test
  void invalidPatternsAreRejected() {
    assertThatThrownBy(() -> EventPattern.compile("")).isInstanceOf(HooklineException.class);
    assertThatThrownBy(() -> EventPattern.compile("a..b"))
        .hasMessageContaining("invalid event pattern 'a..b'");
    assertThatThrownBy(() -> EventPattern.compile("a b")).isInstanceOf(HooklineException.class);
  }
}
