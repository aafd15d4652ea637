package dev.hookline.routing;

import dev.hookline.HooklineException;
import dev.hookline.event.Event;
import dev.hookline.event.EventPattern;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.template.Template;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

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

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z\\-]+");

  /** Headers Hookline sets itself, or that the HTTP client owns; users may not set them. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of("host", "content-length", "transfer-encoding", "connection", "upgrade", "expect");

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
  public static final class Builder {
    private final String id;
    private URI url;
    private List<EventPattern> events = new ArrayList<>();
    private String method = DEFAULT_METHOD;
    private Map<String, String> headers = new LinkedHashMap<>();
    private Format format = DEFAULT_FORMAT;
    private Map<String, Object> formatOptions = Map.of();
    private Filters filters = Filters.NONE;
    private Condition when;
    private List<NamedPredicate> predicates = new ArrayList<>();
    private RetryPolicy retryPolicy = DEFAULT_RETRY_POLICY;
    private RateLimit rateLimit;
    private BatchConfig batch;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Ordering ordering = DEFAULT_ORDERING;
    private boolean enabled = DEFAULT_ENABLED;
    private Template template;
    private SignatureConfig signature;
    private boolean allowPrivateNetwork;
    private ContentType contentType = DEFAULT_CONTENT_TYPE;
    private DeliveryHeaders deliveryHeaders;
    private Template.Missing templateMissing;
    private OnFailure onFailure;

    private Builder(String id) {
      Objects.requireNonNull(id, "id");
      if (id.length() > MAX_ID_LENGTH || !ID.matcher(id).matches()) {
        throw new InvalidEndpointException(
            "id",
            "endpoint id '"
                + (id.length() > 80 ? id.substring(0, 77) + "..." : id)
                + "' is invalid: use 1 to "
                + MAX_ID_LENGTH
                + " letters, digits, '_', '-' or '.', starting with a letter or digit");
      }
      this.id = id;
    }

    private Builder(Endpoint e) {
      this.id = e.id;
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

    /** Sets the URL requests go to: absolute, {@code http} or {@code https}, with a host. */
    public Builder url(String url) {
      Objects.requireNonNull(url, "url");
      if (url.isBlank()) {
        throw invalid("url", "url is empty (is its environment variable set?)");
      }
      try {
        return url(new URI(url.strip()));
      } catch (URISyntaxException e) {
        throw new InvalidEndpointException(
            "url", prefix() + "url '" + url + "' is malformed: " + e.getReason(), e);
      }
    }

    /**
     * Sets the URL requests go to: absolute, {@code http} or {@code https}, with a host that is a
     * name, an IPv6 literal or an IPv4 address written as four decimal numbers.
     *
     * @throws InvalidEndpointException (field {@code url}) when the URL is not such a URL, holds
     *     credentials, or its host is an {@link AmbiguousHost ambiguous IP literal} such as {@code
     *     0x7f000001}
     */
    public Builder url(URI url) {
      Objects.requireNonNull(url, "url");
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw invalid("url", "url '" + url + "' must start with https:// or http://");
      }
      // java.net.URI does not read 127.1 or 256.1.1.1 as a host at all; judge what was written.
      String host = url.getHost() != null ? url.getHost() : writtenHost(url.getRawAuthority());
      Optional<AmbiguousHost> ambiguous = AmbiguousHost.of(host);
      if (ambiguous.isEmpty() && (url.getHost() == null || url.getHost().isEmpty())) {
        throw invalid("url", "url '" + url + "' has no host");
      }
      if (ambiguous.isPresent()) {
        throw invalid("url", "url '" + url + "': " + ambiguous.get().reason());
      }
      if (url.getRawUserInfo() != null) {
        throw invalid(
            "url",
            "url '"
                + url.getScheme()
                + "://...@"
                + url.getHost()
                + "' holds credentials; send them in headers (e.g. Authorization) instead");
      }
      this.url = url;
      return this;
    }

    /**
     * Replaces the subscribed event type patterns: exact ({@code prediction}), {@code *}, a prefix
     * ({@code github.*}) or a glob within a segment ({@code tool_execution_*}). Duplicates are
     * dropped.
     */
    public Builder events(String... patterns) {
      return events(List.of(patterns));
    }

    /** Replaces the subscribed event type patterns. */
    public Builder events(List<String> patterns) {
      Set<EventPattern> compiled = new LinkedHashSet<>();
      for (String p : patterns) {
        try {
          compiled.add(EventPattern.compile(p));
        } catch (HooklineException e) {
          throw new InvalidEndpointException("events", prefix() + e.getMessage(), e);
        }
      }
      this.events = new ArrayList<>(compiled);
      return this;
    }

    /** Sets the HTTP method: {@code POST} (the default), {@code PUT} or {@code PATCH}. */
    public Builder method(String method) {
      String m = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
      if (!METHODS.contains(m)) {
        throw invalid(
            "method",
            "method '"
                + method
                + "' is not supported; use POST, PUT or PATCH (requests carry a body)");
      }
      this.method = m;
      return this;
    }

    /**
     * Adds a request header (replacing one of the same name, ignoring case). The value is a text
     * template, as bodies are: {@code {type}}, {@code {data.team|none}}; write {@code {{} for a
     * literal brace. A header set here wins over the {@code User-Agent} and the {@link
     * DeliveryHeaders} Hookline adds; {@link #build()} refuses one that takes the signature's
     * header, or a {@code webhook-*} one while Standard Webhooks headers are on.
     *
     * @throws InvalidEndpointException when the name is not an HTTP token, the value holds a line
     *     break or is a malformed template, or the header is one the HTTP client owns ({@code
     *     Host}, {@code Content-Length}, ...)
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (!HEADER_NAME.matcher(name).matches()) {
        throw invalid("headers", "header name '" + name + "' is not a valid HTTP header name");
      }
      if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw invalid(
            "headers." + name, "header '" + name + "' is set by Hookline and cannot be overridden");
      }
      if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
        throw invalid("headers." + name, "header '" + name + "' has a line break in its value");
      }
      compileHeader(name, value, Template.Missing.ERROR);
      headers.keySet().removeIf(n -> n.equalsIgnoreCase(name));
      headers.put(name, value);
      return this;
    }

    /** Replaces the request headers. */
    public Builder headers(Map<String, String> headers) {
      Map<String, String> previous = this.headers;
      this.headers = new LinkedHashMap<>();
      try {
        headers.forEach(this::header);
      } catch (RuntimeException e) {
        this.headers = previous;
        throw e;
      }
      return this;
    }

    /** Sets the format; its options are cleared unless {@code format} is the current one. */
    public Builder format(Format format) {
      Objects.requireNonNull(format, "format");
      if (format != this.format) {
        this.formatOptions = Map.of();
      }
      this.format = format;
      return this;
    }

    /**
     * Sets the format and its options (the map under the key named after the format).
     *
     * @throws InvalidEndpointException when an option is not a JSON-like value
     */
    public Builder format(Format format, Map<String, ?> options) {
      format(format);
      return formatOptions(options);
    }

    /** Replaces the options of the current format with a deep copy of {@code options}. */
    public Builder formatOptions(Map<String, ?> options) {
      Objects.requireNonNull(options, "options");
      try {
        this.formatOptions = Values.deepCopyMap(options, format.wireName());
      } catch (InvalidEndpointException e) {
        throw invalid(e.field(), e.getMessage());
      }
      return this;
    }

    /** Sets the declarative filters. */
    public Builder filters(Filters filters) {
      this.filters = Objects.requireNonNull(filters, "filters");
      return this;
    }

    /**
     * Compiles and sets the CEL {@code when} condition.
     *
     * @throws InvalidConditionException when it does not compile, naming this endpoint
     */
    public Builder when(String expression) {
      try {
        this.when = Condition.cel(expression);
      } catch (InvalidConditionException e) {
        throw e.withContext(prefix() + "when: ");
      }
      return this;
    }

    /** Sets the CEL {@code when} condition. */
    public Builder when(Condition condition) {
      this.when = Objects.requireNonNull(condition, "condition");
      return this;
    }

    /**
     * Adds a Java predicate the event must satisfy (after the filters and {@code when}). One that
     * throws makes the endpoint skip the event; routing goes on.
     */
    public Builder predicate(Predicate<Event> predicate) {
      return predicate("#" + (predicates.size() + 1), predicate);
    }

    /** Adds a Java predicate with a name, which skip details quote. */
    public Builder predicate(String name, Predicate<Event> predicate) {
      predicates.add(
          new NamedPredicate(
              Objects.requireNonNull(name, "name"),
              Objects.requireNonNull(predicate, "predicate")));
      return this;
    }

    /** Sets the retry policy. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /** Sets the rate limit. */
    public Builder rateLimit(RateLimit rateLimit) {
      this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
      return this;
    }

    /** Groups deliveries into batches ({@code raw}, or {@code datadog} of kind {@code metric}). */
    public Builder batch(BatchConfig batch) {
      this.batch = Objects.requireNonNull(batch, "batch");
      return this;
    }

    /** Sets how long one request may take: positive, at most 5 minutes. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
        throw invalid("timeout", "timeout must be positive and at most 5m, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Sets the ordering: {@code PARALLEL} (the default) or {@code FIFO}. */
    public Builder ordering(Ordering ordering) {
      this.ordering = Objects.requireNonNull(ordering, "ordering");
      return this;
    }

    /**
     * Announces each dead delivery of this endpoint with one notice ({@code on_failure}): to
     * another endpoint only ({@link OnFailure#toEndpoint}) or as an event of its own type ({@link
     * OnFailure#asEvent}). The target endpoint must exist when the endpoint is added to a Hookline,
     * and cannot be this endpoint.
     */
    public Builder onFailure(OnFailure onFailure) {
      this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
      return this;
    }

    /** Enables or disables the endpoint. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Lets this endpoint reach loopback, private and link-local addresses (an internal API), when
     * the Hookline it is added to allows that per endpoint ({@code
     * Hookline.builder().privateNetworks(PrivateNetworks.PER_ENDPOINT)}); adding it to one that
     * denies private networks fails. Default false.
     */
    public Builder allowPrivateNetwork(boolean allow) {
      this.allowPrivateNetwork = allow;
      return this;
    }

    /** Shapes the request body with {@code template} (DESIGN §3). */
    public Builder template(Template template) {
      this.template = Objects.requireNonNull(template, "template");
      return this;
    }

    /**
     * Signs requests with this scheme and secret(s) instead of Hookline's default secret; {@link
     * SignatureConfig#none()} sends them unsigned.
     */
    public Builder signature(SignatureConfig signature) {
      this.signature = Objects.requireNonNull(signature, "signature");
      return this;
    }

    /**
     * Sets the names of the headers Hookline adds, the {@code User-Agent} and whether Standard
     * Webhooks headers go, for this endpoint (instead of Hookline's default). Combinations with the
     * signature are checked by {@link #build()}.
     */
    public Builder deliveryHeaders(DeliveryHeaders deliveryHeaders) {
      this.deliveryHeaders = Objects.requireNonNull(deliveryHeaders, "deliveryHeaders");
      return this;
    }

    /**
     * Sets what a placeholder without a default renders when its path has no value, in the body
     * template and in header values (config key {@code template_missing}). Unless set, the body
     * template's own rule, or {@link Template.Missing#ERROR}.
     */
    public Builder templateMissing(Template.Missing rule) {
      this.templateMissing = Objects.requireNonNull(rule, "rule");
      return this;
    }

    /**
     * Sets how a {@code raw} endpoint's body is encoded: {@code JSON} (the default), {@code FORM}
     * (a map template, or the event's fields, form-encoded) or {@code TEXT} (a text template as
     * {@code text/plain}). Combinations are checked by {@link #build()}.
     */
    public Builder contentType(ContentType contentType) {
      this.contentType = Objects.requireNonNull(contentType, "contentType");
      return this;
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

    private Template.Missing effectiveMissing() {
      if (templateMissing != null) {
        return templateMissing;
      }
      return template != null ? template.missing() : Template.Missing.ERROR;
    }

    private Template compileHeader(String name, String value, Template.Missing missing) {
      try {
        return Template.text(value).onMissing(missing);
      } catch (HooklineException e) {
        throw invalid(
            "headers." + name,
            "header '"
                + name
                + "' is a template and "
                + e.getMessage()
                + " (a literal brace is written {{ or }})");
      }
    }

    private void checkContentType() {
      if (contentType == ContentType.JSON) {
        return;
      }
      String ct = "content_type " + contentType.wireName();
      if (format != Format.RAW) {
        throw invalid(
            "content_type",
            ct + " applies to raw endpoints; format " + format.wireName() + " sets its own");
      }
      if (batch != null) {
        throw invalid("content_type", ct + " cannot carry a batch (a JSON array); remove batch");
      }
      // A tree template's source is its compact JSON: a map starts with a brace.
      if (contentType == ContentType.FORM
          && template != null
          && (template.isText() || !template.toString().startsWith("{"))) {
        throw invalid(
            "content_type",
            ct + " needs a map template (one form field per key), not a text template");
      }
      if (contentType == ContentType.TEXT && (template == null || !template.isText())) {
        throw invalid("content_type", ct + " needs a text template (template: \"...\")");
      }
    }

    private String prefix() {
      return "endpoint '" + id + "': ";
    }

    /** The host part of an authority: without user info and port; empty when there is none. */
    private static String writtenHost(String authority) {
      if (authority == null) {
        return "";
      }
      String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
      int colon = hostPort.lastIndexOf(':');
      return hostPort.startsWith("[") || colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    private InvalidEndpointException invalid(String field, String message) {
      return new InvalidEndpointException(field, prefix() + message);
    }
  }
}
