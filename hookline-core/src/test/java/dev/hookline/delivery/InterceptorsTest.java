package dev.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.routing.DeliveryHeaders;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.signature.SignatureConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InterceptorsTest {
  private static final Endpoint RAW =
      Endpoint.builder("ops", "https://ops.example.com/hooks").events("*").build();
  private static final Interceptor MINE = chain -> chain.proceed(chain.request());

  @Test
  void theUsersStepsRunFirstThenTheStandardHeadersThenSigning() {
    Interceptors chains =
        new Interceptors(
            List.of(MINE),
            Optional.of(SignatureConfig.standard("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")),
            DeliveryHeaders.DEFAULT,
            "Hookline/test");

    List<Interceptor> chain = chains.forEndpoint(RAW);

    assertThat(chain).hasSize(3);
    assertThat(chain.get(0)).isSameAs(MINE);
    assertThat(chain.get(1)).isInstanceOf(StandardHeaders.class);
    assertThat(chain.get(2)).isInstanceOf(SigningInterceptor.class);
  }

  @Test
  void nativeFormatsAreSignedOnlyWhenTheEndpointAsks() {
    Interceptors chains =
        new Interceptors(
            List.of(),
            Optional.of(SignatureConfig.standard("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")),
            DeliveryHeaders.DEFAULT,
            "Hookline/test");
    Endpoint slack =
        Endpoint.builder("slack", "https://hooks.slack.com/x")
            .events("*")
            .format(Format.SLACK, Map.of())
            .build();

    assertThat(chains.forEndpoint(slack)).noneMatch(i -> i instanceof SigningInterceptor);
  }

  @Test
  void aRawEndpointWithoutAnySignatureIsRefused() {
    Interceptors chains =
        new Interceptors(List.of(), Optional.empty(), DeliveryHeaders.DEFAULT, "Hookline/test");

    assertThatThrownBy(() -> chains.forEndpoint(RAW))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("endpoint 'ops' has no signature");
  }
}
