package dev.hookline.server.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Messages for unknown keys: the closest known key, a hint, or the known keys. */
final class Keys {
  private Keys() {}

  /**
   * {@code unknown key; did you mean port?}, a hint from {@code hints} for keys other tools use, or
   * the list of known keys.
   */
  static String unknownKey(String key, List<String> known, Map<String, String> hints) {
    Optional<String> close = closest(key, known);
    if (close.isPresent()) {
      return "unknown key; did you mean " + close.get() + "?";
    }
    String hint = hints.get(key.toLowerCase(Locale.ROOT));
    if (hint != null) {
      return "unknown key; " + hint;
    }
    return "unknown key; known keys are " + String.join(", ", known);
  }

  /** The known key closest to {@code key} in edit distance, when close enough to be a typo. */
  static Optional<String> closest(String key, List<String> known) {
    String k = key.toLowerCase(Locale.ROOT).replace('-', '_');
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(k, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = Math.max(1, Math.min(3, k.length() / 4));
    if (best != null && (bestDistance <= allowed || best.startsWith(k) && k.length() >= 4)) {
      return Optional.of(best);
    }
    return Optional.empty();
  }

  /** Edit distance counting a swap of two neighbours as one edit ("prot" is 1 from "port"). */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
