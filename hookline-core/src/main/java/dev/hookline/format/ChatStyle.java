package dev.hookline.format;

import dev.hookline.event.Event;
import dev.hookline.event.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** What the chat formats (Teams, Discord) share: the severity palette, links, the context line. */
final class ChatStyle {
  private ChatStyle() {}

  /** The accent colour of a severity, as 0xRRGGBB: grey, blue, amber, red, dark red. */
  static int rgb(Severity severity) {
    return switch (severity) {
      case DEBUG -> 0x95A5A6;
      case INFO -> 0x3498DB;
      case WARNING -> 0xF0A30A;
      case ERROR -> 0xE74C3C;
      case CRITICAL -> 0x992D22;
    };
  }

  /** The colour as six hex digits without {@code #} ({@code F0A30A}), as MessageCard wants it. */
  static String hex(Severity severity) {
    return String.format(Locale.ROOT, "%06X", rgb(severity));
  }

  /**
   * The link when it is an absolute http(s) URL: the services refuse a message whose button or
   * title link is anything else, so a link that is not one is left out rather than sent.
   */
  static Optional<String> httpLink(Optional<String> link) {
    return link.filter(ChatStyle::isHttpUrl);
  }

  static boolean isHttpUrl(String s) {
    try {
      URI u = new URI(s.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** "level_4_prediction · 2026-11-23T12:00:00Z · evt_01J…": where a reader can look it up. */
  static String context(Event event) {
    return event.type() + " · " + event.timestamp() + " · " + event.id();
  }
}
