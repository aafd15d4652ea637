package dev.hookline.store;

/**
 * Delivery figures of one endpoint, as {@code GET /api/endpoints/{id}/stats} returns them.
 *
 * @param endpointId the endpoint
 * @param totalSent attempts made
 * @param successCount attempts answered 2xx
 * @param failedCount attempts that failed (non-2xx, network error or timeout)
 * @param successRate successCount / totalSent, 0..1 (1 when nothing was sent)
 * @param avgResponseTimeMs mean attempt duration
 * @param p95ResponseTimeMs 95th percentile attempt duration
 * @param retriesTotal attempts after the first of their delivery
 * @param pending deliveries not yet succeeded or dead
 */
public record EndpointStats(
    String endpointId,
    long totalSent,
    long successCount,
    long failedCount,
    double successRate,
    double avgResponseTimeMs,
    double p95ResponseTimeMs,
    long retriesTotal,
    long pending) {}
