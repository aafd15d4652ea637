package dev.hookline.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Slack. Without {@code bot_token} the request goes to the endpoint's incoming-webhook URL; with
 * it, to {@code chat.postMessage} with {@code Authorization: Bearer} and the {@code channel}
 * option. The default body has a {@code text} fallback (notifications, old clients) and Block Kit
 * blocks: a header with the title (and severity), a mrkdwn section with the text, a section with up
 * to 10 fields, and a context line with the type, time and link. A template's object is the body,
 * with {@code channel}, {@code username}, {@code icon_emoji} and {@code icon_url} added from the
 * options when it lacks them; a text template becomes {@code text}. Slack's limits are kept by
 * truncating, never by failing: 150 characters in a header, 3,000 in a section, 2,000 in a field,
 * 10 fields, 50 blocks, 40,000 in {@code text}.
 */
final class SlackFormat implements Integration {
  static final SlackFormat INSTANCE = new SlackFormat();

  @Override
  public Reading interpret(
      int status, Map<String, List<String>> headers, byte[] body, Instant now) {
    return Answer.of(status)
        .hiddenError(() -> errorIn(status, body))
        .created(() -> resultOf(status, body))
        .read();
  }

  static final int MAX_TEXT = 40_000;
  static final int MAX_HEADER = 150;
  static final int MAX_SECTION = 3_000;
  static final int MAX_FIELD = 2_000;
  static final int MAX_FIELDS = 10;
  static final int MAX_BLOCKS = 50;
  static final int MAX_CONTEXT_ELEMENTS = 10;

  private static final List<String> PASSED_OPTIONS =
      List.of("channel", "username", "icon_emoji", "icon_url");

  private SlackFormat() {}

  /** {@code channel} may be a template over the event ({@code "{data.channel_id}"}). */
  @Override
  public void validate(Endpoint e) {
    Options.checkTemplate(e, "slack", "channel", e.formatOptions().get("channel"));
  }

  @Override
  public NativeRequest render(Endpoint e, List<Event> events, Optional<JsonNode> templated) {
    Map<String, Object> options = e.formatOptions();
    ObjectNode body =
        templated.map(SlackFormat::fromTemplate).orElseGet(() -> blocks(events.get(0)));
    for (String key : PASSED_OPTIONS) {
      Object v = options.get(key);
      if (v != null && !body.has(key)) {
        body.put(key, key.equals("channel") ? channel(e, v, events.get(0)) : v.toString());
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json; charset=utf-8");
    Object token = options.get("bot_token");
    URI url = e.url().orElseThrow(); // with bot_token, chat.postMessage unless a url is given
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    return new NativeRequest(
        "POST", url, headers, body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The channel for this event: a name ({@code #alerts}) or id ({@code C0123}), one word. */
  private static String channel(Endpoint e, Object given, Event event) {
    String channel = Options.routed(e, "slack", "channel", given, event).orElseThrow();
    if (Options.isTemplate(given) && !channel.matches("\\S+")) {
      throw Options.renderedInvalid(
          e, "slack", "channel", given, channel, event, "a channel is a name or id, one word");
    }
    return channel;
  }

  /** chat.postMessage answers 200 {@code {"ok": false, "error": "channel_not_found"}}. */
  public Optional<String> errorIn(int status, byte[] body) {
    JsonNode answer = parse(body);
    if (answer != null && answer.path("ok").isBoolean() && !answer.path("ok").asBoolean()) {
      return Optional.of(
          "Slack answered ok=false: " + answer.path("error").asText("unknown error"));
    }
    return Optional.empty();
  }

  /** The posted message's {@code ts} (chat.postMessage), by which it can be threaded or edited. */
  public Optional<String> resultOf(int status, byte[] body) {
    JsonNode answer = parse(body);
    return answer != null && answer.hasNonNull("ts")
        ? Optional.of(answer.path("channel").asText("") + ":" + answer.get("ts").asText())
        : Optional.empty();
  }

  static ObjectNode blocks(Event event) {
    Summary s = Summary.of(event);
    ObjectNode body = Formats.JSON.createObjectNode();
    String fallback = s.text().isEmpty() ? s.headline() : s.headline() + ": " + s.text();
    body.put("text", Texts.truncate(fallback, MAX_TEXT));
    ArrayNode blocks = body.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header
        .putObject("text")
        .put("type", "plain_text")
        .put("text", Texts.truncate(s.headline(), MAX_HEADER))
        .put("emoji", true);
    if (!s.text().isEmpty()) {
      blocks
          .addObject()
          .put("type", "section")
          .putObject("text")
          .put("type", "mrkdwn")
          .put("text", Texts.truncate(escape(s.text()), MAX_SECTION));
    }
    if (!s.fields().isEmpty()) {
      ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
      for (Map.Entry<String, String> f :
          s.fields().subList(0, Math.min(MAX_FIELDS, s.fields().size()))) {
        String text = "*" + escape(f.getKey()) + "*\n" + escape(f.getValue());
        fields.addObject().put("type", "mrkdwn").put("text", Texts.truncate(text, MAX_FIELD));
      }
    }
    ArrayNode context = blocks.addObject().put("type", "context").putArray("elements");
    String line = "`" + event.type() + "` · " + event.timestamp() + " · " + event.id();
    context
        .addObject()
        .put("type", "mrkdwn")
        .put("text", Texts.truncate(escape(line), MAX_SECTION));
    s.link()
        .ifPresent(
            link ->
                context
                    .addObject()
                    .put("type", "mrkdwn")
                    .put("text", Texts.truncate("<" + link + "|Open>", MAX_SECTION)));
    return body;
  }

  private static ObjectNode fromTemplate(JsonNode templated) {
    ObjectNode body;
    if (templated.isObject()) {
      body = (ObjectNode) templated.deepCopy();
    } else {
      body =
          Formats.JSON
              .createObjectNode()
              .put("text", templated.isTextual() ? templated.asText() : templated.toString());
    }
    if (body.path("text").isTextual()) {
      body.put("text", Texts.truncate(body.get("text").asText(), MAX_TEXT));
    }
    if (body.get("blocks") instanceof ArrayNode blocks) {
      while (blocks.size() > MAX_BLOCKS) {
        blocks.remove(blocks.size() - 1);
      }
    }
    return body;
  }

  /** Slack's mrkdwn needs {@code &}, {@code <} and {@code >} escaped in user text. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static JsonNode parse(byte[] body) {
    try {
      return body.length == 0 ? null : Formats.JSON.readTree(body);
    } catch (IOException notJson) {
      return null;
    }
  }
}
