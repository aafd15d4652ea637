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
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Jira Cloud: creates an issue with {@code POST {url}/rest/api/3/issue}, authenticated with {@code
 * Basic base64(email:api_token)}. The default issue follows the seeds' ticket format: the summary
 * is the {@link Ticket} title, the description an Atlassian Document Format document (a heading,
 * the text under its label, the context as a bullet list, the recommended action, the link, and a
 * footer naming the event); the issue type is {@code issue_type}, else {@code Bug} when the event
 * is tagged or typed as a bug, else {@code Task}; {@code priority} and {@code assignee} (an
 * Atlassian account id) are set when given; the labels are the {@code labels} option and the
 * event's tags.
 *
 * <p>A template's object is merged into {@code fields}, key by key, replacing the default value; an
 * object with a {@code fields} key is Jira's request shape, its other keys ({@code update}) going
 * beside {@code fields}. Shorthands: a string {@code description} becomes ADF paragraphs (split on
 * blank lines, line breaks kept); {@code issuetype} (or {@code issue_type}), {@code priority},
 * {@code components}, {@code fixVersions}, {@code versions} take names, {@code project} and {@code
 * parent} keys, {@code assignee} an account id; {@code labels} a list or a comma-separated string.
 * A text template is the description.
 *
 * <p>Jira's limits are kept by truncating: the summary is one line of at most 255 characters, the
 * description at most 32,767 characters of ADF JSON (its longest texts are shortened), labels have
 * no spaces (runs of white space become {@code -}) and at most 255 characters.
 */
final class JiraFormat implements Integration {
  static final JiraFormat INSTANCE = new JiraFormat();

  @Override
  public Reading interpret(
      int status, Map<String, List<String>> headers, byte[] body, Instant now) {
    return Answer.of(status)
        .created(() -> resultOf(status, body))
        .failureReason(() -> failureReason(status, body))
        .rateLimitWait(() -> rateLimitWait(status, headers, body, now))
        .read();
  }

  static final String API_PATH = "/rest/api/3/issue";
  static final int MAX_SUMMARY = 255;
  static final int MAX_DESCRIPTION = 32_767;
  static final int MAX_LABEL = 255;

  private static final Set<String> NAMED = Set.of("issuetype", "priority");
  private static final Set<String> NAMED_LISTS = Set.of("components", "fixVersions", "versions");
  private static final Set<String> KEYED = Set.of("project", "parent");

  /** Options that say where the issue goes, which may be templates over the event. */
  static final List<String> ROUTED = List.of("project", "assignee");

  static final String USER_SEARCH_PATH = "/rest/api/3/user/search";

