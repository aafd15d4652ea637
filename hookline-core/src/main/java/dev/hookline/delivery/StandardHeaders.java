package dev.hookline.delivery;

import dev.hookline.routing.DeliveryHeaders;
import dev.hookline.routing.DeliveryHeaders.Header;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Adds the headers every request carries (DESIGN §4), named as the endpoint's {@link
 * DeliveryHeaders} say: {@code webhook-id} and {@code webhook-timestamp} (unless Standard Webhooks
 * headers are off), {@code User-Agent}, and the event, delivery, attempt and timestamp headers
 * ({@code X-Hookline-Event}, {@code X-Hookline-Delivery}, {@code X-Hookline-Attempt} by default).
 *
 * <p>A header the request already has (the endpoint's own headers, a native format's, an outer
 * interceptor's) wins over the {@code User-Agent} and the named headers; the endpoint's config was
 * checked so that none takes a {@code webhook-*} header while those are sent.
 */
final class StandardHeaders implements Interceptor {
  private final DeliveryHeaders names;
  private final String userAgent;

  /**
   * @param userAgent the {@code User-Agent} unless {@code names} holds one ({@code
   *     Hookline/<version>} from the facade)
   */
  StandardHeaders(DeliveryHeaders names, String userAgent) {
    this.names = names;
    this.userAgent = userAgent;
  }

  @Override
  public CompletableFuture<HttpResult> intercept(Chain chain) {
    DeliveryContext ctx = chain.context();
    OutboundRequest request = chain.request();
    String seconds = Long.toString(ctx.timestamp().getEpochSecond());
    Map<String, String> h = new LinkedHashMap<>();
    if (names.standard()) {
      h.put("webhook-id", ctx.messageId());
      h.put("webhook-timestamp", seconds);
    }
    putAbsent(h, request, "User-Agent", names.userAgent().orElse(userAgent));
    putAbsent(h, request, names.name(Header.EVENT), ctx.eventType());
    putAbsent(
        h,
        request,
        names.name(Header.DELIVERY),
        ctx.isBatch() ? ctx.messageId() : ctx.deliveryIds().get(0));
    putAbsent(h, request, names.name(Header.ATTEMPT), Integer.toString(ctx.attempt()));
    putAbsent(h, request, names.name(Header.TIMESTAMP), seconds);
    return chain.proceed(request.withHeaders(h));
  }

  private static void putAbsent(
      Map<String, String> h, OutboundRequest request, Optional<String> name, String value) {
    name.ifPresent(n -> putAbsent(h, request, n, value));
  }

  private static void putAbsent(
      Map<String, String> h, OutboundRequest request, String name, String value) {
    if (request.header(name).isEmpty()) {
      h.put(name, value);
    }
  }
}
