package dev.hookline.routing;

import java.util.Locale;
import java.util.Optional;

/**
 * The shape of the request an endpoint receives (DESIGN §3). {@link #RAW} sends the event in the
 * Standard Webhooks payload shape; the others build the request an integration expects, with
 * options under a key named after the format ({@link #wireName()}), e.g. {@code slack: {channel:
 * "#alerts"}}.
 */
public enum Format {
  /** The event as JSON (the default). */
  RAW,
  /** Slack: incoming webhook, or {@code chat.postMessage} with {@code bot_token}. */
  SLACK,
  /** Microsoft Teams: Workflows / incoming webhook with an adaptive card or a message card. */
  TEAMS,
  /** Discord webhook. */
  DISCORD,
  /** Jira Cloud: creates an issue through {@code {url}/rest/api/3/issue}. */
  JIRA,
  /** GitHub REST API: issue, comment, labels or repository dispatch. */
  GITHUB,
  /** Datadog: an event or a metric. */
  DATADOG,
  /** PagerDuty Events API v2. */
  PAGERDUTY,
  /** An email through SMTP; the endpoint has no URL. */
  EMAIL;

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
}
