package dev.hookline.format;

import dev.hookline.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an issue tracker's ticket (a Jira issue, a GitHub issue or comment) shows of an event when
 * no template says otherwise, after the seeds' ticket formats for predictions and detected bugs: a
 * one-line title, a heading, the main text under its label ("Prediction", "Message"...), the
 * context as labelled details, a recommended action and a link. Built on {@link Summary}.
 *
 * <ul>
 *   <li>title: {@code data.title}, {@code data.summary} or {@code data.name}; else, for a
 *       prediction, "🔮 Predicted issue: " and the first 100 characters of {@code data.prediction};
 *       else the readable type, then ": " and the text when there is one
 *   <li>details: the event's scalar data (a {@code confidence} between 0 and 1 shown as a
 *       percentage), source, subject, user, platform, severity and tags, at most {@link
 *       #MAX_DETAILS}
 *   <li>recommendation: {@code data.recommendation}, {@code data.recommended_action}, {@code
 *       data.fix} or {@code data.suggestion}; for a prediction without one, "Review and address
 *       this prediction"
 * </ul>
 */
record Ticket(
    String title,
    String heading,
    String textLabel,
    String text,
    List<Map.Entry<String, String>> details,
    Optional<String> recommendation,
    Optional<String> link,
    Event event) {

  /** Most details listed: enough for any sensible event, few enough to read. */
  static final int MAX_DETAILS = 50;

  /** The first characters of a prediction that go into a ticket's title (the seeds' cut). */
  static final int PREDICTION_IN_TITLE = 100;

  private static final List<String> TEXT_KEYS =
      List.of("message", "text", "description", "prediction", "error");
  private static final List<String> RECOMMENDATION_KEYS =
      List.of("recommendation", "recommended_action", "fix", "suggestion");

  static Ticket of(Event e) {
    Summary s = Summary.of(e);
    Map<String, Object> data = e.data();
    boolean titled = false;
    for (String k : List.of("title", "summary", "name")) {
      titled |= scalar(data.get(k)).isPresent();
    }
    Optional<String> prediction = scalar(data.get("prediction"));
    String title;
    if (titled) {
      title = s.title();
    } else if (prediction.isPresent()) {
      title =
          "🔮 Predicted issue: " + Texts.truncate(oneLine(prediction.get()), PREDICTION_IN_TITLE);
    } else {
      title = s.text().isEmpty() ? s.title() : s.title() + ": " + s.text();
    }
    String label = "";
    if (!s.text().isEmpty()) {
      label = "Error";
      for (String k : TEXT_KEYS) {
        if (scalar(data.get(k)).isPresent()) {
          label = Summary.readable(k);
          break;
        }
      }
    }
    Optional<String> recommendation = Optional.empty();
    List<String> recommendationNames = new ArrayList<>();
    for (String k : RECOMMENDATION_KEYS) {
      recommendationNames.add(Summary.readable(k));
      if (recommendation.isEmpty()) {
        recommendation = scalar(data.get(k));
      }
    }
    if (recommendation.isEmpty() && prediction.isPresent()) {
      recommendation = Optional.of("Review and address this prediction");
    }
    List<Map.Entry<String, String>> details = new ArrayList<>();
    for (Map.Entry<String, String> f : s.fields()) {
      if (!recommendationNames.contains(f.getKey())) {
        details.add(Map.entry(f.getKey(), shown(f.getKey(), f.getValue())));
      }
    }
    if (e.severity().isPresent()
        && details.stream().noneMatch(d -> d.getKey().equals("Severity"))) {
      details.add(Map.entry("Severity", e.severity().get().wireName()));
    }
    if (!e.tags().isEmpty()) {
      details.add(Map.entry("Tags", String.join(", ", e.tags())));
    }
    if (details.size() > MAX_DETAILS) {
      details = details.subList(0, MAX_DETAILS);
    }
    return new Ticket(
        oneLine(title),
        s.headline(),
        label,
        s.text(),
        List.copyOf(details),
        recommendation,
        s.link(),
        e);
  }

  /** The same ticket with another text (shortened to fit a limit). */
  Ticket withText(String shorter) {
    return new Ticket(title, heading, textLabel, shorter, details, recommendation, link, event);
  }

  /** "event evt_... (level_4_prediction) at 2026-...", for a footer. */
  String origin() {
    return "event " + event.id() + " (" + event.type() + ") at " + event.timestamp();
  }

  /** A confidence or probability between 0 and 1 reads as a percentage, as in the seeds. */
  private static String shown(String name, String value) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.contains("confidence") || n.contains("probability")) {
      try {
        double d = Double.parseDouble(value);
        if (d >= 0 && d <= 1 && value.contains(".")) {
          return Math.round(d * 100) + "%";
        }
      } catch (NumberFormatException notANumber) {
        return value;
      }
    }
    return value;
  }

  /** Line breaks and other control characters become spaces; runs of spaces collapse. */
  static String oneLine(String s) {
    return s.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").replaceAll(" {2,}", " ").strip();
  }

  private static Optional<String> scalar(Object v) {
    return v != null && !(v instanceof Map) && !(v instanceof List) && !v.toString().isBlank()
        ? Optional.of(v.toString())
        : Optional.empty();
  }
}
