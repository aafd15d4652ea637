package dev.hookline.store;

import java.time.Instant;

/**
 * An endpoint definition kept in the store, so that every node on a shared store and every restart
 * sees the same endpoints.
 *
 * @param id the endpoint id
 * @param definition the endpoint as JSON (DESIGN §3)
 * @param origin who manages it: {@code api} (created over the API, kept until deleted) or {@code
 *     config} (declared in a config file, removed when the file no longer declares it)
 * @param updatedAt when it last changed
 */
public record StoredEndpoint(String id, String definition, String origin, Instant updatedAt) {
  /** Created over the API: kept until deleted. */
  public static final String ORIGIN_API = "api";

  /** Declared in a config file: follows the file. */
  public static final String ORIGIN_CONFIG = "config";
}
