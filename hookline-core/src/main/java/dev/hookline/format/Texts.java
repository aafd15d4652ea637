package dev.hookline.format;

/** Truncation to the services' documented limits: shorten with an ellipsis, never fail. */
final class Texts {
  static final String ELLIPSIS = "…";

  private Texts() {}

  /** {@code s} cut to at most {@code max} characters (code points kept whole), ending in "…". */
  static String truncate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = max - ELLIPSIS.length();
    if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, Math.max(0, end)) + ELLIPSIS;
  }

  /** {@code s} cut to at most {@code max} UTF-8 bytes (code points kept whole), "…" when cut. */
  static String truncateBytes(String s, int max) {
    if (utf8Length(s) <= max) {
      return s;
    }
    int budget = max - 3; // "…" is 3 bytes
    int bytes = 0;
    int end = 0;
    while (end < s.length()) {
      int cp = s.codePointAt(end);
      int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + n > budget) {
        break;
      }
      bytes += n;
      end += Character.charCount(cp);
    }
    return s.substring(0, end) + ELLIPSIS;
  }

  static int utf8Length(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }
}
