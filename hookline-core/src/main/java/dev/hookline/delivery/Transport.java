package dev.hookline.delivery;

import dev.hookline.routing.Endpoint;
import java.util.concurrent.CompletableFuture;

/**
 * Carries a built request to an endpoint and brings back its result: HTTP for webhooks and native
 * formats ({@link HttpTransport}), SMTP for e-mail ({@link MailTransport}). Thread-safe; {@link
 * #send} does not block and its future never fails (an error is an {@link HttpResult#failure}).
 */
interface Transport extends AutoCloseable {
  /** Sends {@code request} for {@code endpoint}. */
  CompletableFuture<HttpResult> send(Endpoint endpoint, OutboundRequest request);

  /** Closes connections and threads. */
  @Override
  void close();
}
