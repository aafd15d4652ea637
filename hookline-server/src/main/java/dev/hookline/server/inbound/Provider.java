package dev.hookline.server.inbound;

import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a verified request of one provider into what Hookline does with it. Stateless. */
interface Provider {

  /**
   * Interprets a request whose signature has been verified.
   *
   * @param source the source's name, for providers whose event types start with it
   * @throws Rejection when the body or a header the provider always sends cannot be read
   */
  Interpretation interpret(String source, InboundRequest request);

  /**
   * The named headers that are present, under their lower-case names: what goes into an event's
   * {@code metadata.headers}. Only ever called with names that carry no secret or signature.
   */
  static Map<String, Object> headers(InboundRequest request, String... names) {
    Map<String, Object> picked = new LinkedHashMap<>();
    for (String name : names) {
      request
          .header(name)
          .ifPresent(value -> picked.put(name.toLowerCase(java.util.Locale.ROOT), value));
    }
    return picked;
  }
}
