package dev.hookline.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignedContentTest {
  @Test
  void messageIdWithALineBreakIsRefused() {
    assertThatThrownBy(() -> SignedContent.of("evt_1\r\nX-Injected: 1", Instant.EPOCH, "{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control character at index 5");
  }

  @Test
  void equalContentIsEqualAndPrintsWithoutItsBody() {
    SignedContent one = SignedContent.of("evt_1", Instant.EPOCH, "{\"secret\":1}");
    SignedContent two = SignedContent.of("evt_1", Instant.EPOCH, "{\"secret\":1}");

    SignedContent withUrl = one.withUrl(URI.create("https://example.com/"));

    assertThat(one).isEqualTo(two).hasSameHashCodeAs(two).isNotEqualTo(withUrl);
    assertThat(one.toString()).contains("evt_1", "12 bytes").doesNotContain("secret");
    assertThat(withUrl.url()).contains(URI.create("https://example.com/"));
  }

  @Test
  void bodyAccessorReturnsACopy() {
    SignedContent content = SignedContent.of("evt_1", Instant.EPOCH, "{}");

    content.body()[0] = 'x';

    assertThat(content.body()).containsExactly('{', '}');
  }
}
