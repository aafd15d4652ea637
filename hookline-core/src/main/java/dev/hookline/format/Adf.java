package dev.hookline.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Builds Atlassian Document Format (ADF, version 1) documents, as Jira Cloud's REST API v3 takes
 * them for rich-text fields. Only what the schema allows: no empty text nodes (a text needs at
 * least one character), line breaks as {@code hardBreak} nodes, links only to http(s) URLs.
 */
final class Adf {
  final ObjectNode root = Formats.JSON.createObjectNode().put("type", "doc").put("version", 1);
  private final ArrayNode content = root.putArray("content");

  /** A heading of {@code level} (1–6). */
  void heading(int level, String text) {
    ObjectNode h = content.addObject().put("type", "heading");
    h.putObject("attrs").put("level", level);
    text(h.putArray("content"), Ticket.oneLine(text));
  }

  /** A new paragraph; returns its inline content. */
  ArrayNode paragraph() {
    return content.addObject().put("type", "paragraph").putArray("content");
  }

  /** A new bullet list; returns its items, to add with {@link #listItem}. */
  ArrayNode bulletList() {
    return content.addObject().put("type", "bulletList").putArray("content");
  }

  /** A horizontal rule. */
  void rule() {
    content.addObject().put("type", "rule");
  }

  /** A new list item holding one paragraph; returns the paragraph's inline content. */
  static ArrayNode listItem(ArrayNode items) {
    return items
        .addObject()
        .put("type", "listItem")
        .putArray("content")
        .addObject()
        .put("type", "paragraph")
        .putArray("content");
  }

  /** A text node with these marks ({@code strong}, {@code em}); nothing for an empty text. */
  static void text(ArrayNode inline, String text, String... marks) {
    if (text.isEmpty()) {
      return;
    }
    ObjectNode t = inline.addObject().put("type", "text").put("text", text);
    if (marks.length > 0) {
      ArrayNode m = t.putArray("marks");
      for (String mark : marks) {
        m.addObject().put("type", mark);
      }
    }
  }

  /** Text whose line breaks become {@code hardBreak} nodes. */
  static void lines(ArrayNode inline, String text) {
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        hardBreak(inline);
      }
      text(inline, lines[i]);
    }
  }

  static void hardBreak(ArrayNode inline) {
    inline.addObject().put("type", "hardBreak");
  }

  /** The URL as a link when it is an http(s) URL, else as plain text. */
  static void link(ArrayNode inline, String url) {
    if (!isWebUrl(url)) {
      text(inline, url);
      return;
    }
    ObjectNode t = inline.addObject().put("type", "text").put("text", url);
    t.putArray("marks").addObject().put("type", "link").putObject("attrs").put("href", url);
  }

  /** A document of paragraphs: split on blank lines, line breaks within a paragraph kept. */
  static ObjectNode paragraphs(String text) {
    Adf doc = new Adf();
    for (String p : text.strip().split("\\R\\s*\\R")) {
      lines(doc.paragraph(), p.strip());
    }
    return doc.root;
  }

  private static boolean isWebUrl(String s) {
    try {
      URI u = new URI(s);
      return u.getHost() != null
          && ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()));
    } catch (URISyntaxException notAUrl) {
      return false;
    }
  }
}
