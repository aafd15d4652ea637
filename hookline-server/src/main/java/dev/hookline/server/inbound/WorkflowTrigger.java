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
        public Optional<Started> start(
            String workflowName, Map<String, Object> inputs, Optional<String> idempotencyKey) {
          return Optional.empty();
        }
      };

  /**
   * What became of a started run by the time the trigger answers.
   *
   * @param runId the run's id
   * @param status {@code running} (it goes on: the answer is 202), {@code succeeded} or {@code
   *     failed}
   * @param output the run's output, when it succeeded
   * @param error why it failed
   */
  record Started(String runId, String status, Optional<Object> output, Optional<String> error) {}

  /** Inputs that do not match the workflow's declaration: answered 400 with the message. */
  final class InvalidInputsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** With a message naming each missing or mistyped input. */
    public InvalidInputsException(String message) {
      super(message);
    }
  }

  /** The names of the workflows that can be started, for the message of an unknown one. */
  List<String> names();

  /**
   * Starts the named workflow.
   *
   * @param workflowName the {@code workflow_name} of the request
   * @param inputs the {@code inputs} object of the request; empty when it had none
   * @param idempotencyKey the request's {@code Idempotency-Key} or {@code X-Webhook-Id} header, so
   *     that a resent trigger does not run the workflow twice
   * @return the run (finished, or still running after the trigger's wait), or empty when no
   *     workflow has that name
   * @throws InvalidInputsException when the inputs do not match the declaration
   */
  Optional<Started> start(
      String workflowName, Map<String, Object> inputs, Optional<String> idempotencyKey);
}
