package dev.hookline.routing;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shape of the request an endpoint receives (DESIGN §3). {@link #RAW} sends the event in the
 * Standard Webhooks payload shape; the others build the request an integration expects, with
 * options under a key named after the format ({@link #wireName()}), e.g. {@code slack: {channel:
 * "#alerts"}}.
 *
 * <p>Each constant is its integration's option schema, the one place it is written: the keys it
 * understands, the ones it cannot do without, the closed sets of values, and the default URL. An
 * {@link Endpoint} is checked against it when built, so a Java endpoint, a config file and the HTTP
 * API get the same answer; what needs the integration itself (a template in an option, a host name)
 * is checked by the integration when the endpoint is added.
 */
public enum Format {
  /** The event as JSON (the default). */
  RAW(Map.of(), keys()),
  /** Slack: incoming webhook, or {@code chat.postMessage} with {@code bot_token}. */
  SLACK(Map.of(), keys("channel", "username", "icon_emoji", "icon_url", "bot_token")),
  /** Microsoft Teams: Workflows / incoming webhook with an adaptive card or a message card. */
  TEAMS(Map.of("card", List.of("adaptive", "messagecard")), keys("card")),
  /** Discord webhook. */
  DISCORD(Map.of(), keys("username", "avatar_url")),
  /** Jira Cloud: creates an issue through {@code {url}/rest/api/3/issue}. */
  JIRA(
      Map.of(),
      keys("project", "issue_type", "email", "api_token", "priority", "labels", "assignee"),
      "project",
      "email",
      "api_token"),
  /** GitHub REST API: issue, comment, labels or repository dispatch. */
  GITHUB(
      Map.of("action", List.of("issue", "comment", "labels", "dispatch")),
      keys("token", "repo", "action", "event_type", "labels", "assignees", "issue"),
      "token",
      "repo"),
  /** Datadog: an event or a metric. */
  DATADOG(
      Map.of("kind", List.of("event", "metric")),
      keys("api_key", "app_key", "site", "kind"),
      "api_key"),
  /** PagerDuty Events API v2. */
  PAGERDUTY(
      Map.of("event_action", List.of("trigger", "acknowledge", "resolve")),
      keys("routing_key", "event_action"),
      "routing_key"),
  /** An email through SMTP; the endpoint has no URL. */
  EMAIL(
      Map.of(),
      keys(
          "smtp_host",
          "smtp_port",
          "starttls",
          "ssl",
          "username",
          "password",
          "from",
          "to",
          "cc",
          "subject"),
      "smtp_host",
      "from",
      "to");

  private final Set<String> optionKeys;
  private final List<String> required;
  private final Map<String, Set<String>> choices;

  Format(Map<String, List<String>> choices, Set<String> optionKeys, String... required) {
    this.optionKeys = optionKeys;
    this.required = List.of(required);
    this.choices =
        Map.copyOf(
            choices.entrySet().stream()
                .collect(
                    java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, c -> Set.copyOf(c.getValue()))));
  }

  private static Set<String> keys(String... keys) {
    return Set.of(keys);
  }

  /**
   * The option keys this format understands under its {@link #wireName()} key (DESIGN §3's, plus a
   * few the seeds use: {@code slack.icon_url}, {@code datadog.app_key}, {@code github.labels} and
   * {@code github.assignees}; {@code github.issue}, the issue or pull request number for the {@code
   * comment} and {@code labels} actions; and {@code email.ssl}, implicit TLS, which SMTP providers
   * offer on port 465; {@code email.cc}). Config files and the HTTP API refuse other keys, so that
   * a misspelt option is reported rather than ignored; a format that learns an option adds it here.
   */
  public Set<String> optionKeys() {
    return optionKeys;
  }

  /**
   * The values an option with a closed set takes ({@code teams.card}, {@code github.action}, {@code
   * datadog.kind}, {@code pagerduty.event_action}), lower case; empty for other options. Values are
   * matched ignoring case.
   */
  public Set<String> choices(String key) {
    return choices.getOrDefault(key, Set.of());
  }

  /** Whether {@code value} is one of {@link #choices(String) the choices} of {@code key}. */
  public boolean isChoice(String key, Object value) {
    return value instanceof String s && choices(key).contains(s.toLowerCase(Locale.ROOT));
  }

  /** The contract name, which is also the key of the format's options: {@code slack}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a contract name, ignoring case; empty when unknown. */
  public static Optional<Format> fromName(String name) {
    for (Format f : values()) {
      if (f.name().equalsIgnoreCase(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * Checks {@code options} against this schema: no options for {@code raw}, the required ones
   * present (a bot-token Slack endpoint needs a channel), closed choices respected.
   *
   * @throws InvalidEndpointException naming the option key ({@code teams.card}); the message starts
   *     with {@code prefix}
   */
  void check(Map<String, Object> options, String prefix) {
    String key = wireName();
    if (this == RAW && !options.isEmpty()) {
      throw new InvalidEndpointException(
          "format",
          prefix
              + "has format options "
              + options.keySet()
              + " but format raw; set the format they belong to (e.g. format: slack)");
    }
    Set<String> missing = new TreeSet<>();
    for (String r : required) {
      if (!present(options.get(r))) {
        missing.add(r);
      }
    }
    if (this == SLACK && present(options.get("bot_token")) && !present(options.get("channel"))) {
      missing.add("channel");
    }
    if (!missing.isEmpty()) {
      throw new InvalidEndpointException(
          key + "." + missing.iterator().next(),
          prefix
              + "format "
              + key
              + " needs "
              + key
              + "."
              + String.join(", " + key + ".", missing));
    }
    for (Map.Entry<String, Object> option : options.entrySet()) {
      Set<String> closed = choices(option.getKey());
      if (!closed.isEmpty() && !isChoice(option.getKey(), option.getValue())) {
        String path = key + "." + option.getKey();
        throw new InvalidEndpointException(
            path,
            prefix
                + path
                + " is "
                + Values.describe(option.getValue())
                + "; use one of "
                + new TreeSet<>(closed));
      }
    }
  }

  /**
   * The URL of an endpoint of this format that gives none: GitHub's and PagerDuty's APIs, Datadog's
   * site, Slack's {@code chat.postMessage} with a bot token; empty when the URL is required.
   *
   * @throws InvalidEndpointException ({@code datadog.site}) when the site is not a host name
   */
  Optional<URI> defaultUrl(Map<String, Object> options, String prefix) {
    return switch (this) {
      case GITHUB -> Optional.of(Endpoint.DEFAULT_GITHUB_URL);
      case PAGERDUTY -> Optional.of(Endpoint.DEFAULT_PAGERDUTY_URL);
      case DATADOG -> {
        String site =
            options.get("site") instanceof String s && !s.isBlank()
                ? s.strip()
                : Endpoint.DEFAULT_DATADOG_SITE;
        try {
          URI u = new URI("https://api." + site);
          if (u.getHost() == null) {
            throw new URISyntaxException(site, "not a host name");
          }
          yield Optional.of(u);
        } catch (URISyntaxException e) {
          throw new InvalidEndpointException(
              "datadog.site", prefix + "datadog site '" + site + "' is not a host name");
        }
      }
      case SLACK ->
          present(options.get("bot_token"))
              ? Optional.of(Endpoint.SLACK_POST_MESSAGE_URL)
              : Optional.empty();
      default -> Optional.empty();
    };
  }

  /** What to add to "url is required for format x" to say how else to do without it. */
  String urlHint() {
    return this == SLACK ? " (the incoming-webhook URL, or give slack.bot_token)" : "";
  }

  /**
   * Whether endpoints of this format with these options may batch: {@code raw} (a JSON array of
   * events) and Datadog of kind {@code metric} (points in one series request), the one native API
   * that takes many events in one request.
   */
  public boolean batches(Map<String, Object> options) {
    return this == RAW
        || (this == DATADOG
            && options.get("kind") instanceof String kind
            && kind.strip().equalsIgnoreCase("metric"));
  }

  private static boolean present(Object v) {
    return v != null && !(v instanceof String s && s.isBlank());
  }
}
