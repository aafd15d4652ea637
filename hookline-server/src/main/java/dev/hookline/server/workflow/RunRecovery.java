package dev.hookline.server.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the runs recorded as running that no node is executing any more: all of them after a restart
 * on SQLite (one node), and on a shared store those past their deadline. Marks them failed with the
 * reason, once.
 */
final class RunRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowEngine.class);

  private final WorkflowEngine engine;

  RunRecovery(WorkflowEngine engine) {
    this.engine = engine;
  }

  void failInterruptedRuns() {
    for (WorkflowRunRecord r : engine.store.runsWithStatus("running", 10_000)) {
      fail(r, "interrupted: the server stopped while the run was going on");
    }
  }

  /**
   * Marks failed the runs recorded as running that no node can still be executing: past the {@code
   * deadline} their node recorded when they started (their workflow's {@link Workflow#longestRun()}
   * then). On a shared PostgreSQL store, that is how the runs of a node that died end; on SQLite,
   * the restart already did it. Only a run still {@code running} is changed, so an outcome its node
   * stored meanwhile stands, and only one node ends it.
   */
  void failAbandonedRuns() {
    Instant now = engine.clock.instant();
    for (WorkflowRunRecord r : engine.store.runsWithStatus("running", 1_000)) {
      if (engine.underWay.contains(r.id())) {
        continue;
      }
      Instant deadline = deadline(r);
      if (deadline.isBefore(now)) {
        fail(
            r,
            "interrupted: not finished by its deadline ("
                + deadline
                + ", the longest this workflow could take); the node running it stopped");
      }
    }
  }

  /** When a run still running counts as abandoned if its record does not say. */
  static final Duration ABANDONED_UNKNOWN = Duration.ofHours(1);

  private static Instant deadline(WorkflowRunRecord r) {
    try {
      JsonNode d = Workflow.JSON.readTree(r.document()).path("deadline");
      if (d.isTextual()) {
        return Instant.parse(d.asText());
      }
    } catch (IOException | java.time.format.DateTimeParseException e) {
      // an older or damaged record: fall back to the generous default
    }
    return r.startedAt().plus(ABANDONED_UNKNOWN);
  }

  private void fail(WorkflowRunRecord r, String error) {
    WorkflowRunRecord failed;
    try {
      ObjectNode doc = (ObjectNode) Workflow.JSON.readTree(r.document());
      Instant now = engine.clock.instant();
      doc.put("status", "failed");
      doc.put("error", error);
      doc.put("finished_at", now.toString());
      failed =
          new WorkflowRunRecord(
              r.id(), r.workflow(), "failed", doc.toString(), r.startedAt(), Optional.of(now));
    } catch (IOException | ClassCastException e) {
      LOG.warn("run {} has an unreadable record: {}", r.id(), e.getMessage());
      return;
    }
    try {
      if (engine.store.finishRunIfRunning(failed)) {
        engine.listener.accept(failed);
      }
    } catch (RuntimeException e) {
      LOG.warn("run {} could not be marked failed: {}", r.id(), e.getMessage());
    }
  }
}
