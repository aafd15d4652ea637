package dev.hookline.routing;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

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
  SLACK("channel", "username", "icon_emoji", "icon_url", "bot_token"),
  /** Microsoft Teams: Workflows / incoming webhook with an adaptive card or a message card. */
  TEAMS("card"),
  /** Discord webhook. */
  DISCORD("username", "avatar_url"),
  /** Jira Cloud: creates an issue through {@code {url}/rest/api/3/issue}. */
  JIRA("project", "issue_type", "email", "api_token", "priority", "labels", "assignee"),
  /** GitHub REST API: issue, comment, labels or repository dispatch. */
  GITHUB("token", "repo", "action", "event_type", "labels", "assignees", "issue"),
  /** Datadog: an event or a metric. */
  DATADOG("api_key", "app_key", "site", "kind"),
  /** PagerDuty Events API v2. */
  PAGERDUTY("routing_key", "event_action"),
  /** An email through SMTP; the endpoint has no URL. */
  EMAIL(
      "smtp_host",
      "smtp_port",
      "starttls",
      "ssl",
      "username",
      "password",
      "from",
      "to",
      "cc",
      "subject");

  private final Set<String> optionKeys;

  Format(String... optionKeys) {
    this.optionKeys = Set.of(optionKeys);
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
