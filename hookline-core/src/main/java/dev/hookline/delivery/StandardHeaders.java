package dev.hookline.delivery;

import dev.hookline.Hookline;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Adds the headers every request carries (DESIGN §4): {@code webhook-id}, {@code
 * webhook-timestamp}, {@code User-Agent}, {@code X-Hookline-Event}, {@code X-Hookline-Delivery},
 * {@code X-Hookline-Attempt}.
 */
final class StandardHeaders implements Interceptor {
  static final String USER_AGENT = "Hookline/" + Hookline.VERSION;
  private final Clock clock;

  StandardHeaders(Clock clock) {
    this.clock = clock;
  }

  @Override
  public CompletableFuture<HttpResult> intercept(Chain chain) {
    DeliveryContext ctx = chain.context();
    Map<String, String> h = new LinkedHashMap<>();
    h.put("webhook-id", ctx.messageId());
    h.put("webhook-timestamp", Long.toString(clock.instant().getEpochSecond()));
    h.put("User-Agent", USER_AGENT);
    h.put("X-Hookline-Event", ctx.eventType());
    h.put("X-Hookline-Delivery", ctx.isBatch() ? ctx.messageId() : ctx.deliveryIds().get(0));
    h.put("X-Hookline-Attempt", Integer.toString(ctx.attempt()));
    return chain.proceed(chain.request().withHeaders(h));
  }
}
