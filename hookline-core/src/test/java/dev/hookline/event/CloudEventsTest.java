package dev.hookline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventsTest {
  @Test
  void mapsStructuredCloudEventOntoEventFields() {
    String json =
        """
        {"specversion":"1.0","id":"A234-1234-1234","source":"/github/acme","type":"github.push",
         "subject":"acme/api","time":"2026-11-23T12:00:00Z","datacontenttype":"application/json",
         "severity":"error","platform":"web","userid":"u1","tags":"ci, deploy","traceparent":"00-1",
         "data":{"ref":"main"}}
        """;

    Event event = Event.fromCloudEvent(json);

    assertThat(event.id()).isEqualTo("A234-1234-1234");
    assertThat(event.type()).isEqualTo("github.push");
    assertThat(event.source()).contains("/github/acme");
    assertThat(event.subject()).contains("acme/api");
    assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
    assertThat(event.severity()).contains(Severity.ERROR);
    assertThat(event.platform()).contains("web");
    assertThat(event.userId()).contains("u1");
    assertThat(event.tags()).containsExactly("ci", "deploy");
    assertThat(event.metadata()).containsEntry("traceparent", "00-1");
    assertThat(event.data()).isEqualTo(Map.of("ref", "main"));
  }

  @Test
  void roundTripsThroughCloudEvents() {
    Event event =
        Event.builder("prediction")
            .id("evt_9")
            .timestamp(Instant.parse("2026-11-23T12:00:00.123Z"))
            .source("/empathy")
            .severity(Severity.WARNING)
            .tags(List.of("a", "b"))
            .userId("user_123")
            .metadata(Map.of("region", "eu"))
            .put("confidence", 0.9)
            .build();

    Event back = Event.fromCloudEvent(event.toCloudEvent());

    assertThat(back).isEqualTo(event);
  }

  @Test
  void missingSpecVersionIsRejected() {
    assertThatThrownBy(() -> Event.fromCloudEvent("{\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"}"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("'specversion' must be \"1.0\"");
  }

  @Test
  void missingSourceIsRejected() {
    assertThatThrownBy(
            () -> Event.fromCloudEvent("{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"t\"}"))
        .hasMessageContaining("'source' is required");
  }

  @Test
  void nonJsonDataIsRejected() {
    assertThatThrownBy(
            () ->
                Event.fromCloudEvent(
                    "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\","
                        + "\"datacontenttype\":\"text/xml\",\"data\":\"<a/>\"}"))
        .hasMessageContaining("is not JSON");
  }
}
