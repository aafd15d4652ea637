package dev.hookline.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.event.Event;
import dev.hookline.routing.Endpoint;
import dev.hookline.routing.InvalidEndpointException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Discord, through a channel webhook's execute URL ({@code
 * https://discord.com/api/webhooks/{id}/{token}}).
 *
 * <p>The default body has {@code content} (the headline, which is what notifications show) and one
 * embed: the title (linked to the event's http(s) link), the text as description, the severity as
 * colour, the event's time as {@code timestamp}, its fields (short ones inline) and a footer with
 * type and id. {@code allowed_mentions} is empty, so that an event's text cannot ping
 * {@code @everyone}. {@code username} and {@code avatar_url} come from the options.
 *
 * <p>A template's object is the body, with {@code username} and {@code avatar_url} added from the
 * options when it lacks them; a {@code text} key (the Slack spelling) becomes {@code content} when
 * the object has neither {@code content} nor {@code embeds}; a text template becomes {@code
 * content}.
 *
 * <p>Discord's limits are kept by truncating, never by failing: content 2,000 characters, 10
 * embeds, title 256, description 4,096, 25 fields, field name 256 and value 1,024 (an empty one
 * becomes "—", which Discord requires), footer 2,048, author name 256, username 80, and 6,000
 * characters in all embeds together (fields are shortened first). On 429 Discord's {@code
 * retry_after} body field and {@code X-RateLimit-Reset-After} header (fractional seconds) are
 * honoured with {@code Retry-After}. With {@code ?wait=true} on the URL Discord answers the created
 * message, whose id is the delivery's result.
 */
final class DiscordFormat implements Integration {
  static final DiscordFormat INSTANCE = new DiscordFormat();

  @Override
  public Reading interpret(
      int status, Map<String, List<String>> headers, byte[] body, Instant now) {
    return Answer.of(status)
        .created(() -> resultOf(status, body))
        .pause(() -> pauseAfter(status, headers, now))
        .retryAfter(() -> retryAfter(status, headers, body))
        .read();
  }

  static final int MAX_CONTENT = 2_000;
  static final int MAX_EMBEDS = 10;
  static final int MAX_TITLE = 256;
  static final int MAX_DESCRIPTION = 4_096;
  static final int MAX_FIELDS = 25;
  static final int MAX_FIELD_NAME = 256;
  static final int MAX_FIELD_VALUE = 1_024;
  static final int MAX_FOOTER = 2_048;
  static final int MAX_AUTHOR = 256;
  static final int MAX_TOTAL = 6_000;
  static final int MAX_USERNAME = 80;

  /** Fields whose value is at most this long (and on one line) are shown side by side. */
  static final int INLINE_MAX = 40;

  /** What stands for an empty field name or value, which Discord refuses. */
  static final String EMPTY = "—";

  private static final int FLOOR = 64;

  private DiscordFormat() {}

  /** Discord refuses webhook names over 80 characters or containing "clyde" or "discord". */
  @Override
  public void validate(Endpoint endpoint) {
    Object username = endpoint.formatOptions().get("username");
    if (username != null) {
      String name = username.toString().strip();
      String lower = name.toLowerCase(Locale.ROOT);
      if (name.isEmpty() || name.length() > MAX_USERNAME) {
        throw new InvalidEndpointException(
            "discord.username",
            "endpoint '"
                + endpoint.id()
                + "': discord.username must be 1 to "
                + MAX_USERNAME
                + " characters");
      }
      if (lower.contains("clyde") || lower.contains("discord")) {
        throw new InvalidEndpointException(
            "discord.username",
            "endpoint '"
                + endpoint.id()
                + "': discord.username '"
                + name
                + "' is refused by Discord (a webhook name cannot contain 'clyde' or 'discord');"
                + " choose another name");
      }
    }
    Object avatar = endpoint.formatOptions().get("avatar_url");
    if (avatar != null && !ChatStyle.isHttpUrl(avatar.toString())) {
      throw new InvalidEndpointException(
          "discord.avatar_url",
          "endpoint '"
              + endpoint.id()
              + "': discord.avatar_url must be an http(s) URL of an image, not '"
              + avatar
              + "'");
    }
  }

