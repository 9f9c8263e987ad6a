package org.descent.config;

import java.util.ArrayList;
import java.util.List;
import org.descent.nn.Activation;
import org.descent.nn.HiddenLayerSpec;
import org.descent.nn.Loss;
import org.descent.nn.NetworkSpec;
import org.descent.nn.Tie;
import org.descent.ps.FlatConfig;
import org.descent.ps.InvalidConfigException;

/** Builds the {@link NetworkSpec} from the {@code model.*} keys. */
public final class ModelConfig {
  private ModelConfig() {}

  public static NetworkSpec networkSpec(Configuration conf) {
    int[] widths = widths(conf.required("model.layers"));
    FlatConfig flat = conf.flat();
    Activation activation;
    Loss loss;
    try {
      activation = Activation.parse(conf.get("model.activation"));
      String head = conf.get("model.head");
      loss =
          head.equalsIgnoreCase("auto")
              ? (widths[widths.length - 1] == 1
                  ? Loss.BINARY_SIGMOID_CROSS_ENTROPY
                  : Loss.SOFTMAX_CROSS_ENTROPY)
              : Loss.parse(head);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("model", "model.head / model.activation: " + e.getMessage());
    }
    float slope = (float) flat.number("model.leakySlope", 0.01, FlatConfig.Range.NON_NEGATIVE);
    boolean batchNorm = flat.flag("model.batchNorm", false);
    float dropout =
        (float) flat.number("model.dropout", 0, new FlatConfig.Range(0, false, 1, true));
    List<HiddenLayerSpec> hidden = new ArrayList<>();
    for (int i = 1; i < widths.length - 1; i++) {
      hidden.add(new HiddenLayerSpec(widths[i], activation, slope, batchNorm, dropout));
    }
    NetworkSpec untied;
    try {
      untied = new NetworkSpec(widths[0], hidden, widths[widths.length - 1], loss);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          "model.layers",
          "model.layers="
              + conf.get("model.layers")
              + " with model.head="
              + loss.headName()
              + ": "
              + e.getMessage());
    }
    List<Tie> ties = ties(conf);
    try {
      return untied.withTies(ties);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          "model.ties",
          "model.ties="
              + conf.get("model.ties")
              + " with model.layers="
              + conf.get("model.layers")
              + ": "
              + e.getMessage());
    }
  }

  /**
   * The ties of {@code model.ties}, checked for syntax only (the shapes need the layer widths,
   * which {@link #networkSpec} checks).
   */
  public static List<Tie> ties(Configuration conf) {
    String text = conf.get("model.ties");
    try {
      return Tie.parseList(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("model.ties", "model.ties=" + text + ": " + e.getMessage());
    }
  }

  static int[] widths(String text) {
    String[] parts = text.split(",");
    if (parts.length < 2) {
      throw new InvalidConfigException(
          "model.layers",
          "model.layers='"
              + text
              + "' needs at least an input and an output width, e.g. model.layers=784,128,10");
    }
    int[] w = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        w[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new InvalidConfigException(
            "model.layers",
            "model.layers='" + text + "': '" + parts[i].trim() + "' is not a whole number");
      }
      if (w[i] <= 0) {
        throw new InvalidConfigException(
            "model.layers",
            "model.layers='"
                + text
                + "': width "
                + w[i]
                + " at position "
                + (i + 1)
                + " must be positive");
      }
    }
    return w;
  }
}
