package dev.hookline.server.inbound;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One received webhook request, as the HTTP layer hands it over: nothing parsed yet.
 *
 * <p>Headers are looked up ignoring the case of their names. The body is not copied: it must be the
 * bytes exactly as received (signatures cover them) and must not be changed afterwards. {@link
 * #toString()} names the headers but prints no values, so signatures never reach a log.
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param url the full request URL as the server saw it: scheme, host, port, path and query string
 *     ({@code ctx.fullUrl()} in Javalin). Twilio signs the URL; behind a proxy configure the
 *     source's {@code public_url}
 * @param headers every header, each name with its values in the order received
 * @param body the raw body
 */
public record InboundRequest(
    String method, URI url, Map<String, List<String>> headers, byte[] body) {

  /**
   * Copies the headers into a case-insensitive map; names that differ only in case are merged.
   *
   * @throws NullPointerException if an argument is null
   */
  public InboundRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (name, values) -> {
          // HttpURLConnection puts the status line under a null key; it is no header.
          if (name != null && values != null) {
            copy.computeIfAbsent(name, n -> new ArrayList<>())
                .addAll(values.stream().filter(Objects::nonNull).toList());
          }
        });
    copy.replaceAll((name, values) -> List.copyOf(values));
    headers = Collections.unmodifiableMap(copy);
  }

  /**
   * A {@code POST} with one value per header, for callers (and tests) that hold headers that way.
   */
  public static InboundRequest post(URI url, Map<String, String> headers, byte[] body) {
    Map<String, List<String>> lists = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, value) -> lists.put(name, List.of(value)));
    return new InboundRequest("POST", url, lists, body);
  }

  /** The first value of a header, stripped; empty when the header is absent or blank. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    String value = values.get(0).strip();
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** The media type of the body, lower case and without parameters; empty when not given. */
  public String mediaType() {
    String type = header("Content-Type").orElse("");
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  /** The body read as UTF-8. */
  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The method, URL, header names and body length; never header values or the body. */
  @Override
  public String toString() {
    return "InboundRequest["
        + method
        + " "
        + url
        + ", headers="
        + headers.keySet()
        + ", body="
        + body.length
        + " bytes]";
  }
}