  private static final Pattern ACCOUNT_ID =
      Pattern.compile(
          "[0-9a-fA-F]{24}|[0-9]{1,10}:[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

  private static final Pattern PROJECT_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  private JiraFormat() {}

  @Override
  public void validate(Endpoint e) {
    Map<String, Object> o = e.formatOptions();
    for (String key :
        List.of("project", "issue_type", "email", "api_token", "priority", "assignee")) {
      Object v = o.get(key);
      if (v != null && (v instanceof Map || v instanceof List)) {
        throw new InvalidEndpointException(
            "jira." + key, "endpoint '" + e.id() + "': jira." + key + " must be a string");
      }
    }
    for (String key : ROUTED) {
      Options.checkTemplate(e, "jira", key, o.get(key));
    }
    Options.stringList(e, "jira", "labels");
  }

  @Override
  public NativeRequest render(Endpoint e, List<Event> events, Optional<JsonNode> templated) {
    return render(e, events, templated, Optional.empty());
  }

  /** As {@link #render(Endpoint, List, Optional)}, with the account ids looked up for names. */
  NativeRequest render(
      Endpoint e, List<Event> events, Optional<JsonNode> templated, Optional<Lookups> lookups) {
    Event event = events.get(0);
    Map<String, Object> o = e.formatOptions();
    ObjectNode body = Formats.JSON.createObjectNode();
    ObjectNode fields = body.putObject("fields");
    fields.putObject("project").put("key", project(e, event));
    Ticket ticket = Ticket.of(event);
    fields.put("summary", ticket.title());
    fields.set("description", description(ticket));
    fields.putObject("issuetype").put("name", issueType(o, event));
    if (o.get("priority") != null) {
      fields.putObject("priority").put("name", o.get("priority").toString());
    }
    List<String> labels = new ArrayList<>(Options.stringList(e, "jira", "labels"));
    labels.addAll(event.tags());
    if (!labels.isEmpty()) { // an empty list would fail on a screen without labels
      fields.set("labels", labels(labels));
    }
    Optional<String> assignee = Options.routed(e, "jira", "assignee", o.get("assignee"), event);
    if (assignee.isPresent()) {
      String a = assignee.get();
      String accountId =
          isAccountId(a)
              ? a
              : lookups
                  .flatMap(l -> l.cached(e, a))
                  .orElseThrow(
                      () ->
                          new FormatException(
                              "endpoint '"
                                  + e.id()
                                  + "': jira.assignee '"
                                  + a
                                  + "' is a name or e-mail, which needs Jira's user search"
                                  + " before rendering; give the account id"));
      fields.putObject("assignee").put("accountId", accountId);
    }
    templated.ifPresent(t -> merge(body, fields, t));
    if (fields.path("summary").isValueNode()) {
      fields.put(
          "summary", Texts.truncate(Ticket.oneLine(fields.get("summary").asText()), MAX_SUMMARY));
    }
    if (fields.get("description") instanceof ObjectNode doc) {
      Shrink.fit(
          doc,
          MAX_DESCRIPTION,
          Shrink.CHARS,
          (parent, field) -> "text".equals(field) && "text".equals(parent.path("type").asText()));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", basic(o));
    headers.put("Accept", "application/json");
    headers.put("Content-Type", "application/json");
    return new NativeRequest(
        "POST",
        issueUrl(e.url().orElseThrow()),
        headers,
        body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An Atlassian account id: the 24 hex digits of older accounts ({@code 5b10ac8d82e05b22cc7d4ef5})
   * or a number, a colon and a UUID ({@code 712020:7c5a3e2b-...}).
   */
  static boolean isAccountId(String s) {
    return ACCOUNT_ID.matcher(s).matches();
  }

  /** The assignee this event's issue needs looked up: a name or e-mail, not an account id. */
  static Optional<String> assigneeToLookUp(Endpoint e, Event event) {
    return Options.routed(e, "jira", "assignee", e.formatOptions().get("assignee"), event)
        .filter(a -> !isAccountId(a));
  }

  /** {@code GET {site}/rest/api/3/user/search?query=...}, with the endpoint's credentials. */
  static NativeRequest userSearch(Endpoint e, String query) {
    String issue = issueUrl(e.url().orElseThrow()).toString();
    String site = issue.substring(0, issue.length() - API_PATH.length());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", basic(e.formatOptions()));
    headers.put("Accept", "application/json");
    return new NativeRequest(
        "GET",
        URI.create(
            site
                + USER_SEARCH_PATH
                + "?query="
                + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8)),
        headers,
        new byte[0]);
  }

  /**
   * The one active user a search answer names: the only one, else the only one whose e-mail or
   * display name is the query exactly (ignoring case).
   *
   * @throws LookupException (final) when the answer names none or several
   */
  static String pickUser(Endpoint e, String query, byte[] body) {
    JsonNode answer = Options.json(body);
    List<JsonNode> users = new ArrayList<>();
    if (answer != null && answer.isArray()) {
      for (JsonNode u : answer) {
        if (u.path("accountId").isTextual() && u.path("active").asBoolean(true)) {
          users.add(u);
        }
      }
    }
    if (users.size() > 1) {
      List<JsonNode> exact =
          users.stream()
              .filter(
                  u ->
                      u.path("emailAddress").asText("").equalsIgnoreCase(query)
                          || u.path("displayName").asText("").equalsIgnoreCase(query))
              .toList();
      if (exact.size() == 1) {
        users = exact;
      }
    }
    if (users.size() == 1) {
      return users.get(0).get("accountId").asText();
    }
    String prefix = "endpoint '" + e.id() + "': jira.assignee '" + query + "' ";
    if (users.isEmpty()) {
      throw new LookupException(
          prefix + "matches no active Jira user; give the user's account id or e-mail address",
          false,
          null);
    }
    List<String> names =
        users.stream().limit(5).map(u -> u.path("displayName").asText("?")).toList();
    throw new LookupException(
        prefix
            + "matches "
            + users.size()
            + " Jira users ("
            + String.join(", ", names)
            + (users.size() > 5 ? ", ..." : "")
            + "); give the account id or the e-mail address of one",
        false,
        null);
  }

  private static String basic(Map<String, Object> o) {
    String credentials = o.get("email") + ":" + o.get("api_token");
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code {url}/rest/api/3/issue}; a URL that already ends so is taken as it is. */
  static URI issueUrl(URI site) {
    String s = site.toString();
    if (site.getPath() != null && site.getPath().endsWith(API_PATH)) {
      return site;
    }
    return URI.create(s.replaceAll("/+$", "") + API_PATH);
  }

  /** The created issue's key ({@code PROJ-123}), from {@code 201 {"id", "key", "self"}}. */
  public Optional<String> resultOf(int status, byte[] body) {
    JsonNode answer = Options.json(body);
    return answer != null && answer.path("key").isTextual()
        ? Optional.of(answer.get("key").asText())
        : Optional.empty();
  }

  /** {@code {"errorMessages": [...], "errors": {"field": "message"}}}, field by field. */
  public Optional<String> failureReason(int status, byte[] body) {
    JsonNode answer = Options.json(body);
    if (answer == null || !answer.isObject()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode m : answer.path("errorMessages")) {
      parts.add(m.asText());
    }
    for (Map.Entry<String, JsonNode> f : answer.path("errors").properties()) {
      parts.add(f.getKey() + ": " + f.getValue().asText());
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
  }

  /**
   * Jira Cloud's 429 carries {@code Retry-After} (the engine honours it) and {@code
   * X-RateLimit-Reset}, an ISO-8601 time, used when {@code Retry-After} is absent.
   */
  public Optional<Duration> rateLimitWait(
      int status, Map<String, List<String>> headers, byte[] body, Instant now) {
    if (status != 429 || Options.header(headers, "Retry-After").isPresent()) {
      return Optional.empty();
    }
    try {
      return Options.header(headers, "X-RateLimit-Reset")
          .map(reset -> Duration.between(now, Instant.parse(reset.strip())));
    } catch (DateTimeParseException notATime) {
      return Optional.empty();
    }
  }

  /** The {@code project} option for this event (it may be a template, {@code "{data.team}"}). */
  private static String project(Endpoint e, Event event) {
    Object given = e.formatOptions().get("project");
    String key = Options.routed(e, "jira", "project", given, event).orElseThrow();
    if (Options.isTemplate(given) && !PROJECT_KEY.matcher(key).matches()) {
      throw Options.renderedInvalid(
          e,
          "jira",
          "project",
          given,
          key,
          event,
          "a project key is letters, digits and _, starting with a letter (ENG)");
    }
    return key;
  }

  private static String issueType(Map<String, Object> o, Event event) {
    if (o.get("issue_type") != null) {
      return o.get("issue_type").toString();
    }
    boolean bug = event.tags().stream().anyMatch(t -> t.equalsIgnoreCase("bug"));
    for (String part : event.type().split("[._\\-]")) {
      bug |= part.equalsIgnoreCase("bug");
    }
    return bug ? "Bug" : "Task";
  }

  // ---- the default description -----------------------------------------------------------------

  static ObjectNode description(Ticket t) {
    Adf doc = new Adf();
    doc.heading(2, t.heading());
    if (!t.text().isEmpty()) {
      ArrayNode p = doc.paragraph();
      Adf.text(p, t.textLabel() + ":", "strong");
      Adf.hardBreak(p);
      Adf.lines(p, t.text());
    }
    if (!t.details().isEmpty()) {
      Adf.text(doc.paragraph(), "Context:", "strong");
      ArrayNode items = doc.bulletList();
      for (Map.Entry<String, String> d : t.details()) {
        ArrayNode p = Adf.listItem(items);
        Adf.text(p, d.getKey() + ": ", "strong");
        Adf.lines(p, d.getValue());
      }
    }
    t.recommendation()
        .ifPresent(
            r -> {
              ArrayNode p = doc.paragraph();
              Adf.text(p, "Recommended action:", "strong");
              Adf.hardBreak(p);
              Adf.lines(p, r);
            });
    t.link()
        .ifPresent(
            link -> {
              ArrayNode p = doc.paragraph();
              Adf.text(p, "Link: ", "strong");
              Adf.link(p, link);
            });
    doc.rule();
    Adf.text(
        doc.paragraph(),
        "This ticket was automatically created by Hookline from " + t.origin() + ".",
        "em");
    return doc.root;
  }

  // ---- templates -------------------------------------------------------------------------------

  private static void merge(ObjectNode body, ObjectNode fields, JsonNode templated) {
    if (!templated.isObject()) {
      fields.set(
          "description",
          Adf.paragraphs(templated.isTextual() ? templated.asText() : templated.toString()));
      return;
    }
    JsonNode given = templated;
    if (templated.path("fields").isObject()) {
      for (Map.Entry<String, JsonNode> top : templated.properties()) {
        if (!top.getKey().equals("fields")) {
          body.set(top.getKey(), top.getValue().deepCopy());
        }
      }
      given = templated.get("fields");
    }
    for (Map.Entry<String, JsonNode> f : given.properties()) {
      String key = f.getKey().equals("issue_type") ? "issuetype" : f.getKey();
      fields.set(key, field(key, f.getValue()));
    }
  }

  /** A template's field value, its shorthands expanded. */
  private static JsonNode field(String key, JsonNode v) {
    boolean text = v.isValueNode() && !v.isNull();
    if (key.equals("summary") && text) {
      return Formats.JSON.getNodeFactory().textNode(v.asText());
    }
    if (key.equals("description") && text) {
      return Adf.paragraphs(v.asText());
    }
    if (key.equals("labels") && (text || v.isArray())) {
      List<String> labels = new ArrayList<>();
      if (v.isArray()) {
        v.forEach(l -> labels.add(l.asText()));
      } else {
        labels.addAll(List.of(v.asText().split(",")));
      }
      return labels(labels);
    }
    if (NAMED.contains(key) && text) {
      return Formats.JSON.createObjectNode().put("name", v.asText());
    }
    if (KEYED.contains(key) && text) {
      return Formats.JSON.createObjectNode().put("key", v.asText());
    }
    if (key.equals("assignee") && text) {
      return Formats.JSON.createObjectNode().put("accountId", v.asText());
    }
    if (NAMED_LISTS.contains(key) && v.isArray()) {
      ArrayNode named = Formats.JSON.createArrayNode();
      v.forEach(
          n ->
              named.add(
                  n.isObject() ? n : Formats.JSON.createObjectNode().put("name", n.asText())));
      return named;
    }
    return v.deepCopy();
  }

  /** Jira labels: no white space (runs become {@code -}), at most 255 characters, no repeats. */
  static ArrayNode labels(List<String> given) {
    Set<String> labels = new LinkedHashSet<>();
    for (String l : given) {
      String clean = l.strip().replaceAll("\\s+", "-");
      if (!clean.isEmpty()) {
        labels.add(Texts.truncate(clean, MAX_LABEL));
      }
    }
    ArrayNode out = Formats.JSON.createArrayNode();
    labels.forEach(out::add);
    return out;
  }
}
