package dev.hookline.delivery;

import dev.hookline.signature.SignedContent;
import dev.hookline.signature.Signer;
import java.util.concurrent.CompletableFuture;

/**
 * Signs the final body with the endpoint's scheme, over the same id and timestamp ({@link
 * DeliveryContext#timestamp()}) the standard and timestamp headers carry. Runs innermost, so
 * nothing changes the body after it is signed.
 */
final class SigningInterceptor implements Interceptor {
  private final Signer signer;

  SigningInterceptor(Signer signer) {
    this.signer = signer;
  }

  @Override
  public CompletableFuture<HttpResult> intercept(Chain chain) {
    OutboundRequest r = chain.request();
    SignedContent content =
        SignedContent.of(chain.context().messageId(), chain.context().timestamp(), r.body())
            .withUrl(r.url());
    return chain.proceed(r.withHeaders(signer.sign(content)));
  }
}
