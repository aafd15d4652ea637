package dev.hookline.format;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The request a native format builds for one delivery: method, URL, headers (authentication and
 * content type included) and body. The delivery engine adds the endpoint's own headers, Hookline's
 * standard headers and, when the endpoint has a signature, the signature.
 *
 * @param method HTTP method ({@code SMTP} for e-mail)
 * @param url where it goes ({@code smtp://host:port} for e-mail)
 * @param headers headers in order
 * @param body the body bytes
 */
public record NativeRequest(String method, URI url, Map<String, String> headers, byte[] body) {
  /** Copies the headers, keeping their order. */
  public NativeRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    Objects.requireNonNull(body, "body");
  }
}
