package dev.hookline.server.workflow;

import java.time.Instant;

/**
 * A workflow definition kept in the database, so every node and every restart knows it.
 *
 * @param name the workflow's name
 * @param definition the workflow as JSON
 * @param origin {@code api} (registered over the API, kept until deleted) or {@code config}
 *     (declared in a config file, follows the file)
 * @param updatedAt when it last changed
 */
public record StoredWorkflow(String name, String definition, String origin, Instant updatedAt) {}
