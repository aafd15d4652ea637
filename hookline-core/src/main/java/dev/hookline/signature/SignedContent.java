package dev.hookline.signature;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Signer} signs: the message id, the time of this attempt, the exact body bytes that
 * will be sent and, for schemes that sign it (Twilio), the full request URL.
 *
 * <p>Each scheme reads what it needs: Standard Webhooks the id, timestamp and body; Stripe and
 * Slack the timestamp and body; GitHub, hex and Shopify the body; Twilio the URL and the body's
 * form parameters. The id should not contain a {@code .}: Standard Webhooks signs {@code
 * "{id}.{timestamp}.{body}"}, and a dot in the id makes that string ambiguous.
 *
 * <p>Immutable and thread-safe. The body array is not copied, to keep signing cheap for large
 * bodies: the caller hands it over and must not modify it afterwards. {@link #body()} returns a
 * copy.
 */
public final class SignedContent {
  private final String messageId;
  private final Instant timestamp;
  private final byte[] body;
  private final URI url; // null when absent; exposed as Optional

  private SignedContent(String messageId, Instant timestamp, byte[] body, URI url) {
    this.messageId = messageId;
    this.timestamp = timestamp;
    this.body = body;
    this.url = url;
  }

  /**
   * Content with this message id, attempt time and body.
   *
   * @param messageId the id receivers de-duplicate on (the {@code webhook-id}); not empty, no
   *     control characters (it becomes a header value)
   * @param timestamp the time of this attempt; signed as whole Unix seconds
   * @param body the exact bytes that will be sent; not copied, see the class description
   * @throws IllegalArgumentException if the id is empty or contains a control character
   */
  public static SignedContent of(String messageId, Instant timestamp, byte[] body) {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(body, "body");
    if (messageId.isEmpty()) {
      throw new IllegalArgumentException("messageId is empty; it is sent as the webhook-id header");
    }
    for (int i = 0; i < messageId.length(); i++) {
      if (Character.isISOControl(messageId.charAt(i))) {
        throw new IllegalArgumentException(
            "messageId contains a control character at index "
                + i
                + "; it is sent as the webhook-id header");
      }
    }
    return new SignedContent(messageId, timestamp, body, null);
  }

  /**
   * Content with this message id, attempt time and a body given as text, sent as its UTF-8 bytes.
   *
   * @throws IllegalArgumentException if the id is empty or contains a control character
   */
  public static SignedContent of(String messageId, Instant timestamp, String body) {
    return of(messageId, timestamp, body.getBytes(UTF_8));
  }

  /**
   * A copy of this content with the full request URL (scheme, host, port, path and query string, as
   * the receiver will see it), which Twilio signatures cover.
   */
  public SignedContent withUrl(URI url) {
    return new SignedContent(messageId, timestamp, body, Objects.requireNonNull(url, "url"));
  }

  /** The message id, sent as {@code webhook-id}. */
  public String messageId() {
    return messageId;
  }

  /** The time of this attempt. */
  public Instant timestamp() {
    return timestamp;
  }

  /** A copy of the body bytes. */
  public byte[] body() {
    return body.clone();
  }

  /** The body without a copy, for the signers in this package. */
  byte[] bodyBytes() {
    return body;
  }

  /** The full request URL, when one was given with {@link #withUrl(URI)}. */
  public Optional<URI> url() {
    return Optional.ofNullable(url);
  }

  /** Equal when id, timestamp, body bytes and URL are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SignedContent that
        && messageId.equals(that.messageId)
        && timestamp.equals(that.timestamp)
        && Arrays.equals(body, that.body)
        && Objects.equals(url, that.url);
  }

  /** A hash of id, timestamp, body bytes and URL. */
  @Override
  public int hashCode() {
    return Objects.hash(messageId, timestamp, Arrays.hashCode(body), url);
  }

  /** The id, timestamp, body length and URL; not the body. */
  @Override
  public String toString() {
    return "SignedContent[messageId="
        + messageId
        + ", timestamp="
        + timestamp
        + ", body="
        + body.length
        + " bytes"
        + (url == null ? "" : ", url=" + url)
        + "]";
  }
}
