package dev.hookline.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hookline.event.Event;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentFilterTest {
  private static Event data(Map<String, ?> data) {
    return Event.builder("e").data(data).build();
  }

  @Test
  void containsFindsASubstring() {
    ContentFilter f = ContentFilter.contains("error.message", "database");

    boolean hit = f.test(data(Map.of("error", Map.of("message", "the database is down"))));
    boolean miss = f.test(data(Map.of("error", Map.of("message", "disk full"))));

    assertThat(hit).isTrue();
    assertThat(miss).isFalse();
  }

  @Test
  void containsFindsAListElement() {
    ContentFilter f = ContentFilter.contains("labels", "urgent");
    ContentFilter number = ContentFilter.contains("codes", 5);

    boolean hit = f.test(data(Map.of("labels", List.of("urgent", "db"))));
    boolean partial = f.test(data(Map.of("labels", List.of("not-urgent"))));
    boolean numeric = number.test(data(Map.of("codes", List.of(4.0, 5.0))));

    assertThat(hit).isTrue();
    assertThat(partial).isFalse();
    assertThat(numeric).isTrue();
  }

  @Test
  void containsDoesNotMatchOtherTypes() {
    ContentFilter f = ContentFilter.contains("code", "40");

    boolean matches = f.test(data(Map.of("code", 404)));

    assertThat(matches).isFalse();
  }

  @Test
  void regexSearchesAnywhereUnlessAnchored() {
    ContentFilter anchored = ContentFilter.regex("data.tool_name", "^deploy_");
    ContentFilter floating = ContentFilter.regex("tool_name", "prod");

    boolean deploy = anchored.test(data(Map.of("tool_name", "deploy_prod")));
    boolean redeploy = anchored.test(data(Map.of("tool_name", "redeploy_prod")));
    boolean found = floating.test(data(Map.of("tool_name", "deploy_prod_eu")));

    assertThat(deploy).isTrue();
    assertThat(redeploy).isFalse();
    assertThat(found).isTrue();
  }

  @Test
  void regexMatchesNumbersAsText() {
    ContentFilter f = ContentFilter.regex("status", "^5\\d\\d$");

    boolean matches = f.test(data(Map.of("status", 503)));

    assertThat(matches).isTrue();
  }

  @Test
  void regexThatDoesNotCompileIsRejected() {
    InvalidEndpointException e =
        catchThrowableOfType(
            InvalidEndpointException.class, () -> ContentFilter.regex("tool", "deploy_("));

    assertThat(e.field()).isEqualTo("filters.content_filters.pattern");
    assertThat(e.getMessage()).contains("'deploy_('").contains("does not compile");
  }

  @Test
  void equalsComparesNumbersByValue() {
    ContentFilter f = ContentFilter.equalTo("count", 5);

    boolean sameLong = f.test(data(Map.of("count", 5L)));
    boolean sameDouble = f.test(data(Map.of("count", 5.0)));
    boolean string = f.test(data(Map.of("count", "5")));

    assertThat(sameLong).isTrue();
    assertThat(sameDouble).isTrue();
    assertThat(string).isFalse();
  }

  @Test
  void equalsComparesStrings() {
    ContentFilter f = ContentFilter.equalTo("state", "open");

    boolean open = f.test(data(Map.of("state", "open")));
    boolean closed = f.test(data(Map.of("state", "closed")));

    assertThat(open).isTrue();
    assertThat(closed).isFalse();
  }

  @Test
  void inMatchesOneOfTheValues() {
    ContentFilter f = ContentFilter.in("env", List.of("prod", "staging"));

    boolean prod = f.test(data(Map.of("env", "prod")));
    boolean dev = f.test(data(Map.of("env", "dev")));

    assertThat(prod).isTrue();
    assertThat(dev).isFalse();
  }

  @Test
  void inNeedsAList() {
    assertThatThrownBy(() -> ContentFilter.of(ContentFilter.Type.IN, "env", "prod"))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("needs a list value");
  }

  @Test
  void greaterAndLessCompareNumbersAndNumericStrings() {
    ContentFilter gt = ContentFilter.greaterThan("confidence", 0.85);
    ContentFilter lt = ContentFilter.lessThan("latency_ms", 100);

    boolean high = gt.test(data(Map.of("confidence", 0.9)));
    boolean equal = gt.test(data(Map.of("confidence", 0.85)));
    boolean text = gt.test(data(Map.of("confidence", "0.95")));
    boolean big = gt.test(data(Map.of("confidence", new BigDecimal("1.5"))));
    boolean fast = lt.test(data(Map.of("latency_ms", 99)));
    boolean slow = lt.test(data(Map.of("latency_ms", 100)));

    assertThat(high).isTrue();
    assertThat(equal).isFalse();
    assertThat(text).isTrue();
    assertThat(big).isTrue();
    assertThat(fast).isTrue();
    assertThat(slow).isFalse();
  }

  @Test
  void greaterThanNonNumberDoesNotMatch() {
    ContentFilter f = ContentFilter.greaterThan("confidence", 0.5);

    boolean matches = f.test(data(Map.of("confidence", "high")));

    assertThat(matches).isFalse();
  }

  @Test
  void greaterThanNeedsANumericValue() {
    assertThatThrownBy(() -> ContentFilter.of(ContentFilter.Type.GT, "x", "many"))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("'gt' content filter needs a number value, got 'many'");
  }

  @Test
  void missingFieldNeverMatchesAndNeverThrows() {
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("error", null);
    List<ContentFilter> filters =
        List.of(
            ContentFilter.contains("error.message", "x"),
            ContentFilter.regex("error.message", ".*"),
            ContentFilter.equalTo("error.message", "x"),
            ContentFilter.in("error.message", List.of("x")),
            ContentFilter.greaterThan("error.message", 0),
            ContentFilter.lessThan("error.message", 0));

    List<Boolean> onEmpty = filters.stream().map(f -> f.test(data(Map.of()))).toList();
    List<Boolean> onNull = filters.stream().map(f -> f.test(data(withNull))).toList();
    List<Boolean> onScalar =
        filters.stream().map(f -> f.test(data(Map.of("error", "flat")))).toList();

    assertThat(onEmpty).containsOnly(false);
    assertThat(onNull).containsOnly(false);
    assertThat(onScalar).containsOnly(false);
  }

  @Test
  void missingFieldIsNamedInTheMismatch() {
    ContentFilter f = ContentFilter.contains("error.message", "database");

    String why = f.mismatch(data(Map.of()));

    assertThat(why)
        .isEqualTo(
            "contains(error.message, 'database') did not match: field 'error.message' is missing");
  }

  @Test
  void fieldMayNameAnEventField() {
    ContentFilter f = ContentFilter.equalTo("source", "billing");

    boolean matches = f.test(Event.builder("e").source("billing").build());

    assertThat(matches).isTrue();
  }

  @Test
  void typesParseFromContractNames() {
    assertThat(ContentFilter.Type.fromName("regex")).hasValue(ContentFilter.Type.REGEX);
    assertThat(ContentFilter.Type.fromName("GT")).hasValue(ContentFilter.Type.GT);
    assertThat(ContentFilter.Type.fromName("between")).isEmpty();
  }

  @Test
  void filtersWithTheSameSettingsAreEqual() {
    ContentFilter a = ContentFilter.regex("tool", "^deploy_");

    ContentFilter b = ContentFilter.of(ContentFilter.Type.REGEX, "tool", "^deploy_");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
  }
}
