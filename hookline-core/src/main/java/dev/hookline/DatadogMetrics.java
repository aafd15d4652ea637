package dev.hookline;

import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import java.util.List;
import java.util.Objects;

/**
 * Sends metrics to Datadog through a {@code datadog} endpoint of kind {@code metric}, as the seeds'
 * {@code datadog.send_metric(metric, value, tags)} does. Each call publishes an event of type
 * {@value #EVENT_TYPE} to that endpoint only (whatever its subscriptions and filters), so a point
 * is stored, retried and recorded like any delivery; an endpoint with {@code batch} sends up to
 * {@code max_size} points in one {@code /api/v2/series} request.
 *
 * <pre>{@code
 * Hookline hookline = Hookline.builder()
 *     .endpoint(Endpoint.builder("datadog-metrics")
 *         .events(DatadogMetrics.EVENT_TYPE)
 *         .format(Format.DATADOG, Map.of("api_key", System.getenv("DATADOG_API_KEY"), "kind", "metric"))
 *         .batch(BatchConfig.of(100, Duration.ofSeconds(10)))
 *         .build())
 *     .build();
 * DatadogMetrics datadog = DatadogMetrics.of(hookline, "datadog-metrics");
 * datadog.sendMetric("empathy.prediction.confidence", 0.87, List.of("user:developer_123", "level:4"));
 * }</pre>
 *
 * <p>The event's data is {@code {metric, value, type}} and its tags are the metric's tags; an
 * endpoint template, if any, is rendered over these events too. Thread-safe; each call returns once
 * the point is durable.
 */
public final class DatadogMetrics {
  /** The type of the events a {@code DatadogMetrics} publishes. */
  public static final String EVENT_TYPE = "datadog.metric";

  private final Hookline hookline;
  private final String endpointId;

  private DatadogMetrics(Hookline hookline, String endpointId) {
    this.hookline = hookline;
    this.endpointId = endpointId;
  }

  /**
   * Metrics for the endpoint {@code endpointId} of {@code hookline}.
   *
   * @throws IllegalArgumentException when there is no such endpoint, or it is not {@code format:
   *     datadog} with {@code kind: metric}
   */
  public static DatadogMetrics of(Hookline hookline, String endpointId) {
    Objects.requireNonNull(hookline, "hookline");
    Objects.requireNonNull(endpointId, "endpointId");
    Endpoint e =
        hookline
            .endpoint(endpointId)
            .orElseThrow(() -> new IllegalArgumentException("no endpoint with id " + endpointId));
    if (e.format() != Format.DATADOG
        || !(e.formatOptions().get("kind") instanceof String kind
            && kind.strip().equalsIgnoreCase("metric"))) {
      throw new IllegalArgumentException(
          "endpoint '"
              + endpointId
              + "' is not a Datadog metric endpoint; give it format datadog with kind: metric");
    }
    return new DatadogMetrics(hookline, endpointId);
  }

  /**
   * Records a gauge point now: the value of {@code metric} at this moment.
   *
   * @param tags Datadog tags such as {@code user:developer_123}
   * @throws IllegalArgumentException when {@code metric} is blank or {@code value} is not finite
   * @throws IllegalArgumentException when the endpoint has been removed since
   * @throws dev.hookline.store.StoreException when the store cannot take the point
   */
  public PublishResult sendMetric(String metric, double value, List<String> tags) {
    return send(metric, value, "gauge", tags);
  }

  /**
   * Records a count point now: {@code value} occurrences of {@code metric} (1 for one occurrence).
   *
   * @throws IllegalArgumentException as {@link #sendMetric} does
   * @throws dev.hookline.store.StoreException when the store cannot take the point
   */
  public PublishResult count(String metric, double value, List<String> tags) {
    return send(metric, value, "count", tags);
  }

  private PublishResult send(String metric, double value, String type, List<String> tags) {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(tags, "tags");
    if (metric.isBlank()) {
      throw new IllegalArgumentException("metric name is blank");
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("metric " + metric + " value is " + value);
    }
    Event event =
        Event.builder(EVENT_TYPE)
            .put("metric", metric)
            .put("value", value)
            .put("type", type)
            .tags(tags)
            .build();
    return hookline.publishTo(event, endpointId);
  }

  /** The endpoint's id, e.g. {@code DatadogMetrics{datadog-metrics}}. */
  @Override
  public String toString() {
    return "DatadogMetrics{" + endpointId + "}";
  }
}
