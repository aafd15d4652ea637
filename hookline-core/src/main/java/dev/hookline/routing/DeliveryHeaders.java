package dev.hookline.routing;

import dev.hookline.signature.SignatureConfig;
import dev.hookline.signature.SignatureScheme;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The headers Hookline adds to every request besides the signature: their names, the {@code
 * User-Agent}, and whether the Standard Webhooks headers ({@code webhook-id}, {@code
 * webhook-timestamp}) are sent (DESIGN §4). Set per endpoint ({@link
 * Endpoint.Builder#deliveryHeaders}, {@code delivery_headers:} in an endpoint) or for every
 * endpoint without its own ({@code Hookline.builder().deliveryHeaders(...)}, the top-level {@code
 * delivery_headers:} of {@code hookline.yaml}).
 *
 * <pre>{@code
 * DeliveryHeaders megabot = DeliveryHeaders.DEFAULT
 *     .withName(DeliveryHeaders.Header.EVENT, "X-MegaBot-Event")
 *     .withName(DeliveryHeaders.Header.DELIVERY, "X-MegaBot-Delivery")
 *     .withName(DeliveryHeaders.Header.TIMESTAMP, "X-MegaBot-Timestamp")
 *     .without(DeliveryHeaders.Header.ATTEMPT)
 *     .withUserAgent("MegaBot-Webhook/1.0");
 * }</pre>
 *
 * <p>Defaults ({@link #DEFAULT}): {@value #DEFAULT_EVENT_HEADER}, {@value
 * #DEFAULT_DELIVERY_HEADER}, {@value #DEFAULT_ATTEMPT_HEADER}, no separate timestamp header ({@code
 * webhook-timestamp} carries it), Hookline's own {@code User-Agent} ({@code Hookline/<version>}),
 * Standard Webhooks headers on. A header given {@link #without} is not sent. The {@code User-Agent}
 * cannot be turned off: the HTTP client would send its own.
 *
 * <p>An endpoint's own {@link Endpoint#headers() headers} win over these: a user-set {@code
 * User-Agent} or {@code X-Hookline-Event} is sent as the user wrote it. Immutable and thread-safe.
 */
public final class DeliveryHeaders {

  /** The event type header unless renamed. */
  public static final String DEFAULT_EVENT_HEADER = "X-Hookline-Event";

  /** The delivery id header unless renamed. */
  public static final String DEFAULT_DELIVERY_HEADER = "X-Hookline-Delivery";

  /** The attempt number header unless renamed. */
  public static final String DEFAULT_ATTEMPT_HEADER = "X-Hookline-Attempt";

  /** Whether the Standard Webhooks headers are sent unless set otherwise. */
  public static final boolean DEFAULT_STANDARD = true;

  /** Hookline's defaults; see the class comment. */
  public static final DeliveryHeaders DEFAULT =
      new DeliveryHeaders(defaultNames(), Optional.empty(), DEFAULT_STANDARD);

  /** The Standard Webhooks headers, sent while {@link #standard()} is true. */
  public static final Set<String> STANDARD_HEADERS =
      Set.of("webhook-id", "webhook-timestamp", "webhook-signature");

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z\\-]+");

  /** Headers the HTTP client or the body owns: never a name for one of these. */
  private static final Set<String> OWNED =
      Set.of(
          "host",
          "content-length",
          "content-type",
          "transfer-encoding",
          "connection",
          "upgrade",
          "expect",
          "user-agent");

  /** A header Hookline adds whose name is configurable. */
  public enum Header {
    /** The event type ({@code batch} for a batch); default {@value #DEFAULT_EVENT_HEADER}. */
    EVENT("event"),
    /** The delivery id (the batch id for a batch); default {@value #DEFAULT_DELIVERY_HEADER}. */
    DELIVERY("delivery"),
    /** The attempt number, from 1; default {@value #DEFAULT_ATTEMPT_HEADER}. */
    ATTEMPT("attempt"),
    /**
     * The attempt's Unix time in seconds, the one the signature covers; not sent by default ({@code
     * webhook-timestamp} carries it).
     */
    TIMESTAMP("timestamp");

    private final String key;

    Header(String key) {
      this.key = key;
    }

    /** The key in {@code delivery_headers:}, e.g. {@code event}. */
    public String key() {
      return key;
    }
  }

  private final Map<Header, Optional<String>> names;
  private final Optional<String> userAgent;
  private final boolean standard;

  private DeliveryHeaders(
      Map<Header, Optional<String>> names, Optional<String> userAgent, boolean standard) {
    this.names = names;
    this.userAgent = userAgent;
    this.standard = standard;
  }

  private static Map<Header, Optional<String>> defaultNames() {
    Map<Header, Optional<String>> m = new EnumMap<>(Header.class);
    m.put(Header.EVENT, Optional.of(DEFAULT_EVENT_HEADER));
    m.put(Header.DELIVERY, Optional.of(DEFAULT_DELIVERY_HEADER));
    m.put(Header.ATTEMPT, Optional.of(DEFAULT_ATTEMPT_HEADER));
    m.put(Header.TIMESTAMP, Optional.empty());
    return m;
  }

  /** The name {@code header} is sent under; empty when it is not sent. */
  public Optional<String> name(Header header) {
    return names.get(Objects.requireNonNull(header, "header"));
  }

  /** The {@code User-Agent}; empty for Hookline's own ({@code Hookline/<version>}). */
  public Optional<String> userAgent() {
    return userAgent;
  }

  /** Whether the Standard Webhooks headers {@code webhook-id} and {@code webhook-timestamp} go. */
  public boolean standard() {
    return standard;
  }

  /**
   * These headers with {@code header} sent as {@code name}.
   *
   * @throws InvalidEndpointException (field {@code delivery_headers.<key>}) when the name is not an
   *     HTTP token, is one the HTTP client or Standard Webhooks owns ({@code Host}, {@code
   *     Content-Type}, {@code User-Agent}, {@code webhook-*}), or another of these headers has it
   */
  public DeliveryHeaders withName(Header header, String name) {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(name, "name");
    String field = "delivery_headers." + header.key();
    if (name.isEmpty()) {
      throw new InvalidEndpointException(
          field, "delivery_headers." + header.key() + " is empty; use without(...) to turn it off");
    }
    if (!TOKEN.matcher(name).matches()) {
      throw new InvalidEndpointException(
          field,
          "delivery_headers." + header.key() + ": '" + name + "' is not an HTTP header name");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (OWNED.contains(lower) || STANDARD_HEADERS.contains(lower)) {
      throw new InvalidEndpointException(
          field,
          "delivery_headers."
              + header.key()
              + ": '"
              + name
              + "' is a header "
              + (OWNED.contains(lower) ? "the HTTP client sets" : "of Standard Webhooks")
              + "; choose another name");
    }
    for (Map.Entry<Header, Optional<String>> e : names.entrySet()) {
      if (e.getKey() != header && e.getValue().filter(name::equalsIgnoreCase).isPresent()) {
        throw new InvalidEndpointException(
            field,
            "delivery_headers."
                + header.key()
                + ": '"
                + name
                + "' is already the name of delivery_headers."
                + e.getKey().key()
                + "; give each header its own name");
      }
    }
    Map<Header, Optional<String>> m = new EnumMap<>(names);
    m.put(header, Optional.of(name));
    return new DeliveryHeaders(m, userAgent, standard);
  }

  /** These headers without {@code header}: it is not sent. */
  public DeliveryHeaders without(Header header) {
    Objects.requireNonNull(header, "header");
    Map<Header, Optional<String>> m = new EnumMap<>(names);
    m.put(header, Optional.empty());
    return new DeliveryHeaders(m, userAgent, standard);
  }

  /**
   * These headers with another {@code User-Agent}, such as {@code MegaBot-Webhook/1.0}.
   *
   * @throws InvalidEndpointException (field {@code delivery_headers.user_agent}) when it is blank
   *     or holds a control character
   */
  public DeliveryHeaders withUserAgent(String userAgent) {
    Objects.requireNonNull(userAgent, "userAgent");
    if (userAgent.isBlank()) {
      throw new InvalidEndpointException(
          "delivery_headers.user_agent",
          "delivery_headers.user_agent is blank; a request always carries a User-Agent (the HTTP"
              + " client would send its own), so give one or leave it out for Hookline's");
    }
    if (userAgent.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidEndpointException(
          "delivery_headers.user_agent",
          "delivery_headers.user_agent holds a control character (a line break?)");
    }
    return new DeliveryHeaders(names, Optional.of(userAgent), standard);
  }

  /** These headers with Hookline's own {@code User-Agent}. */
  public DeliveryHeaders withDefaultUserAgent() {
    return new DeliveryHeaders(names, Optional.empty(), standard);
  }

  /**
   * These headers with the Standard Webhooks headers on or off. Off is for receivers that verify
   * another scheme (e.g. {@code hex}) and want no {@code webhook-*} headers; an endpoint that signs
   * with Standard Webhooks needs them on.
   */
  public DeliveryHeaders withStandard(boolean standard) {
    return new DeliveryHeaders(names, userAgent, standard);
  }

  /**
   * Checks these headers against an endpoint's signing and its own headers.
   *
   * @param endpointId for messages
   * @param signing how the endpoint signs, if known
   * @param userHeaders the names of the endpoint's own headers
   * @throws InvalidEndpointException when {@code standard} is false but the endpoint signs with
   *     Standard Webhooks, a user header takes the signature's header (or a {@code webhook-*} one
   *     while Standard Webhooks headers are on), or one of these names is the signature's header
   */
  public void check(
      String endpointId, Optional<SignatureConfig> signing, Collection<String> userHeaders) {
    String prefix = "endpoint '" + endpointId + "': ";
    boolean standardSigning =
        signing
            .filter(
                s ->
                    s.scheme() == SignatureScheme.STANDARD
                        || s.scheme() == SignatureScheme.STANDARD_ED25519)
            .isPresent();
    if (!standard && standardSigning) {
      throw new InvalidEndpointException(
          "delivery_headers.standard",
          prefix
              + "delivery_headers.standard is false, but the endpoint signs with Standard Webhooks"
              + " ("
              + signing.get().scheme().contractName()
              + "), whose signature covers webhook-id and webhook-timestamp: receivers could not"
              + " verify it. Keep standard: true, or sign with another scheme (signature: {scheme:"
              + " hex, ...})");
    }
    checkSignatureHeaders(endpointId, signing, userHeaders);
    Set<String> signatureHeaders = signatureHeaders(signing);
    for (String h : userHeaders) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (standard && STANDARD_HEADERS.contains(lower)) {
        throw new InvalidEndpointException(
            "headers." + h,
            prefix
                + "header '"
                + h
                + "' is a Standard Webhooks header that Hookline sets; remove it, or turn"
                + " the Standard Webhooks headers off with delivery_headers: {standard: false}");
      }
    }
    for (Header which : Header.values()) {
      Optional<String> n = name(which);
      if (n.isPresent() && signatureHeaders.contains(n.get().toLowerCase(Locale.ROOT))) {
        throw new InvalidEndpointException(
            "delivery_headers." + which.key(),
            prefix
                + "delivery_headers."
                + which.key()
                + " is '"
                + n.get()
                + "', the header of the endpoint's signature; choose another name");
      }
    }
  }

  /** Refuses a user header that takes the header the signature goes in. */
  static void checkSignatureHeaders(
      String endpointId, Optional<SignatureConfig> signing, Collection<String> userHeaders) {
    Set<String> signatureHeaders = signatureHeaders(signing);
    for (String h : userHeaders) {
      if (signatureHeaders.contains(h.toLowerCase(Locale.ROOT))) {
        throw new InvalidEndpointException(
            "headers." + h,
            "endpoint '"
                + endpointId
                + "': header '"
                + h
                + "' carries the endpoint's signature ("
                + signing.get().scheme().contractName()
                + "); Hookline sets it on every request, so it cannot be set in headers");
      }
    }
  }

  private static Set<String> signatureHeaders(Optional<SignatureConfig> signing) {
    if (signing.isEmpty() || signing.get().header().isEmpty()) {
      return Set.of();
    }
    String h = signing.get().header().toLowerCase(Locale.ROOT);
    return signing.get().scheme() == SignatureScheme.SLACK
        ? Set.of(h, "x-slack-request-timestamp")
        : Set.of(h);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeliveryHeaders d
        && d.names.equals(names)
        && d.userAgent.equals(userAgent)
        && d.standard == standard;
  }

  @Override
  public int hashCode() {
    return Objects.hash(names, userAgent, standard);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("DeliveryHeaders[");
    for (Header h : Header.values()) {
      s.append(h.key()).append('=').append(name(h).orElse("(off)")).append(", ");
    }
    return s.append("user_agent=")
        .append(userAgent.orElse("(Hookline)"))
        .append(", standard=")
        .append(standard)
        .append(']')
        .toString();
  }
}
