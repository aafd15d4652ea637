package dev.hookline.routing;

import static dev.hookline.routing.Endpoint.*;

import dev.hookline.HooklineException;
import dev.hookline.event.Event;
import dev.hookline.event.EventPattern;
import dev.hookline.signature.SignatureConfig;
import dev.hookline.template.Template;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
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
 * The settings of an {@link Endpoint.Builder} and the check of each one as it is set; the builder
 * adds {@code build()}, which checks their combination. Package-private, as {@code
 * AbstractStringBuilder} is behind {@code StringBuilder}: users see its methods as the builder's.
 */
abstract class AbstractEndpointBuilder {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z\\-]+");

  /** Headers Hookline sets itself, or that the HTTP client owns; users may not set them. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of("host", "content-length", "transfer-encoding", "connection", "upgrade", "expect");

  final String id;
  URI url;
  List<EventPattern> events = new ArrayList<>();
  String method = DEFAULT_METHOD;
  Map<String, String> headers = new LinkedHashMap<>();
  Format format = DEFAULT_FORMAT;
  Map<String, Object> formatOptions = Map.of();
  Filters filters = Filters.NONE;
  Condition when;
  List<NamedPredicate> predicates = new ArrayList<>();
  RetryPolicy retryPolicy = DEFAULT_RETRY_POLICY;
  RateLimit rateLimit;
  BatchConfig batch;
  Duration timeout = DEFAULT_TIMEOUT;
  Ordering ordering = DEFAULT_ORDERING;
  boolean enabled = DEFAULT_ENABLED;
  Template template;
  SignatureConfig signature;
  boolean allowPrivateNetwork;
  ContentType contentType = DEFAULT_CONTENT_TYPE;
  DeliveryHeaders deliveryHeaders;
  Template.Missing templateMissing;
  OnFailure onFailure;

  AbstractEndpointBuilder(String id) {
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

  private Endpoint.Builder self() {
    return (Endpoint.Builder) this;
  }

  /** Sets the URL requests go to: absolute, {@code http} or {@code https}, with a host. */
  public Endpoint.Builder url(String url) {
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
  public Endpoint.Builder url(URI url) {
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
    return self();
  }

  /**
   * Replaces the subscribed event type patterns: exact ({@code prediction}), {@code *}, a prefix
   * ({@code github.*}) or a glob within a segment ({@code tool_execution_*}). Duplicates are
   * dropped.
   */
  public Endpoint.Builder events(String... patterns) {
    return events(List.of(patterns));
  }

  /** Replaces the subscribed event type patterns. */
  public Endpoint.Builder events(List<String> patterns) {
    Set<EventPattern> compiled = new LinkedHashSet<>();
    for (String p : patterns) {
      try {
        compiled.add(EventPattern.compile(p));
      } catch (HooklineException e) {
        throw new InvalidEndpointException("events", prefix() + e.getMessage(), e);
      }
    }
    this.events = new ArrayList<>(compiled);
    return self();
  }

  /** Sets the HTTP method: {@code POST} (the default), {@code PUT} or {@code PATCH}. */
  public Endpoint.Builder method(String method) {
    String m = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    if (!METHODS.contains(m)) {
      throw invalid(
          "method",
          "method '"
              + method
              + "' is not supported; use POST, PUT or PATCH (requests carry a body)");
    }
    this.method = m;
    return self();
  }

  /**
   * Adds a request header (replacing one of the same name, ignoring case). The value is a text
   * template, as bodies are: {@code {type}}, {@code {data.team|none}}; write {@code {{} for a
   * literal brace. A header set here wins over the {@code User-Agent} and the {@link
   * DeliveryHeaders} Hookline adds; {@link Endpoint.Builder#build()} refuses one that takes the signature's
   * header, or a {@code webhook-*} one while Standard Webhooks headers are on.
   *
   * @throws InvalidEndpointException when the name is not an HTTP token, the value holds a line
   *     break or is a malformed template, or the header is one the HTTP client owns ({@code
   *     Host}, {@code Content-Length}, ...)
   */
  public Endpoint.Builder header(String name, String value) {
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
    return self();
  }

  /** Replaces the request headers. */
  public Endpoint.Builder headers(Map<String, String> headers) {
    Map<String, String> previous = this.headers;
    this.headers = new LinkedHashMap<>();
    try {
      headers.forEach(this::header);
    } catch (RuntimeException e) {
      this.headers = previous;
      throw e;
    }
    return self();
  }

  /** Sets the format; its options are cleared unless {@code format} is the current one. */
  public Endpoint.Builder format(Format format) {
    Objects.requireNonNull(format, "format");
    if (format != this.format) {
      this.formatOptions = Map.of();
    }
    this.format = format;
    return self();
  }

  /**
   * Sets the format and its options (the map under the key named after the format).
   *
   * @throws InvalidEndpointException when an option is not a JSON-like value
   */
  public Endpoint.Builder format(Format format, Map<String, ?> options) {
    format(format);
    return formatOptions(options);
  }

  /** Replaces the options of the current format with a deep copy of {@code options}. */
  public Endpoint.Builder formatOptions(Map<String, ?> options) {
    Objects.requireNonNull(options, "options");
    try {
      this.formatOptions = Values.deepCopyMap(options, format.wireName());
    } catch (InvalidEndpointException e) {
      throw invalid(e.field(), e.getMessage());
    }
    return self();
  }

  /** Sets the declarative filters. */
  public Endpoint.Builder filters(Filters filters) {
    this.filters = Objects.requireNonNull(filters, "filters");
    return self();
  }

  /**
   * Compiles and sets the CEL {@code when} condition.
   *
   * @throws InvalidConditionException when it does not compile, naming this endpoint
   */
  public Endpoint.Builder when(String expression) {
    try {
      this.when = Condition.cel(expression);
    } catch (InvalidConditionException e) {
      throw e.withContext(prefix() + "when: ");
    }
    return self();
  }

  /** Sets the CEL {@code when} condition. */
  public Endpoint.Builder when(Condition condition) {
    this.when = Objects.requireNonNull(condition, "condition");
    return self();
  }

  /**
   * Adds a Java predicate the event must satisfy (after the filters and {@code when}). One that
   * throws makes the endpoint skip the event; routing goes on.
   */
  public Endpoint.Builder predicate(Predicate<Event> predicate) {
    return predicate("#" + (predicates.size() + 1), predicate);
  }

  /** Adds a Java predicate with a name, which skip details quote. */
  public Endpoint.Builder predicate(String name, Predicate<Event> predicate) {
    predicates.add(
        new NamedPredicate(
            Objects.requireNonNull(name, "name"), Objects.requireNonNull(predicate, "predicate")));
    return self();
  }

  /** Sets the retry policy. */
  public Endpoint.Builder retryPolicy(RetryPolicy retryPolicy) {
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    return self();
  }

  /** Sets the rate limit. */
  public Endpoint.Builder rateLimit(RateLimit rateLimit) {
    this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
    return self();
  }

  /** Groups deliveries into batches ({@code raw}, or {@code datadog} of kind {@code metric}). */
  public Endpoint.Builder batch(BatchConfig batch) {
    this.batch = Objects.requireNonNull(batch, "batch");
    return self();
  }

  /** Sets how long one request may take: positive, at most 5 minutes. */
  public Endpoint.Builder timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw invalid("timeout", "timeout must be positive and at most 5m, got " + timeout);
    }
    this.timeout = timeout;
    return self();
  }

  /** Sets the ordering: {@code PARALLEL} (the default) or {@code FIFO}. */
  public Endpoint.Builder ordering(Ordering ordering) {
    this.ordering = Objects.requireNonNull(ordering, "ordering");
    return self();
  }

  /**
   * Announces each dead delivery of this endpoint with one notice ({@code on_failure}): to another
   * endpoint only ({@link OnFailure#toEndpoint}) or as an event of its own type ({@link
   * OnFailure#asEvent}). The target endpoint must exist when the endpoint is added to a Hookline,
   * and cannot be this endpoint.
   */
  public Endpoint.Builder onFailure(OnFailure onFailure) {
    this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    return self();
  }

  /** Enables or disables the endpoint. */
  public Endpoint.Builder enabled(boolean enabled) {
    this.enabled = enabled;
    return self();
  }

  /**
   * Lets this endpoint reach loopback, private and link-local addresses (an internal API), when the
   * Hookline it is added to allows that per endpoint ({@code
   * Hookline.builder().privateNetworks(PrivateNetworks.PER_ENDPOINT)}); adding it to one that
   * denies private networks fails. Default false.
   */
  public Endpoint.Builder allowPrivateNetwork(boolean allow) {
    this.allowPrivateNetwork = allow;
    return self();
  }

  /** Shapes the request body with {@code template} (DESIGN §3). */
  public Endpoint.Builder template(Template template) {
    this.template = Objects.requireNonNull(template, "template");
    return self();
  }

  /**
   * Signs requests with this scheme and secret(s) instead of Hookline's default secret; {@link
   * SignatureConfig#none()} sends them unsigned.
   */
  public Endpoint.Builder signature(SignatureConfig signature) {
    this.signature = Objects.requireNonNull(signature, "signature");
    return self();
  }

  /**
   * Sets the names of the headers Hookline adds, the {@code User-Agent} and whether Standard
   * Webhooks headers go, for this endpoint (instead of Hookline's default). Combinations with the
   * signature are checked by {@link Endpoint.Builder#build()}.
   */
  public Endpoint.Builder deliveryHeaders(DeliveryHeaders deliveryHeaders) {
    this.deliveryHeaders = Objects.requireNonNull(deliveryHeaders, "deliveryHeaders");
    return self();
  }

  /**
   * Sets what a placeholder without a default renders when its path has no value, in the body
   * template and in header values (config key {@code template_missing}). Unless set, the body
   * template's own rule, or {@link Template.Missing#ERROR}.
   */
  public Endpoint.Builder templateMissing(Template.Missing rule) {
    this.templateMissing = Objects.requireNonNull(rule, "rule");
    return self();
  }

  /**
   * Sets how a {@code raw} endpoint's body is encoded: {@code JSON} (the default), {@code FORM} (a
   * map template, or the event's fields, form-encoded) or {@code TEXT} (a text template as {@code
   * text/plain}). Combinations are checked by {@link Endpoint.Builder#build()}.
   */
  public Endpoint.Builder contentType(ContentType contentType) {
    this.contentType = Objects.requireNonNull(contentType, "contentType");
    return self();
  }

  Template.Missing effectiveMissing() {
    if (templateMissing != null) {
      return templateMissing;
    }
    return template != null ? template.missing() : Template.Missing.ERROR;
  }

  Template compileHeader(String name, String value, Template.Missing missing) {
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

  void checkContentType() {
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

  String prefix() {
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

  InvalidEndpointException invalid(String field, String message) {
    return new InvalidEndpointException(field, prefix() + message);
  }
}
