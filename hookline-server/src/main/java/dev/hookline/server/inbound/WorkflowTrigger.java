package dev.hookline.server.inbound;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a workflow for a {@code generic} source's {@code {"workflow_name": ..., "inputs": {...}}}
 * request. Called only after the request's signature was verified.
 *
 * <p>Implementations must be thread-safe: requests arrive concurrently.
 */
public interface WorkflowTrigger {

  /** Knows no workflow: every trigger is answered {@code 404 unknown_workflow}. */
  WorkflowTrigger NONE =
      new WorkflowTrigger() {
        @Override
        public List<String> names() {
          return List.of();
        }

        @Override
        public Optional<String> start(
            String workflowName, Map<String, Object> inputs, Optional<String> idempotencyKey) {
          return Optional.empty();
        }
      };

  /** The names of the workflows that can be started, for the message of an unknown one. */
  List<String> names();

  /**
   * Starts the named workflow.
   *
   * @param workflowName the {@code workflow_name} of the request
   * @param inputs the {@code inputs} object of the request; empty when it had none
   * @param idempotencyKey the request's {@code Idempotency-Key} or {@code X-Webhook-Id} header, so
   *     that a resent trigger does not run the workflow twice
   * @return the run's id, or empty when no workflow has that name
   */
  Optional<String> start(
      String workflowName, Map<String, Object> inputs, Optional<String> idempotencyKey);
}
