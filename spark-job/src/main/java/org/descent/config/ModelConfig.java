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
import org.descent.ps.config.ConfigKey;
import org.descent.ps.config.ModelKeys;

/** Builds the {@link NetworkSpec} from the {@code model.*} keys. */
public final class ModelConfig {
  private ModelConfig() {}

  private static final String LAYERS = ModelKeys.LAYERS.name();
  private static final String TIES = ModelKeys.TIES.name();

  public static NetworkSpec networkSpec(Configuration conf) {
    int[] widths = widths(conf.required(ModelKeys.LAYERS));
    FlatConfig flat = conf.flat();
    Activation activation;
    Loss loss;
    try {
      activation = Activation.parse(conf.get(ModelKeys.ACTIVATION));
      String head = conf.get(ModelKeys.HEAD);
      loss =
          head.equalsIgnoreCase("auto")
              ? (widths[widths.length - 1] == 1
                  ? Loss.BINARY_SIGMOID_CROSS_ENTROPY
                  : Loss.SOFTMAX_CROSS_ENTROPY)
              : Loss.parse(head);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          "model", ModelKeys.HEAD + " / " + ModelKeys.ACTIVATION + ": " + e.getMessage());
    }
    float slope = ModelKeys.LEAKY_SLOPE.read(flat).floatValue();
    boolean batchNorm = ModelKeys.BATCH_NORM.read(flat);
    float dropout = ModelKeys.DROPOUT.read(flat).floatValue();
    List<HiddenLayerSpec> hidden = new ArrayList<>();
    for (int i = 1; i < widths.length - 1; i++) {
      hidden.add(new HiddenLayerSpec(widths[i], activation, slope, batchNorm, dropout));
    }
    NetworkSpec untied;
    try {
      untied = new NetworkSpec(widths[0], hidden, widths[widths.length - 1], loss);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          LAYERS,
          setting(conf, ModelKeys.LAYERS)
              + " with "
              + ModelKeys.HEAD
              + "="
              + loss.headName()
              + ": "
              + e.getMessage());
    }
    List<Tie> ties = ties(conf);
    try {
      return untied.withTies(ties);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          TIES,
          setting(conf, ModelKeys.TIES)
              + " with "
              + setting(conf, ModelKeys.LAYERS)
              + ": "
              + e.getMessage());
    }
  }

  /** {@code key=value} as {@code conf} has it, for a message. */
  private static String setting(Configuration conf, ConfigKey<String> key) {
    return key + "=" + conf.get(key);
  }

  /**
   * The ties of {@code model.ties}, checked for syntax only (the shapes need the layer widths,
   * which {@link #networkSpec} checks).
   */
  public static List<Tie> ties(Configuration conf) {
    String text = conf.get(ModelKeys.TIES);
    try {
      return Tie.parseList(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(TIES, TIES + "=" + text + ": " + e.getMessage());
    }
  }

  static int[] widths(String text) {
    String[] parts = text.split(",");
    if (parts.length < 2) {
      throw new InvalidConfigException(
          LAYERS,
          LAYERS
              + "='"
              + text
              + "' needs at least an input and an output width, e.g. "
              + LAYERS
              + "=784,128,10");
    }
    int[] w = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        w[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new InvalidConfigException(
            LAYERS, LAYERS + "='" + text + "': '" + parts[i].trim() + "' is not a whole number");
      }
      if (w[i] <= 0) {
        throw new InvalidConfigException(
            LAYERS,
            LAYERS
                + "='"
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
