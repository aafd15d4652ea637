package dev.hookline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LogLinesTest {
  @Test
  void finishedWorkflowRunIsOneLineWithItsStatusStepsAndError() throws Exception {
    var run =
        new ObjectMapper()
            .readTree(
                "{\"id\":\"run_1\",\"workflow\":\"caller\",\"status\":\"failed\","
                    + "\"steps\":[{\"name\":\"call\"}],\"duration_ms\":42,"
                    + "\"error\":\"step call (http) failed: HTTP 500\"}");

    String line = LogLines.workflow(run, "2026-11-23T17:00:00Z");

    assertThat(line)
        .isEqualTo(
            "2026-11-23T17:00:00Z  workflow   caller  failed  1 steps  42 ms  run_1  error: step call"
                + " (http) failed: HTTP 500");
  }
}
