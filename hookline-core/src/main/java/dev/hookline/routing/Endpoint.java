package dev.hookline.routing;

import dev.hookline.event.Event;
import dev.hookline.event.EventPattern;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.template.Template;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A subscription: where and how events of some types are delivered (DESIGN §3). Create one with
 * {@link #builder(String, String)}:
 *
 * <pre>{@code
 * Endpoint ops = Endpoint.builder("ops", "https://ops.example.com/hooks")
 *     .events("*")
 *     .filters(Filters.builder().minSeverity(Severity.WARNING).build())
 *     .when("data.confidence > 0.85 && \"security\" in tags")
 *     .timeout(Duration.ofSeconds(10))
 *     .build();
 * }</pre>
 *
 * <p>Every default is a {@code DEFAULT_} constant of this class: method {@code POST}, format {@code
 * raw}, {@link RetryPolicy#DEFAULT}, timeout 5 s, ordering {@code parallel}, enabled. There is no
 * default for {@code events}: an endpoint must list at least one pattern, {@code "*"} for every
 * event, so that nothing is sent to a receiver by accident.
 *
 * <p>Immutable and thread-safe (as long as the {@link Predicate}s given to it are). Two endpoints
 * are equal when every setting is; predicates compare by identity.
 */
public final class Endpoint {

  /** The longest endpoint id accepted. */
  public static final int MAX_ID_LENGTH = 100;

  /** The HTTP method used unless one is set. */
  public static final String DEFAULT_METHOD = "POST";

  /** The HTTP methods an endpoint may use: deliveries always carry a body. */
  public static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH");

  /** The format used unless one is set: the event as JSON. */
  public static final Format DEFAULT_FORMAT = Format.RAW;

  /** The retry policy used unless one is set: DESIGN §5's schedule. */
  public static final RetryPolicy DEFAULT_RETRY_POLICY = RetryPolicy.DEFAULT;

  /** How long one request may take unless set otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** The longest timeout accepted. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

  /** The ordering used unless one is set. */
  public static final Ordering DEFAULT_ORDERING = Ordering.PARALLEL;

  /** How a {@code raw} endpoint's body is encoded unless set otherwise. */
  public static final ContentType DEFAULT_CONTENT_TYPE = ContentType.JSON;

  /** Whether a new endpoint takes events unless set otherwise. */
  public static final boolean DEFAULT_ENABLED = true;

  /** The URL of {@code github} endpoints without one. */
  public static final URI DEFAULT_GITHUB_URL = URI.create("https://api.github.com");

  /** The URL of {@code pagerduty} endpoints without one (Events API v2). */
  public static final URI DEFAULT_PAGERDUTY_URL =
      URI.create("https://events.pagerduty.com/v2/enqueue");

  /** The URL of {@code slack} endpoints that give a {@code bot_token} and no URL. */
  public static final URI SLACK_POST_MESSAGE_URL =
      URI.create("https://slack.com/api/chat.postMessage");

  /**
   * The Datadog site of {@code datadog} endpoints without {@code site}; the URL is {@code
   * https://api.<site>}.
   */
  public static final String DEFAULT_DATADOG_SITE = "datadoghq.com";

  private final String id;
  private final Optional<URI> url;
  private final List<EventPattern> events;
  private final String method;
  private final Map<String, String> headers;
  private final Format format;
  private final Map<String, Object> formatOptions;
  private final Filters filters;
  private final Optional<Condition> when;
  private final List<NamedPredicate> predicates;
  private final RetryPolicy retryPolicy;
  private final Optional<RateLimit> rateLimit;
  private final Optional<BatchConfig> batch;
  private final Duration timeout;
  private final Ordering ordering;
  private final boolean enabled;
  private final Optional<Template> template;
  private final boolean allowPrivateNetwork;
  private final Optional<SignatureConfig> signature;
  private final ContentType contentType;
  private final Optional<DeliveryHeaders> deliveryHeaders;
  private final Map<String, Template> headerTemplates;
  private final Template.Missing templateMissing;
  private final Optional<OnFailure> onFailure;

  private Endpoint(Builder b, URI url, Map<String, Template> headerTemplates) {
    this.id = b.id;
    this.url = Optional.ofNullable(url);
    this.events = List.copyOf(b.events);
    this.method = b.method;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.format = b.format;
    this.formatOptions = b.formatOptions;
    this.filters = b.filters;
    this.when = Optional.ofNullable(b.when);
    this.predicates = List.copyOf(b.predicates);
    this.retryPolicy = b.retryPolicy;
    this.rateLimit = Optional.ofNullable(b.rateLimit);
    this.batch = Optional.ofNullable(b.batch);
    this.timeout = b.timeout;
    this.ordering = b.ordering;
    this.enabled = b.enabled;
    this.template = Optional.ofNullable(b.template);
    this.allowPrivateNetwork = b.allowPrivateNetwork;
    this.signature = Optional.ofNullable(b.signature);
    this.contentType = b.contentType;
    this.deliveryHeaders = Optional.ofNullable(b.deliveryHeaders);
    this.headerTemplates = Collections.unmodifiableMap(headerTemplates);
    this.templateMissing = b.effectiveMissing();
    this.onFailure = Optional.ofNullable(b.onFailure);
  }

  /**
   * Starts an endpoint that receives requests at {@code url}.
   *
   * @throws InvalidEndpointException when the id or URL is malformed
   */
  public static Builder builder(String id, String url) {
    return new Builder(id).url(url);
  }

  /**
   * Starts an endpoint that receives requests at {@code url}.
   *
   * @throws InvalidEndpointException when the id or URL is malformed
   */
  public static Builder builder(String id, URI url) {
    return new Builder(id).url(url);
  }

  /**
   * Starts an endpoint without a URL: for the {@code email} format, or formats whose URL has a
   * default ({@code github}, {@code pagerduty}, {@code datadog}, {@code slack} with {@code
   * bot_token}).
   *
   * @throws InvalidEndpointException when the id is malformed
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * Parses an endpoint from its JSON form, the shape {@code hookline.yaml} and the HTTP API use
   * (see {@link EndpointJson}). Thread-safe.
   *
   * @throws InvalidEndpointException when the JSON is malformed, a key is unknown or a value is
   *     invalid; the message names the key path and the fix
   */
  public static Endpoint fromJson(String json) {
    return EndpointJson.fromJson(json);
  }

  /**
   * This endpoint as compact JSON (see {@link EndpointJson}); {@link #fromJson} reads it back to an
   * equal endpoint, unless it has Java {@linkplain Builder#predicate predicates}, which are listed
   * by name only and refused on reading. Secrets are included.
   */
  public String toJson() {
    return EndpointJson.toJson(this);
  }

  /** A builder holding every setting of this endpoint, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The id: 1 to 100 letters, digits, {@code _ - .}, starting with a letter or digit. */
  public String id() {
    return id;
  }

  /** Where requests go; empty only for the {@code email} format. */
  public Optional<URI> url() {
    return url;
  }

  /** The event type patterns subscribed to, at least one. */
  public List<EventPattern> events() {
    return events;
  }

  /** True when one of the patterns matches {@code type}. */
  public boolean subscribesTo(String type) {
    for (EventPattern p : events) {
      if (p.matches(type)) {
        return true;
      }
    }
    return false;
  }

  /** The HTTP method, upper case: {@code POST}, {@code PUT} or {@code PATCH}. */
  public String method() {
    return method;
  }

  /**
   * Extra request headers as written, in the order given. Values are text templates ({@code
   * {type}}, {@code {data.team|none}}), rendered for each delivery; see {@link #headerTemplates()}.
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The {@link #headers()} compiled as text templates, in the same order, following {@link
   * #templateMissing()}. A value without placeholders renders as written (with {@code {{} and
   * {@code }}} read as single braces).
   */
  public Map<String, Template> headerTemplates() {
    return headerTemplates;
  }

  /**
   * What a placeholder without a default renders, in the body template and the header values, when
   * its path has no value: {@link Template.Missing#ERROR} unless set.
   */
  public Template.Missing templateMissing() {
    return templateMissing;
  }

  /**
   * The names of the headers Hookline adds (event, delivery, attempt, timestamp), the {@code
   * User-Agent} and whether Standard Webhooks headers go, if this endpoint sets them; otherwise
   * Hookline's default applies ({@code Hookline.builder().deliveryHeaders}, or {@link
   * DeliveryHeaders#DEFAULT}).
   */
  public Optional<DeliveryHeaders> deliveryHeaders() {
    return deliveryHeaders;
  }

  /** The shape of the request. */
  public Format format() {
    return format;
  }

  /**
   * The options of {@link #format()} (the map under the key named after it, such as {@code slack:
   * {channel: "#alerts"}}); deep-immutable JSON-like values. Empty for {@code raw}.
   */
  public Map<String, Object> formatOptions() {
    return formatOptions;
  }

  /** The declarative filters; {@link Filters#NONE} when none are set. */
  public Filters filters() {
    return filters;
  }

  /** The CEL condition the event must satisfy, if any. */
  public Optional<Condition> when() {
    return when;
  }

  /** The Java predicates the event must satisfy, in the order added. */
  public List<Predicate<Event>> predicates() {
    return predicates.stream().map(NamedPredicate::predicate).toList();
  }

  List<NamedPredicate> namedPredicates() {
    return predicates;
  }

  /** When failed deliveries are attempted again. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** The rate limit, if any. */
  public Optional<RateLimit> rateLimit() {
    return rateLimit;
  }

  /** How deliveries are grouped into requests, if they are. */
  public Optional<BatchConfig> batch() {
    return batch;
  }

  /** How long one request may take. */
  public Duration timeout() {
    return timeout;
  }

  /** Whether deliveries go out in parallel or one at a time. */
  public Ordering ordering() {
    return ordering;
  }

  /** Whether the endpoint takes events; a disabled one skips them all. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * The template that shapes the body, if any; without one a {@code raw} endpoint receives the
   * event's JSON form (DESIGN §4).
   */
  public Optional<Template> template() {
    return template;
  }

  /**
   * Whether this endpoint asks to reach private networks; honoured only where they are allowed per
   * endpoint.
   */
  public boolean allowPrivateNetwork() {
    return allowPrivateNetwork;
  }

  /**
   * How requests are signed, if this endpoint has its own scheme and secret; otherwise Hookline's
   * default signing secret applies.
   */
  public Optional<SignatureConfig> signature() {
    return signature;
  }

  /** How the body of a {@code raw} endpoint is encoded; {@link ContentType#JSON} for the others. */
  public ContentType contentType() {
    return contentType;
  }

  /**
   * Where this endpoint's dead deliveries are announced ({@code on_failure}), if anywhere: one
   * notice per dead delivery, with the event and the last error.
   */
  public Optional<OnFailure> onFailure() {
    return onFailure;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Endpoint e
        && e.id.equals(id)
        && e.url.equals(url)
        && e.events.equals(events)
        && e.method.equals(method)
        && e.headers.equals(headers)
        && e.format == format
        && e.formatOptions.equals(formatOptions)
        && e.filters.equals(filters)
        && e.when.equals(when)
        && e.predicates.equals(predicates)
        && e.retryPolicy.equals(retryPolicy)
        && e.rateLimit.equals(rateLimit)
        && e.batch.equals(batch)
        && e.timeout.equals(timeout)
        && e.ordering == ordering
        && e.enabled == enabled
        && e.template.map(Template::toString).equals(template.map(Template::toString))
        && e.template.map(Template::missing).equals(template.map(Template::missing))
        && e.allowPrivateNetwork == allowPrivateNetwork
        && e.signature.equals(signature)
        && e.deliveryHeaders.equals(deliveryHeaders)
        && e.templateMissing == templateMissing
        && e.contentType == contentType
        && e.onFailure.equals(onFailure);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, url, events, format, filters, when, enabled);
  }

  /**
   * The id, URL, patterns and format, e.g. {@code Endpoint{ops https://ops.example.com [*] raw}}.
   */
  @Override
  public String toString() {
    return "Endpoint{"
        + id
        + " "
        + url.map(URI::toString).orElse("(no url)")
        + " "
        + events
        + " "
        + format.wireName()
        + (enabled ? "" : " disabled")
        + "}";
  }

  /** A predicate with the name its skips are reported under. */
  record NamedPredicate(String name, Predicate<Event> predicate) {}

  /**
   * Builds an {@link Endpoint}. Each setter validates its argument and throws {@link
   * InvalidEndpointException} naming the endpoint and the setting; {@link #build()} validates the
   * combination. Not thread-safe.
   */
  public static final class Builder extends AbstractEndpointBuilder {
    private Builder(String id) {
      super(id);
    }

    private Builder(Endpoint e) {
      super(e.id);
      this.url = e.url.orElse(null);
      this.events = new ArrayList<>(e.events);
      this.method = e.method;
      this.headers = new LinkedHashMap<>(e.headers);
      this.format = e.format;
      this.formatOptions = e.formatOptions;
      this.filters = e.filters;
      this.when = e.when.orElse(null);
      this.predicates = new ArrayList<>(e.predicates);
      this.retryPolicy = e.retryPolicy;
      this.rateLimit = e.rateLimit.orElse(null);
      this.batch = e.batch.orElse(null);
      this.timeout = e.timeout;
      this.ordering = e.ordering;
      this.enabled = e.enabled;
      this.template = e.template.orElse(null);
      this.signature = e.signature.orElse(null);
      this.allowPrivateNetwork = e.allowPrivateNetwork;
      this.contentType = e.contentType;
      this.deliveryHeaders = e.deliveryHeaders.orElse(null);
      this.templateMissing = e.templateMissing;
      this.onFailure = e.onFailure.orElse(null);
    }

    /**
     * Builds the endpoint, filling the default URL of {@code github}, {@code pagerduty}, {@code
     * datadog} and bot-token {@code slack} endpoints.
     *
     * @throws InvalidEndpointException when no event pattern is given, the URL is missing (or given
     *     for {@code email}), the format lacks a required option or has an unknown choice, or
     *     {@code batch} is set for a format other than {@code raw} or {@code datadog} of kind
     *     {@code metric}, or the content type does not fit (not {@code raw}, a batch, {@code form}
     *     without a map template or with a text one, {@code text} without a text template)
     */
    public Endpoint build() {
      if (events.isEmpty()) {
        throw invalid(
            "events",
            "subscribes to no events; add events: [\"*\"] to receive every event, or list the"
                + " types (prediction, github.*)");
      }
      format.check(formatOptions, prefix());
      URI target = url;
      if (format == Format.EMAIL) {
        if (url != null) {
          throw invalid(
              "url",
              "email endpoints have no url; they send through email.smtp_host. Remove the url");
        }
      } else if (target == null) {
        target =
            format
                .defaultUrl(formatOptions, prefix())
                .orElseThrow(
                    () ->
                        invalid(
                            "url",
                            "url is required for format " + format.wireName() + format.urlHint()));
      }
      if (batch != null && !format.batches(formatOptions)) {
        throw invalid(
            "batch",
            "batch applies to raw endpoints (a JSON array of events) and datadog endpoints of kind"
                + " metric (points in one series request); format is "
                + format.wireName());
      }
      checkContentType();
      if (onFailure != null && onFailure.endpoint().filter(id::equals).isPresent()) {
        throw invalid(
            "on_failure.endpoint",
            "on_failure.endpoint cannot be the endpoint itself: a notice about its dead delivery"
                + " would go where deliveries die; name another endpoint");
      }
      Template.Missing missing = effectiveMissing();
      if (template != null) {
        template = template.onMissing(missing);
      }
      Map<String, Template> compiled = new LinkedHashMap<>();
      for (Map.Entry<String, String> h : headers.entrySet()) {
        Template t = compileHeader(h.getKey(), h.getValue(), missing);
        if (t.hasPlaceholders() && batch != null) {
          throw invalid(
              "headers." + h.getKey(),
              "header '"
                  + h.getKey()
                  + "' has a placeholder, but a batch carries several events in one request; remove"
                  + " the placeholder or the batch");
        }
        compiled.put(h.getKey(), t);
      }
      if (deliveryHeaders != null) {
        deliveryHeaders.check(id, Optional.ofNullable(signature), headers.keySet());
      } else {
        // The rest depends on Hookline's default headers, which it checks when this is added.
        DeliveryHeaders.checkSignatureHeaders(id, Optional.ofNullable(signature), headers.keySet());
      }
      return new Endpoint(this, target, compiled);
    }
  }
}
