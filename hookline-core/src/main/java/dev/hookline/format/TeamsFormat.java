package dev.hookline.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import dev.hookline.routing.Endpoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Teams, through a Workflows ("Post to a channel when a webhook request is received") or
 * legacy incoming-webhook URL.
 *
 * <p>By default ({@code teams.card: adaptive}) the body is a message carrying one Adaptive Card
 * (version 1.5): the title in a heading coloured by severity (attention for error and critical,
 * warning, accent for info), the text, a FactSet of the event's fields, a subtle context line
 * (type, time, id) and an {@code Action.OpenUrl} "Open" button when the event has an http(s) link.
 * With {@code teams.card: messagecard} it is a legacy connector MessageCard: {@code themeColor} by
 * severity, {@code summary}, {@code title}, {@code text}, a section of facts and an {@code OpenUri}
 * action.
 *
 * <p>A template overrides the default: an object that is a whole message ({@code type: message} or
 * {@code attachments}) or a MessageCard ({@code @type}) is sent as it is; an Adaptive Card ({@code
 * type: AdaptiveCard}) is wrapped in the message; any other object gives the card's {@code title}
 * and {@code text}, and its other keys become the facts (the event's fields stay when it has none);
 * a text template becomes the card's text.
 *
 * <p>Teams refuses messages over 28 KB, so the body is kept within {@value #MAX_BYTES} UTF-8 bytes
 * by shortening the longest strings (facts first), then dropping trailing facts, never by failing.
 * Legacy connectors answer 200 with "Webhook message delivery failed with error: ... returned HTTP
 * error 429 ..." instead of an error status: that attempt fails, and is retried when the status it
 * names (429, 5xx) would be.
 */
final class TeamsFormat implements Integration {
  static final TeamsFormat INSTANCE = new TeamsFormat();

  @Override
  public Reading interpret(
      int status, Map<String, List<String>> headers, byte[] body, Instant now) {
    return Answer.of(status)
        .hiddenError(() -> errorIn(status, body))
        .hiddenStatus(() -> hiddenStatus(status, body))
        .read();
  }

  /** Teams' limit is 28 KB; 28,000 bytes stays under it however a KB is counted. */
  static final int MAX_BYTES = 28_000;

  static final String CARD_VERSION = "1.5";
  static final String CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
  static final String ADAPTIVE_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
  static final String MESSAGE_CARD_CONTEXT = "https://schema.org/extensions";

  /** Strings shorter than this are not cut while anything longer can be. */
  private static final int FLOOR = 64;

  /** How much of the title and text is kept, when facts must go to make room, before they go. */
  static final int KEPT_TEXT = 2_000;

  /** Values that cutting would break rather than shorten. */
  private static final Set<String> KEPT =
      Set.of(
          "type",
          "@type",
          "$schema",
          "@context",
          "version",
          "contentType",
          "contentUrl",
          "url",
          "uri",
          "iconUrl",
          "id",
          "os",
          "themeColor",
          "color",
          "style");

  private static final Set<String> KEPT_ARRAYS = Set.of("attachments", "targets");

  private static final Pattern HIDDEN_STATUS = Pattern.compile("HTTP error (\\d{3})");

  private TeamsFormat() {}

  @Override
  public NativeRequest render(Endpoint e, List<Event> events, Optional<JsonNode> templated) {
    boolean messageCard =
        "messagecard"
            .equals(
                String.valueOf(e.formatOptions().getOrDefault("card", "adaptive"))
                    .toLowerCase(Locale.ROOT));
    Event event = events.get(0);
    ObjectNode body =
        templated
            .map(t -> fromTemplate(t, event, messageCard))
            .orElseGet(() -> card(Parts.of(event), messageCard));
    fit(body, MAX_BYTES);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json; charset=utf-8");
    return new NativeRequest("POST", e.url().orElseThrow(), headers, bytes(body));
  }

  /**
   * Legacy connectors answer 200 "Webhook message delivery failed with error: Microsoft Teams
   * endpoint returned HTTP error 413 with ContextId ..." (their success body is "1"; Workflows
   * answers 202 with no body).
   */
  public Optional<String> errorIn(int status, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.contains("delivery failed") || HIDDEN_STATUS.matcher(text).find()) {
      return Optional.of("Teams answered " + status + ": " + Texts.truncate(text, 500));
    }
    return Optional.empty();
  }

  public OptionalInt hiddenStatus(int status, byte[] body) {
    Matcher m = HIDDEN_STATUS.matcher(new String(body, StandardCharsets.UTF_8));
    return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }

  /** What a card shows: headline, text, severity, facts, link and the event for context. */
  record Parts(
      String headline,
      String text,
      Severity severity,
      List<Map.Entry<String, String>> facts,
      Optional<String> link,
      Event event) {
    static Parts of(Event event) {
      Summary s = Summary.of(event);
      return new Parts(s.headline(), s.text(), s.severity(), s.fields(), s.link(), event);
    }
  }

  static ObjectNode card(Parts p, boolean messageCard) {
    return messageCard ? messageCard(p) : message(adaptiveCard(p));
  }

  /** The message envelope Workflows and incoming webhooks read an Adaptive Card from. */
  static ObjectNode message(ObjectNode card) {
    ObjectNode message = Formats.JSON.createObjectNode().put("type", "message");
    message
        .putArray("attachments")
        .addObject()
        .put("contentType", ADAPTIVE_CONTENT_TYPE)
        .putNull("contentUrl")
        .set("content", card);
    return message;
  }

  static ObjectNode adaptiveCard(Parts p) {
    ObjectNode card = Formats.JSON.createObjectNode();
    card.put("type", "AdaptiveCard").put("$schema", CARD_SCHEMA).put("version", CARD_VERSION);
    card.put("fallbackText", p.headline());
    ArrayNode body = card.putArray("body");
    body.addObject()
        .put("type", "TextBlock")
        .put("text", p.headline())
        .put("wrap", true)
        .put("style", "heading")
        .put("size", "medium")
        .put("weight", "bolder")
        .put("color", accent(p.severity()));
    if (!p.text().isEmpty()) {
      body.addObject().put("type", "TextBlock").put("text", p.text()).put("wrap", true);
    }
    if (!p.facts().isEmpty()) {
      ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
      for (Map.Entry<String, String> f : p.facts()) {
        facts.addObject().put("title", f.getKey()).put("value", f.getValue());
      }
    }
    body.addObject()
        .put("type", "TextBlock")
        .put("text", ChatStyle.context(p.event()))
        .put("wrap", true)
        .put("isSubtle", true)
        .put("size", "small");
    ChatStyle.httpLink(p.link())
        .ifPresent(
            link ->
                card.putArray("actions")
                    .addObject()
                    .put("type", "Action.OpenUrl")
                    .put("title", "Open")
                    .put("url", link));
    return card;
  }

  /** The Adaptive Card text colour for a severity. */
  static String accent(Severity severity) {
    return switch (severity) {
      case DEBUG -> "default";
      case INFO -> "accent";
      case WARNING -> "warning";
      case ERROR, CRITICAL -> "attention";
    };
  }

  static ObjectNode messageCard(Parts p) {
    ObjectNode card = Formats.JSON.createObjectNode();
    card.put("@type", "MessageCard")
        .put("@context", MESSAGE_CARD_CONTEXT)
        .put("themeColor", ChatStyle.hex(p.severity()))
        .put("summary", p.headline())
        .put("title", p.headline());
    if (!p.text().isEmpty()) {
      card.put("text", p.text());
    }
    ObjectNode section =
        card.putArray("sections").addObject().put("activitySubtitle", ChatStyle.context(p.event()));
    if (!p.facts().isEmpty()) {
      ArrayNode facts = section.putArray("facts");
      for (Map.Entry<String, String> f : p.facts()) {
        facts.addObject().put("name", f.getKey()).put("value", f.getValue());
      }
    }
    ChatStyle.httpLink(p.link())
        .ifPresent(
            link ->
                card.putArray("potentialAction")
                    .addObject()
                    .put("@type", "OpenUri")
                    .put("name", "Open")
                    .putArray("targets")
                    .addObject()
                    .put("os", "default")
                    .put("uri", link));
    return card;
  }

  static ObjectNode fromTemplate(JsonNode t, Event event, boolean messageCard) {
    if (t.isObject()) {
      ObjectNode o = (ObjectNode) t.deepCopy();
      String type = o.path("type").asText("");
      if (type.equals("message") || o.has("attachments") || o.has("@type")) {
        return o;
      }
      if (type.equals("AdaptiveCard")) {
        return message(o);
      }
      Parts d = Parts.of(event);
      String headline = text(o.remove("title")).orElse(d.headline());
      String text = text(o.remove("text")).orElse(d.text());
      List<Map.Entry<String, String>> facts = new ArrayList<>();
      for (Map.Entry<String, JsonNode> f : o.properties()) {
        facts.add(Map.entry(f.getKey(), text(f.getValue()).orElse("")));
      }
      return card(
          new Parts(
              headline, text, d.severity(), facts.isEmpty() ? d.facts() : facts, d.link(), event),
          messageCard);
    }
    Parts d = Parts.of(event);
    String text = text(t).orElse("");
    return card(
        new Parts(d.headline(), text, d.severity(), d.facts(), d.link(), event), messageCard);
  }

  private static Optional<String> text(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return Optional.empty();
    }
    return Optional.of(v.isTextual() ? v.asText() : v.toString());
  }

  /**
   * Keeps {@code body} within {@code maxBytes} of UTF-8 JSON, the text before the facts: the facts'
   * longest strings are cut first, then the other strings; when that is not enough, the other
   * strings are held to {@value #KEPT_TEXT} characters while trailing facts go (the longest list),
   * and then grow back into the room left; last, every string is cut as far as it takes.
   */
  static void fit(ObjectNode body, int maxBytes) {
    IntSupplier size = () -> bytes(body).length;
    if (size.getAsInt() <= maxBytes) {
      return;
    }
    List<Shrink.Slot> facts = Shrink.slots(body, FLOOR, KEPT, "facts", true);
    List<Shrink.Slot> others = Shrink.slots(body, FLOOR, KEPT, "facts", false);
    if (Shrink.capStrings(facts, size, maxBytes, FLOOR)
        || Shrink.capStrings(others, size, maxBytes, FLOOR)) {
      return;
    }
    Shrink.cap(others, KEPT_TEXT);
    boolean dropped = true;
    while (dropped && size.getAsInt() > maxBytes) {
      dropped = Shrink.dropFromLargestArray(body, size, maxBytes, KEPT_ARRAYS);
    }
    if (size.getAsInt() <= maxBytes) {
      Shrink.capStrings(others, size, maxBytes, KEPT_TEXT);
    } else {
      Shrink.capStrings(Shrink.slots(body, 1, KEPT), size, maxBytes, 1);
    }
  }

  static byte[] bytes(JsonNode body) {
    try {
      return Formats.JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new FormatException("teams: the body cannot be written as JSON", e);
    }
  }
}
