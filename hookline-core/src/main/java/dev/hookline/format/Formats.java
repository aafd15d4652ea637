package dev.hookline.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.routing.InvalidEndpointException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The native formats, as the delivery engine uses them: validate an endpoint's options, render
 * events into the integration's request, and read its answer. {@link Format#RAW} is not a native
 * format: the engine sends the event (or the template's rendering) itself.
 */
public final class Formats {
  static final ObjectMapper JSON = new ObjectMapper();

  private Formats() {}

  /** Whether this release renders {@code format} ({@link Format#RAW} always). */
  public static boolean isAvailable(Format format) {
    return format == Format.RAW || integration(format).isPresent();
  }

  /**
   * Checks a native format's options (required ones present, values valid); nothing for {@code
   * raw}.
   *
   * @throws InvalidEndpointException naming the option and the fix, or saying that the format is
   *     not available in this release
   */
  public static void validate(Endpoint endpoint) {
    if (endpoint.format() == Format.RAW) {
      return;
    }
    integration(endpoint).validate(endpoint);
  }

  /**
   * The request for these events in the endpoint's native format; the endpoint's template, when it
   * has one, is rendered for the first event and overrides the format's default body.
   *
   * @throws FormatException or {@link dev.hookline.template.TemplateException} when the request
   *     cannot be built: the delivery ends dead with the message
   */
  public static NativeRequest render(Endpoint endpoint, List<Event> events) {
    Optional<JsonNode> templated =
        endpoint.template().map(t -> JSON.valueToTree(t.render(events.get(0))));
    return integration(endpoint).render(endpoint, events, templated);
  }

  /**
   * As {@link #render(Endpoint, List)}, with what {@code lookups} found (a Jira assignee's account
   * id): the delivery engine renders so, after sending each request {@link Lookups#next} gave.
   *
   * @throws FormatException or {@link dev.hookline.template.TemplateException} as the other
   *     overload does, and when a value to look up has not been found
   */
  public static NativeRequest render(Endpoint endpoint, List<Event> events, Lookups lookups) {
    if (endpoint.format() != Format.JIRA) {
      return render(endpoint, events);
    }
    Optional<JsonNode> templated =
        endpoint.template().map(t -> JSON.valueToTree(t.render(events.get(0))));
    return JiraFormat.INSTANCE.render(endpoint, events, templated, Optional.of(lookups));
  }

  /** An error hidden in a 2xx answer (Slack's {@code {"ok": false}}), if any. */
  public static Optional<String> errorIn(Endpoint endpoint, int status, byte[] body) {
    return endpoint.format() == Format.RAW
        ? Optional.empty()
        : total(() -> integration(endpoint).errorIn(status, body), Optional.empty());
  }

  /**
   * The status an error hidden in a 2xx answer stands for (Teams' connectors wrap 429 and 5xx in a
   * 200), so that the engine retries it as it would that status; empty when the hidden error is
   * final.
   */
  public static OptionalInt hiddenStatus(Endpoint endpoint, int status, byte[] body) {
    return endpoint.format() == Format.RAW
        ? OptionalInt.empty()
        : total(() -> integration(endpoint).hiddenStatus(status, body), OptionalInt.empty());
  }

  /**
   * How long the service asked to wait before the next attempt, in its own terms beyond the
   * standard {@code Retry-After} header (Discord's {@code retry_after} body field and {@code
   * X-RateLimit-Reset-After} header), if it said so.
   *
   * @param headers the answer's headers; lookups ignore case
   */
  public static Optional<Duration> retryAfter(
      Endpoint endpoint, int status, Map<String, List<String>> headers, byte[] body) {
    return endpoint.format() == Format.RAW
        ? Optional.empty()
        : total(() -> integration(endpoint).retryAfter(status, headers, body), Optional.empty());
  }

  /** What a successful answer created (a Jira issue key, a GitHub issue URL), if anything. */
  public static Optional<String> resultOf(Endpoint endpoint, int status, byte[] body) {
    return endpoint.format() == Format.RAW
        ? Optional.empty()
        : total(() -> integration(endpoint).resultOf(status, body), Optional.empty());
  }

  /**
   * The service's explanation of a failed (non-2xx) answer (Jira's errors by field), if it gives
   * one.
   */
  public static Optional<String> failureReason(Endpoint endpoint, int status, byte[] body) {
    return endpoint.format() == Format.RAW
        ? Optional.empty()
        : total(() -> integration(endpoint).failureReason(status, body), Optional.empty());
  }

  /**
   * When a failed answer is the service's rate limit (GitHub's 403 with {@code
   * x-ratelimit-remaining: 0}), how long to wait before retrying it; such an answer is retried even
   * when its status is otherwise final. Empty for any other answer.
   *
   * @param headers the answer's headers; lookups ignore case
   */
  public static Optional<Duration> rateLimitWait(
      Endpoint endpoint, int status, Map<String, List<String>> headers, byte[] body, Instant now) {
    return endpoint.format() == Format.RAW
        ? Optional.empty()
        : total(
            () -> integration(endpoint).rateLimitWait(status, headers, body, now),
            Optional.empty());
  }

  /** See {@link Integration#pauseAfter}; empty for {@code raw} endpoints. */
  public static Optional<Duration> pauseAfter(
      Endpoint endpoint, int status, Map<String, List<String>> headers, Instant now) {
    return endpoint.format() == Format.RAW
        ? Optional.empty()
        : total(() -> integration(endpoint).pauseAfter(status, headers, now), Optional.empty());
  }

  /**
   * An answer-reading hook that throws (a malformed header, a value out of range) tells nothing:
   * the engine goes on as if the format had no opinion, rather than losing the attempt's outcome.
   */
  private static <T> T total(java.util.function.Supplier<T> hook, T none) {
    try {
      return hook.get();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a format could not read an answer: " + e);
      return none;
    }
  }

  private static final System.Logger LOG = System.getLogger(Formats.class.getName());

  private static Integration integration(Endpoint endpoint) {
    return integration(endpoint.format())
        .orElseThrow(
            () ->
                new InvalidEndpointException(
                    "format",
                    "endpoint '"
                        + endpoint.id()
                        + "': format '"
                        + endpoint.format().wireName()
                        + "' is not available in this release; use format raw with a template"));
  }

  /** The integration for a format; each native format adds its case here. */
  private static Optional<Integration> integration(Format format) {
    return switch (format) {
      case SLACK -> Optional.of(SlackFormat.INSTANCE);
      case JIRA -> Optional.of(JiraFormat.INSTANCE);
      case GITHUB -> Optional.of(GitHubFormat.INSTANCE);
      case DATADOG -> Optional.of(DatadogFormat.INSTANCE);
      case PAGERDUTY -> Optional.of(PagerDutyFormat.INSTANCE);
      case TEAMS -> Optional.of(TeamsFormat.INSTANCE);
      case DISCORD -> Optional.of(DiscordFormat.INSTANCE);
      case EMAIL -> Optional.of(EmailFormat.INSTANCE);
      default -> Optional.empty();
    };
  }
}
