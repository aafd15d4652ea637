package dev.hookline.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiltersTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  private static Mismatch check(Filters filters, Event event) {
    return filters.check(RoutingContext.at(event, NOW));
  }

  @Test
  void noFiltersMatchEverything() {
    Event event = Event.builder("anything").build();

    boolean matches = Filters.NONE.test(event, NOW);

    assertThat(matches).isTrue();
    assertThat(Filters.NONE.isEmpty()).isTrue();
  }

  @Test
  void platformsMatchTheEventPlatform() {
    Filters filters = Filters.builder().platforms("telegram", "discord").build();

    Mismatch discord = check(filters, Event.builder("e").platform("discord").build());
    Mismatch web = check(filters, Event.builder("e").platform("web").build());

    assertThat(discord).isNull();
    assertThat(web.reason()).isEqualTo(SkipReason.PLATFORM);
    assertThat(web.detail()).isEqualTo("platform 'web' is not one of [telegram, discord]");
  }

  @Test
  void platformFallsBackToDataPlatform() {
    Filters filters = Filters.builder().platforms("telegram").build();

    boolean matches = filters.test(Event.builder("e").put("platform", "telegram").build(), NOW);

    assertThat(matches).isTrue();
  }

  @Test
  void missingPlatformDoesNotMatch() {
    Filters filters = Filters.builder().platforms("telegram").build();

    Mismatch m = check(filters, Event.builder("e").build());

    assertThat(m.reason()).isEqualTo(SkipReason.PLATFORM);
    assertThat(m.detail()).isEqualTo("the event has no platform (filter accepts [telegram])");
  }

  @Test
  void usersMatchUserIdFromEventOrData() {
    Filters filters = Filters.builder().users("admin_user", "42").build();

    boolean fromEvent = filters.test(Event.builder("e").userId("admin_user").build(), NOW);
    boolean fromData = filters.test(Event.builder("e").put("user_id", 42).build(), NOW);
    Mismatch other = check(filters, Event.builder("e").userId("guest").build());
    Mismatch none = check(filters, Event.builder("e").build());

    assertThat(fromEvent).isTrue();
    assertThat(fromData).isTrue();
    assertThat(other.reason()).isEqualTo(SkipReason.USER);
    assertThat(none.reason()).isEqualTo(SkipReason.USER);
  }

  @Test
  void minSeverityComparesTheEventSeverity() {
    Filters filters = Filters.builder().minSeverity(Severity.WARNING).build();

    boolean error = filters.test(Event.builder("e").severity(Severity.ERROR).build(), NOW);
    boolean warning = filters.test(Event.builder("e").severity(Severity.WARNING).build(), NOW);
    Mismatch debug = check(filters, Event.builder("e").severity(Severity.DEBUG).build());

    assertThat(error).isTrue();
    assertThat(warning).isTrue();
    assertThat(debug.reason()).isEqualTo(SkipReason.SEVERITY);
    assertThat(debug.detail()).isEqualTo("severity debug is below min_severity warning");
  }

  @Test
  void eventWithoutSeverityCountsAsInfo() {
    Filters warning = Filters.builder().minSeverity(Severity.WARNING).build();
    Filters info = Filters.builder().minSeverity(Severity.INFO).build();
    Event event = Event.builder("e").build();

    Mismatch m = check(warning, event);
    boolean passesInfo = info.test(event, NOW);

    assertThat(m.detail())
        .isEqualTo("severity info (the event has none) is below min_severity warning");
    assertThat(passesInfo).isTrue();
  }

  @Test
  void severityFallsBackToDataSeverityWhenItParses() {
    Filters filters = Filters.builder().minSeverity(Severity.ERROR).build();

    boolean critical = filters.test(Event.builder("e").put("severity", "CRITICAL").build(), NOW);
    Mismatch unknown = check(filters, Event.builder("e").put("severity", "high").build());

    assertThat(critical).isTrue();
    assertThat(unknown.detail()).startsWith("severity info (the event has none)");
  }

  @Test
  void everyFilterMustMatch() {
    Filters filters =
        Filters.builder()
            .platforms("telegram")
            .minSeverity(Severity.WARNING)
            .contentFilter(ContentFilter.contains("error.message", "database"))
            .build();
    Event good =
        Event.builder("error_occurred")
            .platform("telegram")
            .severity(Severity.ERROR)
            .put("error", Map.of("message", "database timeout"))
            .build();
    Event wrongContent = good.toBuilder().put("error", Map.of("message", "disk full")).build();

    boolean goodMatches = filters.test(good, NOW);
    Mismatch m = check(filters, wrongContent);

    assertThat(goodMatches).isTrue();
    assertThat(m.reason()).isEqualTo(SkipReason.CONTENT_FILTER);
    assertThat(m.detail())
        .isEqualTo("content filter contains(error.message, 'database') did not match 'disk full'");
  }

  @Test
  void timeWindowIsJudgedAtTheRoutingTime() {
    Filters filters = Filters.builder().timeWindow(TimeWindow.of(9, 17)).build();
    Event event = Event.builder("e").build();

    boolean atNoon = filters.test(event, NOW);
    Mismatch atEight =
        filters.check(RoutingContext.at(event, Instant.parse("2026-11-23T08:59:59Z")));

    assertThat(atNoon).isTrue();
    assertThat(atEight.reason()).isEqualTo(SkipReason.TIME_WINDOW);
    assertThat(atEight.detail())
        .isEqualTo(
            "routing time 2026-11-23T08:59:59 (MONDAY) is outside time_window 09:00-17:00 Z");
  }

  @Test
  void emptyPlatformNameIsRejected() {
    assertThatThrownBy(() -> Filters.builder().platforms(List.of("telegram", "")))
        .isInstanceOf(InvalidEndpointException.class)
        .hasMessageContaining("filters platforms holds an empty value");
  }
}
