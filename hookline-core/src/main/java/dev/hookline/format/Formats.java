package dev.hookline.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.Format;
import dev.hookline.routing.InvalidEndpointException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /**
   * Reads an answer of {@code status} in the endpoint's integration's terms: on a 2xx, an error it
   * hides (and the status that error stands for) or else what the answer created; on any other
   * status, the service's reason and whether it is a rate limit; on any answer, a wait in the
   * service's own terms and a pause of the endpoint's next requests. {@link Reading#NONE} for
   * {@code raw} endpoints. Never throws: a part the integration cannot read is left empty.
   *
   * @param headers the answer's headers; lookups ignore case
   * @param now the time of the answer
   */
  public static Reading interpret(
      Endpoint endpoint, int status, Map<String, List<String>> headers, byte[] body, Instant now) {
    if (endpoint.format() == Format.RAW) {
      return Reading.NONE;
    }
    Integration integration = integration(endpoint);
    return total(() -> integration.interpret(status, headers, body, now), Reading.NONE);
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
