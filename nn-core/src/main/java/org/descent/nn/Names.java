package org.descent.nn;

import java.util.Locale;

/** "Did you mean" suggestions for configuration names, by edit distance. */
public final class Names {
  private Names() {}

  /**
   * Returns {@code " (did you mean 'x'?)"} for the nearest candidate within a few edits, else "".
   */
  public static String suggestion(String given, String... candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(given, c);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    if (best == null || bestDistance > Math.max(2, given.length() / 3)) {
      return "";
    }
    return " (did you mean '" + best + "'?)";
  }

  /**
   * The refusal of an unknown name: {@code unknown <what> '<given>'}, the nearest of {@code
   * candidates} to it (trimmed, lower case) if one is near, then {@code ; <validLabel>: } and
   * {@code valid} comma-separated.
   */
  public static IllegalArgumentException unknown(
      String what, String given, String[] candidates, String validLabel, String... valid) {
    String key = given.trim().toLowerCase(Locale.ROOT);
    return new IllegalArgumentException(
        "unknown "
            + what
            + " '"
            + given
            + "'"
            + suggestion(key, candidates)
            + "; "
            + validLabel
            + ": "
            + String.join(", ", valid));
  }

  /** Levenshtein distance. */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
