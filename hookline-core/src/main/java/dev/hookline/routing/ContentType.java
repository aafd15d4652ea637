package dev.hookline.routing;

import java.util.Locale;
import java.util.Optional;

/**
 * How a {@code raw} endpoint's body is encoded ({@code content_type}); native formats choose their
 * own. The body is the template's rendering, or the event's JSON form without a template.
 */
public enum ContentType {
  /** {@code application/json}: the event, or the template rendered as JSON (the default). */
  JSON("application/json"),
  /**
   * {@code application/x-www-form-urlencoded}, as Jenkins and other CI triggers take: each key of a
   * map template (or each top-level field of the event, without a template) is one field; a text,
   * number or boolean is its text, a list or an object its compact JSON, a null an empty field.
   */
  FORM("application/x-www-form-urlencoded"),
  /** {@code text/plain; charset=utf-8}: a text template's rendering, as it is. */
  TEXT("text/plain; charset=utf-8");

  private final String mediaType;

  ContentType(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The {@code Content-Type} header sent with the body (an endpoint's own header replaces it). */
  public String mediaType() {
    return mediaType;
  }

  /** The contract name: {@code json}, {@code form} or {@code text}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a contract name, ignoring case; empty when unknown. */
  public static Optional<ContentType> fromName(String name) {
    for (ContentType c : values()) {
      if (c.name().equalsIgnoreCase(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
