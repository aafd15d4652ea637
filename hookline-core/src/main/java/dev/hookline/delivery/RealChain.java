package dev.hookline.delivery;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Walks a list of interceptors, then hands the request to the transport. */
final class RealChain implements Interceptor.Chain {
  private final List<Interceptor> interceptors;
  private final int index;
  private final OutboundRequest request;
  private final DeliveryContext context;
  private final Function<OutboundRequest, CompletableFuture<HttpResult>> transport;

  RealChain(
      List<Interceptor> interceptors,
      int index,
      OutboundRequest request,
      DeliveryContext context,
      Function<OutboundRequest, CompletableFuture<HttpResult>> transport) {
    this.interceptors = interceptors;
    this.index = index;
    this.request = request;
    this.context = context;
    this.transport = transport;
  }

  @Override
  public OutboundRequest request() {
    return request;
  }

  @Override
  public DeliveryContext context() {
    return context;
  }

  @Override
  public CompletableFuture<HttpResult> proceed(OutboundRequest next) {
    if (index == interceptors.size()) {
      return transport.apply(next);
    }
    RealChain chain = new RealChain(interceptors, index + 1, next, context, transport);
    try {
      CompletableFuture<HttpResult> result = interceptors.get(index).intercept(chain);
      if (result == null) {
        return CompletableFuture.failedFuture(
            new IllegalStateException(
                "interceptor " + interceptors.get(index).getClass().getName() + " returned null"));
      }
      return result;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
