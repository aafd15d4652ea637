package dev.hookline.delivery;

import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The body of a request: the template's rendering, or the event's JSON; a JSON array for a batch.
 */
final class Payloads {
  private Payloads() {}

  static byte[] body(Endpoint endpoint, List<Event> events) {
    if (events.size() == 1) {
      return one(endpoint, events.get(0));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 256);
    out.write('[');
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(one(endpoint, events.get(i)));
    }
    out.write(']');
    return out.toByteArray();
  }

  private static byte[] one(Endpoint endpoint, Event event) {
    return endpoint.template().map(t -> t.renderJson(event)).orElseGet(event::toJsonBytes);
  }
}
