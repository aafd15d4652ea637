package dev.hookline.server;

import static dev.hookline.server.ApiParams.*;
import static dev.hookline.server.HttpApi.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.Hookline;
import dev.hookline.routing.Durations;
import dev.hookline.store.AttemptStats;
import dev.hookline.store.Delivery;
import dev.hookline.store.DeliveryQuery;
import dev.hookline.store.DeliveryStatus;
import dev.hookline.store.QueueDepth;
import dev.hookline.store.Store;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The {@code /api/deliveries} routes (listing, retry) and {@code /api/stats}. */
final class DeliveryRoutes {

  private final HooklineServer server;
  private final Hookline hookline;

  DeliveryRoutes(HooklineServer server) {
    this.server = server;
    this.hookline = server.hookline();
  }

  private Optional<Instant> time(Context ctx, String param) {
    return ApiParams.time(ctx, param, server.clock());
  }

  void listDeliveries(Context ctx) {
    DeliveryQuery q = DeliveryQuery.all().limit(limit(ctx));
    String endpoint = ctx.queryParam("endpoint");
    if (endpoint != null && !endpoint.isBlank()) {
      q = q.endpoint(endpoint);
    }
    String status = ctx.queryParam("status");
    if (status != null && !status.isBlank()) {
      q = q.status(status(status));
    }
    String type = ctx.queryParam("type");
    if (type != null && !type.isBlank()) {
      q = q.type(type);
    }
    String event = ctx.queryParam("event");
    if (event != null && !event.isBlank()) {
      q = q.event(event);
    }
    Optional<Instant> since = time(ctx, "since");
    if (since.isPresent()) {
      q = q.since(since.get());
    }
    Optional<Instant> until = time(ctx, "until");
    if (until.isPresent()) {
      q = q.until(until.get());
    }
    Optional<String> cursor = cursor(ctx);
    if (cursor.isPresent()) {
      q = checkCursor(cursor.get(), q::after);
    }
    json(ctx, 200, ApiJson.page(hookline.deliveries(q), ApiJson::delivery));
  }

  void getDelivery(Context ctx) {
    String id = ctx.pathParam("id");
    Delivery d = hookline.delivery(id).orElseThrow(() -> ApiException.notFound("delivery", id));
    ObjectNode out = ApiJson.delivery(d);
    ArrayNode log = out.putArray("attempt_log");
    hookline.attempts(id).forEach(a -> log.add(ApiJson.attempt(a)));
    json(ctx, 200, out);
  }

  void retry(Context ctx) {
    String id = ctx.pathParam("id");
    Delivery d = hookline.delivery(id).orElseThrow(() -> ApiException.notFound("delivery", id));
    if (d.status() == DeliveryStatus.IN_FLIGHT) {
      throw new ApiException(
          409, "conflict", "delivery " + id + " is in flight; retry it once the attempt ends");
    }
    Delivery queued = hookline.retry(id).orElseThrow(() -> ApiException.notFound("delivery", id));
    json(ctx, 202, ApiJson.delivery(queued));
  }

  static final Duration MAX_STATS_WINDOW = Duration.ofDays(30);

  /**
   * {@code GET /api/stats?window=1h&bucket=1m}: every endpoint's attempts per bucket, aligned to
   * multiples of the bucket so that successive polls line up; the last bucket is the current one.
   */
  void trafficStats(Context ctx) {
    Duration window = duration(ctx, "window", Duration.ofHours(1));
    Duration bucket = duration(ctx, "bucket", Duration.ofMinutes(1));
    if (bucket.compareTo(Duration.ofSeconds(1)) < 0
        || window.compareTo(bucket) < 0
        || window.compareTo(MAX_STATS_WINDOW) > 0
        || window.toMillis() % bucket.toMillis() != 0
        || window.toMillis() / bucket.toMillis() > Store.MAX_BUCKETS) {
      throw ApiException.badRequest(
          "invalid_query",
          "window must be a whole number of buckets, at most "
              + Store.MAX_BUCKETS
              + " and at most 30d, and bucket at least 1s: window="
              + Durations.format(window)
              + ", bucket="
              + Durations.format(bucket));
    }
    Instant now = server.clock().instant();
    long width = bucket.toMillis();
    Instant until = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), width) * width + width);
    AttemptStats s = hookline.store().attemptStats(until.minus(window), until, bucket);
    QueueDepth depth = hookline.store().queueDepth();
    ObjectNode out = ApiJson.object();
    out.put("window", Durations.format(window));
    out.put("bucket", Durations.format(bucket));
    out.put("from", s.from().toString());
    out.put("until", s.until().toString());
    out.put("now", now.toString());
    out.put("total", s.total());
    out.put("succeeded", s.succeeded());
    out.put("failed", s.failed());
    out.put("success_rate", s.successRate());
    out.put("avg_response_time_ms", s.avgResponseTimeMs());
    out.put("p95_response_time_ms", s.p95ResponseTimeMs());
    out.put("queue_depth", depth.open());
    if (depth.oldestCreatedAt().isPresent()) {
      Instant oldest = depth.oldestCreatedAt().get();
      out.put("oldest_pending_at", oldest.toString());
      out.put(
          "oldest_pending_age_seconds",
          Math.max(0, Duration.between(oldest, now).toMillis()) / 1e3);
    } else {
      out.putNull("oldest_pending_at");
      out.putNull("oldest_pending_age_seconds");
    }
    ArrayNode buckets = out.putArray("buckets");
    for (AttemptStats.Bucket b : s.buckets()) {
      buckets
          .addObject()
          .put("start", b.start().toString())
          .put("succeeded", b.succeeded())
          .put("failed", b.failed())
          .put("avg_response_time_ms", b.avgResponseTimeMs());
    }
    json(ctx, 200, out);
  }
}
