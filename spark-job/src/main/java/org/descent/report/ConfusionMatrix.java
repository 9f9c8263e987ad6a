package org.descent.report;

import java.util.Locale;

/**
 * Counts of (actual, predicted) class pairs on one data split; {@code counts[actual][predicted]}.
 *
 * @param split which rows were counted, e.g. "test"
 */
public record ConfusionMatrix(String split, long[][] counts) {
  public ConfusionMatrix {
    for (long[] row : counts) {
      if (row.length != counts.length) {
        throw new IllegalArgumentException(
            "a confusion matrix is square; got a row of " + row.length + " in " + counts.length);
      }
    }
  }

  public int classes() {
    return counts.length;
  }

  public long total() {
    long t = 0;
    for (long[] row : counts) {
      for (long c : row) {
        t += c;
      }
    }
    return t;
  }

  /** The diagonal over the total: the accuracy on the split. */
  public double accuracy() {
    long correct = 0;
    for (int i = 0; i < counts.length; i++) {
      correct += counts[i][i];
    }
    return (double) correct / total();
  }

  /**
   * An HTML table, rows actual and columns predicted, each cell shaded by its share of its row
   * (blue on the diagonal, red off it), so the errors of a class stand out whatever its size.
   */
  public String html() {
    StringBuilder sb =
        new StringBuilder("<table class=\"confusion\">\n<tr><th>actual \\ predicted</th>");
    for (int j = 0; j < classes(); j++) {
      sb.append("<th>").append(j).append("</th>");
    }
    sb.append("<th>rows</th></tr>\n");
    for (int i = 0; i < classes(); i++) {
      long rowTotal = 0;
      for (long c : counts[i]) {
        rowTotal += c;
      }
      sb.append("<tr><th>").append(i).append("</th>");
      for (int j = 0; j < classes(); j++) {
        double share = rowTotal == 0 ? 0 : (double) counts[i][j] / rowTotal;
        String rgb = i == j ? "33,102,172" : "178,24,43";
        sb.append(
            String.format(
                Locale.ROOT,
                "<td style=\"background:rgba(%s,%.3f);color:%s\" title=\"%.1f%% of actual %d\">%d</td>",
                rgb,
                share,
                share > 0.6 ? "#fff" : "#222",
                100 * share,
                i,
                counts[i][j]));
      }
      sb.append("<td>").append(rowTotal).append("</td></tr>\n");
    }
    return sb.append("</table>").toString();
  }
}
