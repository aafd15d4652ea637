package dev.hookline.delivery;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request Hookline is about to send. Immutable; interceptors derive changed copies with
 * the {@code with} methods.
 *
 * @param method HTTP method
 * @param url where it goes
 * @param headers headers in the order they are sent (names as given)
 * @param body the body bytes
 * @param timeout the whole exchange must finish within this
 */
public record OutboundRequest(
    String method, URI url, Map<String, String> headers, byte[] body, Duration timeout) {

  /** Copies the headers (keeping their order). */
  public OutboundRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(timeout, "timeout");
  }

  /** This request with header {@code name} set to {@code value} (replacing it, ignoring case). */
  public OutboundRequest withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    h.put(name, value);
    return new OutboundRequest(method, url, h, body, timeout);
  }

  /** This request with several headers set (each replacing a header of that name, any case). */
  public OutboundRequest withHeaders(Map<String, String> more) {
    java.util.TreeSet<String> replaced = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    replaced.addAll(more.keySet());
    Map<String, String> h = LinkedHashMap.newLinkedHashMap(headers.size() + more.size());
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (!replaced.contains(e.getKey())) {
        h.put(e.getKey(), e.getValue());
      }
    }
    h.putAll(more);
    return new OutboundRequest(method, url, h, body, timeout);
  }

  /** This request with another body. */
  public OutboundRequest withBody(byte[] body) {
    return new OutboundRequest(method, url, headers, body, timeout);
  }

  /** This request to another URL. */
  public OutboundRequest withUrl(URI url) {
    return new OutboundRequest(method, url, headers, body, timeout);
  }

  /** This request with another method. */
  public OutboundRequest withMethod(String method) {
    return new OutboundRequest(method, url, headers, body, timeout);
  }

  /** The value of header {@code name}, ignoring case, or null-free empty string if absent. */
  public java.util.Optional<String> header(String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return java.util.Optional.of(e.getValue());
      }
    }
    return java.util.Optional.empty();
  }
}
