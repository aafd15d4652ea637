package dev.hookline.delivery;

import dev.hookline.event.Event;
import dev.hookline.format.Formats;
import dev.hookline.format.NativeRequest;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.store.Claimed;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request for a delivery, before interceptors: for {@code raw} the template's rendering or the
 * event's JSON (a JSON array for a batch) to the endpoint's URL; for a native format, the request
 * the format builds. The endpoint's own headers are added to either.
 */
final class Payloads {
  private Payloads() {}

  static OutboundRequest request(Endpoint endpoint, List<Claimed> items) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (endpoint.format() == Format.RAW) {
      headers.put("Content-Type", "application/json");
      headers.putAll(endpoint.headers());
      return new OutboundRequest(
          endpoint.method(),
          endpoint.url().orElseThrow(),
          headers,
          body(endpoint, items),
          endpoint.timeout());
    }
    List<Event> events = new ArrayList<>(items.size());
    for (Claimed c : items) {
      events.add(c.event());
    }
    NativeRequest n = Formats.render(endpoint, events);
    headers.putAll(n.headers());
    headers.putAll(endpoint.headers());
    return new OutboundRequest(n.method(), n.url(), headers, n.body(), endpoint.timeout());
  }

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
