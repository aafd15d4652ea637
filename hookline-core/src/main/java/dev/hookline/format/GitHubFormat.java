package dev.hookline.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.InvalidEndpointException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * GitHub's REST API ({@code url}, default {@code https://api.github.com}; a GitHub Enterprise
 * Server's {@code https://HOST/api/v3}), with {@code Authorization: Bearer <token>}, {@code Accept:
 * application/vnd.github+json} and {@code X-GitHub-Api-Version: 2022-11-28}. The {@code action}:
 *
 * <ul>
 *   <li>{@code issue} (default): {@code POST /repos/{owner}/{repo}/issues} with {@code title} (the
 *       {@link Ticket} title), a Markdown {@code body} after the seeds' issue format, and the
 *       {@code labels} and {@code assignees} options
 *   <li>{@code comment}: {@code POST /repos/{owner}/{repo}/issues/{number}/comments} with the same
 *       Markdown as {@code body}
 *   <li>{@code labels}: {@code POST /repos/{owner}/{repo}/issues/{number}/labels} with the {@code
 *       labels} option, else the event's tags
 *   <li>{@code dispatch}: {@code POST /repos/{owner}/{repo}/dispatches} with {@code event_type}
 *       (the option, else the event's type) and the event's data as {@code client_payload}
 * </ul>
 *
 * <p>The issue or pull request {@code number} (comment, labels) is the template's {@code
 * issue_number}, else the {@code issue} option, else the first whole number at {@code
 * data.issue_number}, {@code data.pr_number}, {@code data.number}, {@code data.issue.number},
 * {@code data.pull_request.number}, {@code data.pr}, {@code data.issue}; without one the delivery
 * ends dead.
 *
 * <p>A template's object is merged into the request body, key by key (its {@code issue_number} only
 * picks the number); for {@code dispatch}, an object with neither {@code event_type} nor {@code
 * client_payload} is the {@code client_payload}. A text template is the {@code body} (the {@code
 * client_payload}'s {@code text} for dispatch; a comma-separated list for labels).
 *
 * <p>GitHub's limits are kept by truncating: a title of one line and at most 256 characters, a body
 * of at most 65,536, at most 100 labels of at most 50 characters, 10 assignees, an {@code
 * event_type} of at most 100 characters; a {@code client_payload} with more than 10 top-level keys
 * keeps the first 9 and folds the rest under {@code more}, and is kept under 64 KB by shortening
 * its longest strings.
 *
 * <p>Rate limits: a 403 or 429 with {@code retry-after}, or with {@code x-ratelimit-remaining: 0}
 * (then waiting for {@code x-ratelimit-reset}), or whose message names a rate limit (a minute), is
 * retried, not final.
 */
final class GitHubFormat implements Integration {
  static final GitHubFormat INSTANCE = new GitHubFormat();

  @Override
  public Reading interpret(
      int status, Map<String, List<String>> headers, byte[] body, Instant now) {
    return Answer.of(status)
        .created(() -> resultOf(status, body))
        .failureReason(() -> failureReason(status, body))
        .rateLimitWait(() -> rateLimitWait(status, headers, body, now))
        .pause(() -> pauseAfter(status, headers, now))
        .read();
  }

  static final String API_VERSION = "2022-11-28";
  static final int MAX_TITLE = 256;
  static final int MAX_BODY = 65_536;
  static final int MAX_LABEL = 50;
  static final int MAX_LABELS = 100;
  static final int MAX_ASSIGNEES = 10;
  static final int MAX_EVENT_TYPE = 100;
  static final int MAX_PAYLOAD_KEYS = 10;
  static final int MAX_PAYLOAD_BYTES = 65_535;
  static final String FOLD_KEY = "more";

  /** GitHub's advice for a secondary rate limit that gives no time: wait at least a minute. */
  static final Duration SECONDARY_LIMIT_WAIT = Duration.ofMinutes(1);

  private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.\\-]+/[A-Za-z0-9_.\\-]+");
  private static final List<String> NUMBER_PATHS =
      List.of(
          "data.issue_number",
          "data.pr_number",
          "data.number",
          "data.issue.number",
          "data.pull_request.number",
          "data.pr",
          "data.issue");

  private GitHubFormat() {}

  @Override
  public void validate(Endpoint e) {
    Map<String, Object> o = e.formatOptions();
    Options.checkTemplate(e, "github", "repo", o.get("repo"));
    String repo = String.valueOf(o.get("repo")).strip();
    if (!Options.isTemplate(o.get("repo")) && !isRepo(repo)) {
      throw new InvalidEndpointException(
          "github.repo",
          "endpoint '"
              + e.id()
              + "': github.repo is '"
              + repo
              + "'; give owner/name, e.g. octocat/Hello-World");
    }
    Object issue = o.get("issue");
    if (issue != null && number(issue).isEmpty()) {
      throw new InvalidEndpointException(
          "github.issue",
          "endpoint '"
              + e.id()
              + "': github.issue is '"
              + issue
              + "'; give the issue or pull request number, e.g. 42");
    }
    Object eventType = o.get("event_type");
    if (eventType != null
        && (!(eventType instanceof String s) || s.isBlank() || s.length() > MAX_EVENT_TYPE)) {
      throw new InvalidEndpointException(
          "github.event_type",
          "endpoint '"
              + e.id()
              + "': github.event_type must be a name of 1 to 100 characters (GitHub's limit)");
    }
    Options.stringList(e, "github", "labels");
    Options.stringList(e, "github", "assignees");
  }

  @Override
  public NativeRequest render(Endpoint e, List<Event> events, Optional<JsonNode> templated) {
    Event event = events.get(0);
    Map<String, Object> o = e.formatOptions();
    String action =
        o.get("action") == null ? "issue" : o.get("action").toString().toLowerCase(Locale.ROOT);
    String repo = "/repos/" + repo(e, event);
    String path;
    ObjectNode body;
    switch (action) {
      case "comment" -> {
        path = repo + "/issues/" + issueNumber(e, event, templated) + "/comments";
        body = Formats.JSON.createObjectNode().put("body", markdown(Ticket.of(event), "comment"));
        templated.ifPresent(t -> merge(body, t, "body"));
        limitBody(body);
      }
      case "labels" -> {
        path = repo + "/issues/" + issueNumber(e, event, templated) + "/labels";
        body = Formats.JSON.createObjectNode();
        List<String> labels = new ArrayList<>(Options.stringList(e, "github", "labels"));
        if (labels.isEmpty()) {
          labels.addAll(event.tags());
        }
        body.set("labels", strings(labels));
        templated.ifPresent(t -> merge(body, t, "labels"));
        limitLabels(body);
        if (body.path("labels").isEmpty()) {
          throw new FormatException(
              "endpoint '"
                  + e.id()
                  + "': github.action labels has no labels to add: give github.labels, tag the"
                  + " event, or give labels in the template");
        }
      }
      case "dispatch" -> {
        path = repo + "/dispatches";
        body = dispatch(o, event, templated);
      }
      default -> {
        path = repo + "/issues";
        body = issue(e, event);
        templated.ifPresent(t -> merge(body, t, "body"));
        if (body.path("title").isValueNode()) {
          body.put("title", Texts.truncate(Ticket.oneLine(body.get("title").asText()), MAX_TITLE));
        }
        limitBody(body);
        limitLabels(body);
        if (body.get("assignees") instanceof ArrayNode a) {
          while (a.size() > MAX_ASSIGNEES) {
            a.remove(a.size() - 1);
          }
        }
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + o.get("token"));
    headers.put("Accept", "application/vnd.github+json");
    headers.put("X-GitHub-Api-Version", API_VERSION);
    headers.put("Content-Type", "application/json; charset=utf-8");
    String base = e.url().orElseThrow().toString().replaceAll("/+$", "");
    return new NativeRequest(
        "POST", URI.create(base + path), headers, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** {@code owner/name}, where neither is {@code .} or {@code ..} (they would change the path). */
  static boolean isRepo(String repo) {
    return REPO.matcher(repo).matches()
        && Arrays.stream(repo.split("/")).noneMatch(part -> part.matches("\\.{1,2}"));
  }

  /** The {@code repo} option for this event (it may be a template, {@code "{data.repo}"}). */
  private static String repo(Endpoint e, Event event) {
    Object given = e.formatOptions().get("repo");
    String repo = Options.routed(e, "github", "repo", given, event).orElseThrow();
    if (!isRepo(repo)) {
      throw Options.renderedInvalid(
          e, "github", "repo", given, repo, event, "give owner/name, e.g. octocat/Hello-World");
    }
    return repo;
  }

  /** The created issue's or comment's {@code html_url}. */
  public Optional<String> resultOf(int status, byte[] body) {
    JsonNode answer = Options.json(body);
    return answer != null && answer.path("html_url").isTextual()
        ? Optional.of(answer.get("html_url").asText())
        : Optional.empty();
  }

  /** {@code {"message": "Validation Failed", "errors": [{"resource", "field", "code"}]}}. */
  public Optional<String> failureReason(int status, byte[] body) {
    JsonNode answer = Options.json(body);
    if (answer == null || !answer.isObject()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    if (answer.path("message").isTextual()) {
      parts.add(answer.get("message").asText());
    }
    for (JsonNode err : answer.path("errors")) {
      if (err.isTextual()) {
        parts.add(err.asText());
      } else if (err.path("message").isTextual()) {
        parts.add(err.get("message").asText());
      } else {
        String where =
            err.path("resource").asText("")
                + (err.has("field") ? "." + err.path("field").asText() : "");
        parts.add((where.isEmpty() ? "" : where + ": ") + err.path("code").asText("invalid"));
      }
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
  }

  /**
   * GitHub's rate limits (primary and secondary) answer 403 or 429: wait for {@code retry-after}
   * seconds, else until {@code x-ratelimit-reset} (epoch seconds) when {@code
   * x-ratelimit-remaining} is 0, else a minute when the message names a rate limit. Any other 403
   * (no permission) stays final.
   */
  public Optional<Duration> rateLimitWait(
      int status, Map<String, List<String>> headers, byte[] body, Instant now) {
    if (status != 403 && status != 429) {
      return Optional.empty();
    }
    Optional<Long> retryAfter = Options.header(headers, "retry-after").flatMap(GitHubFormat::whole);
    if (retryAfter.isPresent()) {
      return Optional.of(Duration.ofSeconds(Math.max(0, retryAfter.get())));
    }
    boolean exhausted = Options.rateLimitSpent(headers);
    Optional<Duration> untilReset = untilReset(headers, now);
    if (exhausted && untilReset.isPresent()) {
      return untilReset;
    }
    JsonNode answer = Options.json(body);
    String message = answer == null ? "" : answer.path("message").asText("");
    if (exhausted || message.toLowerCase(Locale.ROOT).contains("rate limit")) {
      return Optional.of(SECONDARY_LIMIT_WAIT);
    }
    return Optional.empty();
  }

  /**
   * An answer with {@code x-ratelimit-remaining: 0} spent the last request of the hour: the next
   * ones wait until {@code x-ratelimit-reset} (epoch seconds, plus one for GitHub's clock).
   */
  public Optional<Duration> pauseAfter(int status, Map<String, List<String>> headers, Instant now) {
    return Options.rateLimitSpent(headers)
        ? untilReset(headers, now).filter(wait -> !wait.isZero())
        : Optional.empty();
  }

  /**
   * The wait until {@code x-ratelimit-reset} (epoch seconds of GitHub's clock: a second more keeps
   * clear of it), never negative; empty without the header.
   */
  private static Optional<Duration> untilReset(Map<String, List<String>> headers, Instant now) {
    return Options.header(headers, "x-ratelimit-reset")
        .flatMap(GitHubFormat::whole)
        .map(reset -> Duration.between(now, Instant.ofEpochSecond(reset + 1)))
        .map(wait -> wait.isNegative() ? Duration.ZERO : wait);
  }

  // ---- bodies ----------------------------------------------------------------------------------

  private static ObjectNode issue(Endpoint e, Event event) {
    Ticket t = Ticket.of(event);
    ObjectNode body = Formats.JSON.createObjectNode();
    body.put("title", t.title());
    body.put("body", markdown(t, "issue"));
    List<String> labels = Options.stringList(e, "github", "labels");
    if (!labels.isEmpty()) {
      body.set("labels", strings(labels));
    }
    List<String> assignees = Options.stringList(e, "github", "assignees");
    if (!assignees.isEmpty()) {
      body.set("assignees", strings(assignees));
    }
    return body;
  }

  private static ObjectNode dispatch(Map<String, Object> o, Event event, Optional<JsonNode> t) {
    ObjectNode body = Formats.JSON.createObjectNode();
    body.put(
        "event_type", o.get("event_type") == null ? event.type() : o.get("event_type").toString());
    JsonNode payload = Formats.JSON.valueToTree(event.data());
    if (t.isPresent()) {
      JsonNode given = t.get();
      if (!given.isObject()) {
        payload =
            Formats.JSON
                .createObjectNode()
                .put("text", given.isTextual() ? given.asText() : given.toString());
      } else if (given.has("event_type") || given.has("client_payload")) {
        if (given.hasNonNull("event_type")) {
          body.put("event_type", given.get("event_type").asText());
        }
        if (given.has("client_payload")) {
          payload = given.get("client_payload");
        }
      } else {
        payload = given;
      }
    }
    String eventType = Ticket.oneLine(body.get("event_type").asText());
    body.put(
        "event_type",
        Texts.truncate(eventType.isEmpty() ? event.type() : eventType, MAX_EVENT_TYPE));
    ObjectNode clientPayload = fold(payload);
    Shrink.fit(clientPayload, MAX_PAYLOAD_BYTES, Shrink.UTF8_BYTES, (p, f) -> true);
    body.set("client_payload", clientPayload);
    return body;
  }

  /**
   * At most 10 top-level keys: the first 9 (other than {@code more}) stay, the rest go under {@code
   * more}. A payload that is not an object is kept under {@code value}.
   */
  static ObjectNode fold(JsonNode payload) {
    if (!payload.isObject()) {
      ObjectNode wrapped = Formats.JSON.createObjectNode();
      wrapped.set("value", payload.deepCopy());
      return wrapped;
    }
    if (payload.size() <= MAX_PAYLOAD_KEYS) {
      return (ObjectNode) payload.deepCopy();
    }
    ObjectNode kept = Formats.JSON.createObjectNode();
    ObjectNode more = Formats.JSON.createObjectNode();
    for (Map.Entry<String, JsonNode> f : payload.properties()) {
      if (kept.size() < MAX_PAYLOAD_KEYS - 1 && !f.getKey().equals(FOLD_KEY)) {
        kept.set(f.getKey(), f.getValue().deepCopy());
      } else {
        more.set(f.getKey(), f.getValue().deepCopy());
      }
    }
    kept.set(FOLD_KEY, more);
    return kept;
  }

  /** The seeds' issue (and comment) Markdown: heading, text, context, action, link, footer. */
  static String markdown(Ticket t, String what) {
    String md = render(t, what);
    int over = md.length() - MAX_BODY;
    if (over > 0 && t.text().length() > 1) {
      md =
          render(t.withText(Texts.truncate(t.text(), Math.max(1, t.text().length() - over))), what);
    }
    return Texts.truncate(md, MAX_BODY);
  }

  private static String render(Ticket t, String what) {
    StringBuilder md = new StringBuilder();
    md.append("## ").append(Ticket.oneLine(t.heading())).append("\n\n");
    if (!t.text().isEmpty()) {
      md.append("**").append(t.textLabel()).append(":**\n").append(t.text()).append("\n\n");
    }
    if (!t.details().isEmpty()) {
      md.append("**Context:**\n");
      for (Map.Entry<String, String> d : t.details()) {
        md.append("- **").append(d.getKey()).append(":** ").append(Ticket.oneLine(d.getValue()));
        md.append('\n');
      }
      md.append('\n');
    }
    t.recommendation()
        .ifPresent(r -> md.append("**Recommended action:**\n").append(r).append("\n\n"));
    t.link().ifPresent(l -> md.append("**Link:** ").append(l).append("\n\n"));
    md.append("---\n*This ")
        .append(what)
        .append(" was automatically created by Hookline from ")
        .append(t.origin())
        .append(".*\n");
    return md.toString();
  }

  // ---- templates and limits --------------------------------------------------------------------

  /** A template's object merged key by key; other templates fill {@code textKey}. */
  private static void merge(ObjectNode body, JsonNode templated, String textKey) {
    if (templated.isObject()) {
      for (Map.Entry<String, JsonNode> f : templated.properties()) {
        if (!f.getKey().equals("issue_number")) {
          body.set(f.getKey(), f.getValue().deepCopy());
        }
      }
    } else if (textKey.equals("labels")) {
      body.set(
          "labels",
          templated.isArray()
              ? templated.deepCopy()
              : strings(List.of(templated.asText().split(","))));
    } else {
      body.put(textKey, templated.isTextual() ? templated.asText() : templated.toString());
    }
    if (body.path("labels").isTextual()) {
      body.set("labels", strings(List.of(body.get("labels").asText().split(","))));
    }
    if (body.path("assignees").isTextual()) {
      body.set("assignees", strings(List.of(body.get("assignees").asText().split(","))));
    }
  }

  private static void limitBody(ObjectNode body) {
    if (body.path("body").isTextual()) {
      body.put("body", Texts.truncate(body.get("body").asText(), MAX_BODY));
    }
  }

  private static void limitLabels(ObjectNode body) {
    if (!(body.get("labels") instanceof ArrayNode given)) {
      return;
    }
    Set<String> labels = new LinkedHashSet<>();
    ArrayNode objects = Formats.JSON.createArrayNode();
    for (JsonNode l : given) {
      if (l.isObject()) {
        objects.add(l);
      } else if (!l.asText().isBlank()) {
        labels.add(Texts.truncate(l.asText().strip(), MAX_LABEL));
      }
    }
    ArrayNode out = Formats.JSON.createArrayNode();
    labels.stream().limit(MAX_LABELS).forEach(out::add);
    for (JsonNode l : objects) {
      if (out.size() < MAX_LABELS) {
        out.add(l);
      }
    }
    body.set("labels", out);
  }

  /**
   * The issue or pull request number: the template's {@code issue_number}, the {@code issue}
   * option, else the first whole number on the event's paths.
   */
  private static long issueNumber(Endpoint e, Event event, Optional<JsonNode> templated) {
    if (templated.isPresent() && templated.get().has("issue_number")) {
      JsonNode n = templated.get().get("issue_number");
      return number(n.isNumber() ? n.numberValue() : n.asText())
          .orElseThrow(
              () ->
                  new FormatException(
                      "endpoint '"
                          + e.id()
                          + "': the template's issue_number is '"
                          + n.asText()
                          + "', not an issue or pull request number"));
    }
    Object option = e.formatOptions().get("issue");
    if (option != null) {
      return number(option).orElseThrow();
    }
    for (String p : NUMBER_PATHS) {
      Optional<Long> n = event.valueAt(p).flatMap(GitHubFormat::number);
      if (n.isPresent()) {
        return n.get();
      }
    }
    throw new FormatException(
        "endpoint '"
            + e.id()
            + "': github.action "
            + e.formatOptions().get("action")
            + " needs the issue or pull request number, and event "
            + event.id()
            + " has none: put it in data.number (or data.issue_number, data.pr_number,"
            + " data.issue.number, data.pull_request.number), set github.issue, or give"
            + " issue_number in the template");
  }

  /** A positive whole number: 42, 42.0, "42" or "#42". */
  static Optional<Long> number(Object v) {
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return d >= 1 && d == Math.rint(d) && d < Long.MAX_VALUE
          ? Optional.of(n.longValue())
          : Optional.empty();
    }
    if (v instanceof String s) {
      String digits = s.strip().startsWith("#") ? s.strip().substring(1) : s.strip();
      return whole(digits).filter(n -> n >= 1);
    }
    return Optional.empty();
  }

  private static Optional<Long> whole(String s) {
    try {
      return Optional.of(Long.parseLong(s.strip()));
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode out = Formats.JSON.createArrayNode();
    for (String v : values) {
      if (!v.isBlank()) {
        out.add(v.strip());
      }
    }
    return out;
  }
}
