package org.descent.nn;

import java.io.Serializable;

/**
 * One hidden layer: dense → (batch norm) → activation → (dropout).
 *
 * @param width number of units
 * @param activation the elementwise activation
 * @param activationParam the leaky ReLU slope; ignored by the other activations
 * @param batchNorm whether a batch-norm layer follows the dense layer
 * @param dropout probability of dropping a unit while training, in [0, 1); 0 disables dropout
 */
public record HiddenLayerSpec(
    int width, Activation activation, float activationParam, boolean batchNorm, float dropout)
    implements Serializable {

  public HiddenLayerSpec {
    if (width <= 0) {
      throw new IllegalArgumentException("hidden layer width must be positive, got " + width);
    }
    if (activation == null) {
      throw new IllegalArgumentException("hidden layer needs an activation");
    }
    if (!(dropout >= 0f && dropout < 1f)) {
      throw new IllegalArgumentException(
          "dropout probability must be in [0, 1), got " + dropout + " (0 turns dropout off)");
    }
    if (!Float.isFinite(activationParam)) {
      throw new IllegalArgumentException("activation parameter must be finite");
    }
  }

  /** A plain dense layer with this activation: no batch norm, no dropout. */
  public static HiddenLayerSpec of(int width, Activation activation) {
    return new HiddenLayerSpec(width, activation, Activation.DEFAULT_LEAKY_SLOPE, false, 0f);
  }

  public HiddenLayerSpec withBatchNorm(boolean on) {
    return new HiddenLayerSpec(width, activation, activationParam, on, dropout);
  }

  public HiddenLayerSpec withDropout(float p) {
    return new HiddenLayerSpec(width, activation, activationParam, batchNorm, p);
  }

  public HiddenLayerSpec withActivationParam(float param) {
    return new HiddenLayerSpec(width, activation, param, batchNorm, dropout);
  }
}
