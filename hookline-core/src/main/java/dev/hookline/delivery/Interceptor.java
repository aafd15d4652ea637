package dev.hookline.delivery;

import java.util.concurrent.CompletableFuture;

/**
 * One step around every delivery request, in the manner of OkHttp's interceptors: look at or change
 * the request, call {@link Chain#proceed}, look at the result. Hookline's own steps (standard
 * headers, signing, timing) are interceptors; users add theirs with {@code
 * Hookline.Builder.interceptor}, which run first (outermost).
 *
 * <p>Interceptors are called concurrently from many threads and must be thread-safe. They must not
 * block: return the future {@code proceed} gives (or one derived from it).
 */
@FunctionalInterface
public interface Interceptor {
  /** Handles one request. */
  CompletableFuture<HttpResult> intercept(Chain chain);

  /** The request so far and the way to send it on. */
  interface Chain {
    /** The request as the previous steps left it. */
    OutboundRequest request();

    /** What is being delivered. */
    DeliveryContext context();

    /** Passes {@code request} to the next step and, in the end, the network. */
    CompletableFuture<HttpResult> proceed(OutboundRequest request);
  }
}
