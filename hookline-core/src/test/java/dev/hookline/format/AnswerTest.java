package dev.hookline.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AnswerTest {
  @Test
  void a2xxIsAskedForAHiddenErrorAndWhatItCreatedNeverForAReason() {
    Reading r =
        Answer.of(201)
            .created(() -> Optional.of("ENG-7"))
            .failureReason(() -> Optional.of("never asked"))
            .rateLimitWait(() -> Optional.of(Duration.ofSeconds(1)))
            .read();

    assertThat(r.created()).hasValue("ENG-7");
    assertThat(r.failureReason()).isEmpty();
    assertThat(r.rateLimitWait()).isEmpty();
  }

  @Test
  void aHiddenErrorTakesThePlaceOfWhatWasCreatedAndMayNameAStatus() {
    Reading r =
        Answer.of(200)
            .hiddenError(() -> Optional.of("ok=false"))
            .hiddenStatus(() -> OptionalInt.of(429))
            .created(() -> Optional.of("ts"))
            .read();

    assertThat(r.hiddenError()).hasValue("ok=false");
    assertThat(r.hiddenStatus()).hasValue(429);
    assertThat(r.created()).isEmpty();
  }

  @Test
  void aFailureIsAskedForItsReasonRateLimitAndWaitButNotWhatItCreated() {
    Reading r =
        Answer.of(429)
            .failureReason(() -> Optional.of("slow down"))
            .rateLimitWait(() -> Optional.of(Duration.ofSeconds(5)))
            .retryAfter(() -> Optional.of(Duration.ofSeconds(-1)))
            .created(() -> Optional.of("never asked"))
            .read();

    assertThat(r.failureReason()).hasValue("slow down");
    assertThat(r.rateLimitWait()).hasValue(Duration.ofSeconds(5));
    assertThat(r.retryAfter()).as("a negative wait is no wait").isEmpty();
    assertThat(r.created()).isEmpty();
  }

  @Test
  void aPartThatThrowsIsLeftEmptyAndTheOthersAreStillRead() {
    Reading r =
        Answer.of(204)
            .created(
                () -> {
                  throw new NumberFormatException("bad header");
                })
            .pause(() -> Optional.of(Duration.ofSeconds(3)))
            .read();

    assertThat(r.created()).isEmpty();
    assertThat(r.pause()).hasValue(Duration.ofSeconds(3));
  }

  @Test
  void rawEndpointsReadNothing() {
    assertThat(Reading.NONE.hiddenError()).isEmpty();
    assertThat(Reading.NONE.pause()).isEmpty();
  }
}
