package dev.hookline.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table for humans: upper-case headers, columns padded to their widest cell. */
final class Table {
  private static final int MAX_CELL = 60;

  private final String[] headers;
  private final List<String[]> rows = new ArrayList<>();

  private Table(String... headers) {
    this.headers = headers;
  }

  static Table of(String... headers) {
    return new Table(headers);
  }

  /** Adds a row; nulls print as {@code -}, long cells are cut to {@value #MAX_CELL} characters. */
  Table row(Object... cells) {
    String[] row = new String[headers.length];
    for (int i = 0; i < headers.length; i++) {
      Object cell = i < cells.length ? cells[i] : null;
      String text = cell == null ? "-" : cell.toString().replaceAll("\\s*\\R\\s*", " ");
      row[i] = text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 3) + "..." : text;
    }
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  void print(PrintWriter out) {
    int[] widths = Arrays.stream(headers).mapToInt(String::length).toArray();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    line(out, widths, headers);
    for (String[] row : rows) {
      line(out, widths, row);
    }
    out.flush();
  }

  private static void line(PrintWriter out, int[] widths, String[] cells) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      b.append(cells[i]);
      if (i < cells.length - 1) {
        b.append(" ".repeat(widths[i] - cells[i].length() + 2));
      }
    }
    out.println(b.toString().stripTrailing());
  }

  /** A field of a JSON object as text, or null when absent or JSON null. */
  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
  }

  /** An ISO-8601 time without its fraction of a second: {@code 2026-11-23T12:00:01Z}. */
  static String time(JsonNode node, String field) {
    String t = text(node, field);
    return t == null ? null : t.replaceFirst("\\.\\d+Z$", "Z");
  }

  /** JSON, indented for reading. */
  static String pretty(JsonNode node) {
    try {
      return ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      return node.toString();
    }
  }
}