  @Override
  public NativeRequest render(Endpoint e, List<Event> events, Optional<JsonNode> templated) {
    ObjectNode body =
        templated.map(DiscordFormat::fromTemplate).orElseGet(() -> message(events.get(0)));
    for (String key : List.of("username", "avatar_url")) {
      Object v = e.formatOptions().get(key);
      if (v != null && !body.has(key)) {
        body.put(key, v.toString().strip());
      }
    }
    limit(body);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    return new NativeRequest(
        "POST", e.url().orElseThrow(), headers, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The created message's id, when the URL asks for it with {@code ?wait=true}. */
  public Optional<String> resultOf(int status, byte[] body) {
    JsonNode answer = parse(body);
    return answer != null && answer.path("id").isTextual()
        ? Optional.of(answer.get("id").asText())
        : Optional.empty();
  }

  /**
   * When an answer says the bucket is empty ({@code X-RateLimit-Remaining: 0}), the next request
   * waits {@code X-RateLimit-Reset-After} seconds (rounded up to the millisecond), as Discord asks
   * clients to.
   */
  public Optional<Duration> pauseAfter(int status, Map<String, List<String>> headers, Instant now) {
    if (!Options.rateLimitSpent(headers)) {
      return Optional.empty();
    }
    try {
      return Options.header(headers, "X-RateLimit-Reset-After")
          .map(v -> new BigDecimal(v.strip()))
          .filter(s -> s.signum() > 0)
          .map(DiscordFormat::millis);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Seconds as Discord writes them (fractional), rounded up to the millisecond, at most a day. */
  private static Duration millis(BigDecimal seconds) {
    return Duration.ofMillis(
        seconds
            .min(BigDecimal.valueOf(86_400))
            .movePointRight(3)
            .setScale(0, RoundingMode.CEILING)
            .longValueExact());
  }

  /**
   * On 429, the longest of the body's {@code retry_after}, {@code X-RateLimit-Reset-After} and a
   * fractional {@code Retry-After}, in seconds (rounded up to the millisecond).
   */
  public Optional<Duration> retryAfter(int status, Map<String, List<String>> headers, byte[] body) {
    if (status != 429) {
      return Optional.empty();
    }
    List<BigDecimal> asked = new ArrayList<>();
    JsonNode answer = parse(body);
    if (answer != null && answer.path("retry_after").isNumber()) {
      asked.add(answer.get("retry_after").decimalValue());
    }
    for (String name : List.of("X-RateLimit-Reset-After", "Retry-After")) {
      List<String> values = headers.get(name);
      if (values != null && !values.isEmpty()) {
        try {
          asked.add(new BigDecimal(values.get(0).strip()));
        } catch (NumberFormatException notSeconds) {
          // an HTTP date in Retry-After: the engine reads that itself
        }
      }
    }
    return asked.stream()
        .filter(s -> s.signum() >= 0)
        .max(BigDecimal::compareTo)
        .map(DiscordFormat::millis);
  }

  static ObjectNode message(Event event) {
    Summary s = Summary.of(event);
    ObjectNode body = Formats.JSON.createObjectNode();
    body.put("content", s.headline());
    body.putObject("allowed_mentions").putArray("parse");
    ObjectNode embed = body.putArray("embeds").addObject();
    embed.put("title", s.title());
    if (!s.text().isEmpty()) {
      embed.put("description", s.text());
    }
    ChatStyle.httpLink(s.link()).ifPresent(link -> embed.put("url", link));
    embed.put("color", ChatStyle.rgb(s.severity()));
    embed.put("timestamp", event.timestamp().toString());
    if (!s.fields().isEmpty()) {
      ArrayNode fields = embed.putArray("fields");
      for (Map.Entry<String, String> f : s.fields()) {
        String value = f.getValue();
        fields
            .addObject()
            .put("name", f.getKey())
            .put("value", value)
            .put("inline", value.length() <= INLINE_MAX && value.indexOf('\n') < 0);
      }
    }
    embed.putObject("footer").put("text", event.type() + " · " + event.id());
    return body;
  }

  static ObjectNode fromTemplate(JsonNode templated) {
    if (templated.isObject()) {
      ObjectNode body = (ObjectNode) templated.deepCopy();
      if (!body.has("content") && !body.has("embeds") && body.path("text").isTextual()) {
        body.set("content", body.remove("text"));
      }
      return body;
    }
    return Formats.JSON
        .createObjectNode()
        .put("content", templated.isTextual() ? templated.asText() : templated.toString());
  }

  /** Applies Discord's limits to any body, default or templated. */
  static void limit(ObjectNode body) {
    cut(body, "content", MAX_CONTENT);
    cut(body, "username", MAX_USERNAME);
    if (!(body.get("embeds") instanceof ArrayNode embeds)) {
      return;
    }
    while (embeds.size() > MAX_EMBEDS) {
      embeds.remove(embeds.size() - 1);
    }
    List<Shrink.Slot> fieldTexts = new ArrayList<>();
    List<Shrink.Slot> all = new ArrayList<>();
    for (JsonNode node : embeds) {
      if (!(node instanceof ObjectNode embed)) {
        continue;
      }
      cut(embed, "title", MAX_TITLE);
      cut(embed, "description", MAX_DESCRIPTION);
      slot(embed, "title", all);
      slot(embed, "description", all);
      if (embed.get("fields") instanceof ArrayNode fields) {
        while (fields.size() > MAX_FIELDS) {
          fields.remove(fields.size() - 1);
        }
        for (JsonNode f : fields) {
          if (f instanceof ObjectNode field) {
            nonEmpty(field, "name");
            nonEmpty(field, "value");
            cut(field, "name", MAX_FIELD_NAME);
            cut(field, "value", MAX_FIELD_VALUE);
            slot(field, "name", all);
            slot(field, "value", all);
            slot(field, "name", fieldTexts);
            slot(field, "value", fieldTexts);
          }
        }
      }
      if (embed.get("footer") instanceof ObjectNode footer) {
        cut(footer, "text", MAX_FOOTER);
        slot(footer, "text", all);
      }
      if (embed.get("author") instanceof ObjectNode author) {
        cut(author, "name", MAX_AUTHOR);
        slot(author, "name", all);
      }
    }
    IntSupplier total =
        () -> {
          int n = 0;
          for (Shrink.Slot s : all) {
            n += s.parent().path(s.field()).asText().length();
          }
          return n;
        };
    if (!Shrink.capStrings(fieldTexts, total, MAX_TOTAL, FLOOR)) {
      Shrink.capStrings(refreshed(all), total, MAX_TOTAL, 1);
    }
  }

  private static List<Shrink.Slot> refreshed(List<Shrink.Slot> slots) {
    List<Shrink.Slot> out = new ArrayList<>(slots.size());
    for (Shrink.Slot s : slots) {
      out.add(new Shrink.Slot(s.parent(), s.field(), -1, s.parent().path(s.field()).asText()));
    }
    return out;
  }

  private static void slot(ObjectNode parent, String field, List<Shrink.Slot> out) {
    if (parent.path(field).isTextual()) {
      out.add(new Shrink.Slot(parent, field, -1, parent.get(field).asText()));
    }
  }

  /**
   * Cuts a string to {@code max}; a number or boolean (a one-placeholder template) becomes text.
   */
  private static void cut(ObjectNode node, String field, int max) {
    JsonNode v = node.get(field);
    if (v != null && (v.isTextual() || v.isNumber() || v.isBoolean())) {
      node.put(field, Texts.truncate(v.asText(), max));
    }
  }

  /** Discord refuses a field without a name or value, or with an empty one. */
  private static void nonEmpty(ObjectNode field, String key) {
    JsonNode v = field.get(key);
    if (v == null || v.isNull() || (v.isValueNode() && v.asText().isBlank())) {
      field.put(key, EMPTY);
    } else if (!v.isTextual()) {
      field.put(key, v.isValueNode() ? v.asText() : v.toString());
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return body.length == 0 ? null : Formats.JSON.readTree(body);
    } catch (IOException notJson) {
      return null;
    }
  }
}
