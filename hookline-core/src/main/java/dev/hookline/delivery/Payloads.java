package dev.hookline.delivery;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.hookline.event.Event;
import dev.hookline.format.Formats;
import dev.hookline.format.Lookups;
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
 * the format builds. The endpoint's own headers are added to either. A raw body is encoded as the
 * endpoint's {@code content_type} says: JSON, form fields or plain text.
 */
final class Payloads {
  private Payloads() {}

  static OutboundRequest request(Endpoint endpoint, List<Claimed> items, Lookups lookups) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (endpoint.format() == Format.RAW) {
      headers.put("Content-Type", endpoint.contentType().mediaType());
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
    NativeRequest n = Formats.render(endpoint, events, lookups);
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
    return switch (endpoint.contentType()) {
      case JSON ->
          endpoint.template().isPresent()
              ? endpoint.template().get().renderJson(item.event())
              : item.eventJson().getBytes(StandardCharsets.UTF_8);
      // Endpoint.build() lets text through only with a text template, form only with a map one.
      case TEXT -> endpoint.template().orElseThrow().renderString(item.event()).getBytes(UTF_8);
      case FORM ->
          FormBody.encode(
              endpoint.template().isPresent()
                  ? FormBody.tree(endpoint.template().get().render(item.event()))
                  : FormBody.tree(item.eventJson()));
    };
  }
}
