package dev.hookline.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The notice event announcing a dead delivery, sent where the endpoint's {@code on_failure} says.
 *
 * <p>Its id is {@code dead_<delivery id>_<attempt>}: should one death be reported twice, the store
 * de-duplicates the notice, while a delivery retried by hand that dies again at a later attempt is
 * announced again. A notice is published after the death is stored, not in the same transaction: a
 * crash (or a store outage) in between leaves the dead delivery visible with its error but
 * unannounced — the notice is at most once, the dead delivery itself is never lost. Its data:
 * {@code event} (the original event as sent, absent when it is missing from the store), {@code
 * event_id}, {@code endpoint_id}, {@code delivery_id}, {@code attempts}, {@code last_error} and
 * {@code last_status} (absent when no answer came). Source {@code hookline}, subject the endpoint
 * id, severity {@code error}.
 *
 * <p>A notice is never announced in turn: when a notice's own delivery dies, {@link #isNotice}
 * tells, and only the listeners hear of it.
 */
public final class FailureNotice {
  /** The type of a notice sent with {@code on_failure: {endpoint: ...}}. */
  public static final String TYPE = "hookline.delivery.dead";

  /** The source of every notice. */
  public static final String SOURCE = "hookline";

  private static final String ID_PREFIX = "dead_";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FailureNotice() {}

  /** The notice's id: {@code dead_<delivery id>_<attempt>}. */
  public static String id(DeadDelivery dead) {
    return ID_PREFIX + dead.deliveryId() + "_" + dead.attempts();
  }

  /**
   * The notice about {@code dead}, of {@code type}, stamped by {@code clock}.
   *
   * @throws dev.hookline.event.InvalidEventException when {@code type} is not an event type
   */
  public static Event of(DeadDelivery dead, String type, Clock clock) {
    Objects.requireNonNull(dead, "dead");
    Map<String, Object> data = new LinkedHashMap<>();
    dead.event().ifPresent(e -> data.put("event", asMap(e)));
    data.put("event_id", dead.eventId());
    data.put("endpoint_id", dead.endpointId());
    data.put("delivery_id", dead.deliveryId());
    data.put("attempts", dead.attempts());
    data.put("last_error", dead.lastError());
    if (dead.lastStatus().isPresent()) {
      data.put("last_status", dead.lastStatus().getAsInt());
    }
    return Event.builder(type)
        .id(id(dead))
        .clock(clock)
        .source(SOURCE)
        .subject(dead.endpointId())
        .severity(Severity.ERROR)
        .data(data)
        .build();
  }

  /** Whether {@code event} is a notice about a dead delivery (whose death is never announced). */
  public static boolean isNotice(Event event) {
    return event.id().startsWith(ID_PREFIX)
        && event.source().filter(SOURCE::equals).isPresent()
        && event.data().containsKey("delivery_id");
  }

  /**
   * Whether {@code dead} is the death of a notice's own delivery, which is never announced (the
   * announcement could die the same way, and so on). With the event missing, its id tells.
   */
  public static boolean isNoticeDeath(DeadDelivery dead) {
    return dead.event().map(FailureNotice::isNotice).orElse(dead.eventId().startsWith(ID_PREFIX));
  }

  private static Map<String, Object> asMap(Event e) {
    try {
      return MAPPER.readValue(e.toJson(), new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException x) {
      throw new IllegalStateException("an event's own JSON does not parse: " + x, x);
    }
  }
}
