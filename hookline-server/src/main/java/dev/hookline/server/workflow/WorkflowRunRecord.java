package dev.hookline.server.workflow;

import java.time.Instant;
import java.util.Optional;

/**
 * One workflow run as the database keeps it: indexed columns plus the whole run as a JSON document
 * (inputs, each step's output or error and duration, the output). Written whole, never in parts.
 *
 * @param id the run id ({@code run_} + ULID)
 * @param workflow the workflow's name
 * @param status {@code running}, {@code succeeded} or {@code failed}
 * @param document the run as JSON
 * @param startedAt when it started
 * @param finishedAt when it ended, unless running
 */
public record WorkflowRunRecord(
    String id,
    String workflow,
    String status,
    String document,
    Instant startedAt,
    Optional<Instant> finishedAt) {}
