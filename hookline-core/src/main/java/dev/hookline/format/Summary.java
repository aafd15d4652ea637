package dev.hookline.format;

import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What every native format shows of an event when no template says otherwise: a title, a text, the
 * severity, a few fields and a link, each drawn from the event's data by the names the seeds and
 * common payloads use.
 *
 * <ul>
 *   <li>title: {@code data.title}, {@code data.summary}, {@code data.name}, else the type made
 *       readable ({@code level_4_prediction} → "Level 4 prediction")
 *   <li>text: {@code data.message}, {@code data.text}, {@code data.description}, {@code
 *       data.prediction}, {@code data.error} (or {@code data.error.message}), else empty
 *   <li>fields: the other scalar values of {@code data}, in order, plus source, subject, user and
 *       platform when present
 *   <li>link: {@code data.url}, {@code data.html_url} or {@code data.link}
 * </ul>
 */
record Summary(
    String title,
    String text,
    Severity severity,
    List<Map.Entry<String, String>> fields,
    Optional<String> link,
    Event event) {

  private static final List<String> TITLE_KEYS = List.of("title", "summary", "name");
  private static final List<String> TEXT_KEYS =
      List.of("message", "text", "description", "prediction", "error");
  private static final List<String> LINK_KEYS = List.of("url", "html_url", "link");

  static Summary of(Event e) {
    Map<String, Object> data = e.data();
    String title = firstText(data, TITLE_KEYS).orElseGet(() -> readable(e.type()));
    String text = firstText(data, TEXT_KEYS).orElse("");
    if (text.isEmpty() && data.get("error") instanceof Map<?, ?> error) {
      text = String.valueOf(error.get("message") == null ? error : error.get("message"));
    }
    Optional<String> link = firstText(data, LINK_KEYS);
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    for (Map.Entry<String, Object> d : data.entrySet()) {
      String k = d.getKey();
      Object v = d.getValue();
      boolean shown = TITLE_KEYS.contains(k) || TEXT_KEYS.contains(k) || LINK_KEYS.contains(k);
      if (!shown && v != null && !(v instanceof Map) && !(v instanceof List)) {
        fields.add(Map.entry(readable(k), String.valueOf(v)));
      }
    }
    e.source().ifPresent(s -> fields.add(Map.entry("Source", s)));
    e.subject().ifPresent(s -> fields.add(Map.entry("Subject", s)));
    e.userId().ifPresent(s -> fields.add(Map.entry("User", s)));
    e.platform().ifPresent(s -> fields.add(Map.entry("Platform", s)));
    return new Summary(title, text, e.severityOrInfo(), List.copyOf(fields), link, e);
  }

  /** "Level 4 prediction" from {@code level_4_prediction}, "Github pull request opened" ... */
  static String readable(String name) {
    String spaced = name.replace('_', ' ').replace('.', ' ').replace('-', ' ').trim();
    if (spaced.isEmpty()) {
      return name;
    }
    return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
  }

  /** The title with the severity in front when it is above info: "[WARNING] Level 4 prediction". */
  String headline() {
    return severity.compareTo(Severity.INFO) > 0
        ? "[" + severity.wireName().toUpperCase(Locale.ROOT) + "] " + title
        : title;
  }

  private static Optional<String> firstText(Map<String, Object> data, List<String> keys) {
    for (String k : keys) {
      Object v = data.get(k);
      if (v != null && !(v instanceof Map) && !(v instanceof List) && !v.toString().isBlank()) {
        return Optional.of(v.toString());
      }
    }
    return Optional.empty();
  }
}
