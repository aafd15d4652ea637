package dev.hookline.delivery;

import dev.hookline.routing.Endpoint;
import dev.hookline.store.Claimed;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The body of a request: the template's rendering, or the event's JSON; a JSON array for a batch.
 */
final class Payloads {
  private Payloads() {}

  static byte[] body(Endpoint endpoint, List<Claimed> items) {
    if (items.size() == 1) {
      return one(endpoint, items.get(0));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(items.size() * 256);
    out.write('[');
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(one(endpoint, items.get(i)));
    }
    out.write(']');
    return out.toByteArray();
  }

  private static byte[] one(Endpoint endpoint, Claimed item) {
    return endpoint.template().isPresent()
        ? endpoint.template().get().renderJson(item.event())
        : item.eventJson().getBytes(StandardCharsets.UTF_8);
  }
}
