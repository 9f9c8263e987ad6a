package org.descent.ps.config;

import java.util.List;
import org.descent.ps.FlatConfig.Range;

/**
 * The {@code model.*} keys: the network's shape, activations, head and regularising layers.
 * Declared once here; {@link ConfigKeys} lists them in order.
 */
public final class ModelKeys {
  private ModelKeys() {}

  /** [0, 1): a share of the rows. */
  private static final Range FRACTION = new Range(0, false, 1, true);

  public static final ConfigKey<String> LAYERS =
      ConfigKey.text(
          "model.layers",
          "",
          "Layer widths, input first and output last, e.g. 784,256,128,10. " + "Required.");

  public static final ConfigKey<String> ACTIVATION =
      ConfigKey.text(
          "model.activation",
          "relu",
          "Hidden activation: sigmoid, tanh, relu, leaky_relu, elu, softplus, "
              + "gelu, identity.");

  public static final ConfigKey<Double> LEAKY_SLOPE =
      ConfigKey.number(
          "model.leakySlope",
          "0.01",
          Range.NON_NEGATIVE,
          "Slope of leaky_relu for negative inputs.");

  public static final ConfigKey<String> HEAD =
      ConfigKey.text(
          "model.head",
          "auto",
          "Output head and its loss: softmax (cross-entropy), hinge (multiclass "
              + "SVM), mse (regression), sigmoid (binary cross-entropy); auto = softmax"
              + " for 2+ outputs, sigmoid for 1.");

  public static final ConfigKey<Boolean> BATCH_NORM =
      ConfigKey.flag(
          "model.batchNorm",
          false,
          "Batch normalisation after every hidden dense layer (true/false).");

  public static final ConfigKey<Double> DROPOUT =
      ConfigKey.number(
          "model.dropout",
          "0",
          FRACTION,
          "Dropout probability after every hidden layer, in [0, 1); 0 turns it " + "off.");

  public static final ConfigKey<String> TIES =
      ConfigKey.text(
          "model.ties",
          "",
          "Weight sharing (tied layers): comma-separated LAYER:OWNER:MODE with "
              + "dense layers numbered from 1 as in descent summary; dense layer LAYER "
              + "multiplies by dense layer OWNER's matrix, as it is (MODE same, equal "
              + "shapes) or transposed (MODE transpose), and keeps its own biases. E.g."
              + " 2:1:transpose for the tied autoencoder 784,64,784. Empty = no "
              + "sharing.");

  /** Every key of this section, in the order of the defaults file. */
  static final List<ConfigKey<?>> ALL =
      List.of(LAYERS, ACTIVATION, LEAKY_SLOPE, HEAD, BATCH_NORM, DROPOUT, TIES);
}
