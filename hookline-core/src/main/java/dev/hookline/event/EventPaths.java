package dev.hookline.event;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The path rule of DESIGN §3: event fields first, falling back to {@code data}. */
final class EventPaths {
  private EventPaths() {}

  static Object resolve(Event event, String path) {
    int dot = path.indexOf('.');
    String first = dot < 0 ? path : path.substring(0, dot);
    Object root = eventField(event, first);
    if (root != null) {
      return dot < 0 ? root : walk(root, path, dot + 1);
    }
    // Not an event field, or one the event lacks: look inside data.
    return walk(event.data(), path, 0);
  }

  private static Object eventField(Event e, String name) {
    return switch (name) {
      case "id" -> e.id();
      case "type" -> e.type();
      case "timestamp" -> e.timestamp().toString();
      case "data" -> e.data();
      case "source" -> e.source().orElse(null);
      case "subject" -> e.subject().orElse(null);
      case "severity" -> e.severity().map(Severity::wireName).orElse(null);
      case "tags" -> e.tags().isEmpty() ? null : e.tags();
      case "user_id" -> e.userId().orElse(null);
      case "platform" -> e.platform().orElse(null);
      case "metadata" -> e.metadata().isEmpty() ? null : e.metadata();
      default -> null;
    };
  }

  /** Walks path[from..] (dot-separated) down from {@code value}; null when a segment is missing. */
  static Object walk(Object value, String path, int from) {
    int start = from;
    Object current = value;
    while (current != null && start <= path.length()) {
      int dot = path.indexOf('.', start);
      int end = dot < 0 ? path.length() : dot;
      String segment = path.substring(start, end);
      current = step(current, segment);
      if (dot < 0) {
        return current;
      }
      start = dot + 1;
    }
    return current;
  }

  private static Object step(Object current, String segment) {
    if (current instanceof Map<?, ?> map) {
      return map.get(segment);
    }
    if (current instanceof List<?> list) {
      Optional<Integer> index = parseIndex(segment);
      return index.isPresent() && index.get() < list.size() ? list.get(index.get()) : null;
    }
    return null;
  }

  private static Optional<Integer> parseIndex(String segment) {
    if (segment.isEmpty() || segment.length() > 9) {
      return Optional.empty();
    }
    for (int i = 0; i < segment.length(); i++) {
      if (!Character.isDigit(segment.charAt(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(Integer.parseInt(segment));
  }
}
