package org.descent.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * A Keras-style summary: one row per layer (layer, output width, parameters) and the total. For the
 * course's nets, widths [3, 4, 2] give 26 parameters and [3, 4, 4, 1] give 41. With weight sharing
 * a tied layer counts only its biases (its row says whose matrix it uses), the total is the owned
 * parameters, and the untied count — every layer owning its matrix — is shown beside it: the tied
 * autoencoder [8, 3, 8] owns 35 against 59 untied.
 *
 * @param rows the table's rows, input first
 * @param totalParameters total trainable parameters: the owned ones (a shared matrix counted once)
 * @param untiedParameters the parameters the same layers would have if none shared a matrix
 */
public record NetworkSummary(List<Row> rows, long totalParameters, long untiedParameters) {
  /** One table row. */
  public record Row(String layer, int outputWidth, long parameters) {}

  public NetworkSummary {
    rows = List.copyOf(rows);
  }

  public static NetworkSummary of(NetworkSpec spec) {
    ParameterLayout layout = ParameterLayout.of(spec);
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("input", spec.inputWidth(), 0));
    for (int l = 0; l < layout.denseLayerCount(); l++) {
      ParameterLayout.Dense d = layout.dense(l);
      boolean output = l == layout.denseLayerCount() - 1;
      String name;
      if (output) {
        name = "dense " + (l + 1) + " (output, " + spec.loss().configName() + ")";
      } else {
        HiddenLayerSpec h = spec.hidden().get(l);
        name = "dense " + (l + 1) + " (" + h.activation().configName() + ")";
      }
      Tie tie = spec.tieOf(l);
      long weights = (long) d.in() * d.out();
      if (tie != null) {
        name +=
            " W = dense "
                + (tie.uses() + 1)
                + (tie.mode() == Tie.Mode.TRANSPOSE ? "ᵀ" : "")
                + " (shared)";
        weights = 0;
      }
      rows.add(new Row(name, d.out(), weights + d.out()));
      ParameterLayout.BatchNorm bn = layout.batchNorm(l);
      if (bn != null) {
        rows.add(new Row("batch norm " + (l + 1), bn.width(), 2L * bn.width()));
      }
      if (!output && spec.hidden().get(l).dropout() > 0f) {
        rows.add(
            new Row(
                "dropout " + (l + 1) + " (p=" + spec.hidden().get(l).dropout() + ")", d.out(), 0));
      }
    }
    return new NetworkSummary(rows, layout.size(), layout.untiedSize());
  }

  /** The table as text. */
  public String format() {
    int nameWidth = "layer".length();
    for (Row r : rows) {
      nameWidth = Math.max(nameWidth, r.layer().length());
    }
    String fmt = "%-" + nameWidth + "s  %12s  %12s%n";
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(fmt, "layer", "output width", "parameters"));
    sb.append("-".repeat(nameWidth + 28)).append(System.lineSeparator());
    for (Row r : rows) {
      sb.append(String.format(fmt, r.layer(), r.outputWidth(), r.parameters()));
    }
    sb.append("-".repeat(nameWidth + 28)).append(System.lineSeparator());
    boolean tied = untiedParameters != totalParameters;
    sb.append(String.format(fmt, tied ? "total (owned)" : "total", "", totalParameters));
    if (tied) {
      sb.append(String.format(fmt, "untied (no sharing)", "", untiedParameters));
    }
    return sb.toString();
  }
}
