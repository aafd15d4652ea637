package dev.hookline.delivery;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.hookline.event.Event;
import dev.hookline.format.Formats;
import dev.hookline.format.Lookups;
import dev.hookline.format.NativeRequest;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.store.Claimed;
import dev.hookline.template.Template;
import dev.hookline.template.TemplateException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
      putUserHeaders(headers, endpoint, items);
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
    putUserHeaders(headers, endpoint, items);
    return new OutboundRequest(n.method(), n.url(), headers, n.body(), endpoint.timeout());
  }

  /**
   * Renders the endpoint's header templates (against the event; a batch endpoint's headers have no
   * placeholders) and adds them, replacing a header of the same name in any case.
   *
   * @throws HeaderValueException when a placeholder has no value and no default (a {@link
   *     TemplateException}'s message, naming the header), or a rendered value holds a line break or
   *     another control character, which would inject headers
   */
  private static void putUserHeaders(
      Map<String, String> headers, Endpoint endpoint, List<Claimed> items) {
    for (Map.Entry<String, Template> h : endpoint.headerTemplates().entrySet()) {
      Template t = h.getValue();
      Optional<String> literal = t.literalText();
      String value;
      try {
        value = literal.isPresent() ? literal.get() : t.renderString(items.get(0).event());
      } catch (TemplateException e) {
        throw new HeaderValueException(
            "header '" + h.getKey() + "' of endpoint '" + endpoint.id() + "': " + e.getMessage());
      }
      if (literal.isEmpty()) {
        for (int i = 0; i < value.length(); i++) {
          char c = value.charAt(i);
          // A control character other than TAB ends or corrupts the header (CR and LF inject
          // others); text beyond Latin-1 has no meaning a receiver could agree on in a header.
          if ((Character.isISOControl(c) && c != '\t') || c > 0xFF) {
            throw new HeaderValueException(
                "header '"
                    + h.getKey()
                    + "' of endpoint '"
                    + endpoint.id()
                    + "': the rendered value of "
                    + endpoint.headers().get(h.getKey())
                    + (c > 0xFF
                        ? " holds a character beyond Latin-1 (U+"
                            + String.format("%04X", (int) c)
                            + ")"
                        : " holds a control character (U+" + String.format("%04X", (int) c) + ")")
                    + ", which a header cannot carry (CR and LF would inject headers); send the"
                    + " value in the body instead");
          }
        }
      }
      headers.keySet().removeIf(k -> k.equalsIgnoreCase(h.getKey()));
      headers.put(h.getKey(), value);
    }
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
