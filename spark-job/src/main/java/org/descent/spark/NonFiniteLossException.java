package org.descent.spark;

import java.util.Locale;
import org.descent.nn.ParameterLayout;

/**
 * A training step's minibatch loss was NaN or infinite; training stopped before that step's update
 * (the weights are those after the previous step). The message names the step, the output layer
 * where the loss is computed, and the layer whose weights are largest (where a diverging run blew
 * up). Non-finite gradients are reported by {@link org.descent.ps.NonFiniteGradientException},
 * which names the layer of the first bad entry.
 */
public final class NonFiniteLossException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  private final long step;
  private final int epoch;
  private final int outputLayer;
  private final int largestWeightsLayer;

  /**
   * @param weights the weights the step was computed with (after step {@code step - 1})
   */
  public static NonFiniteLossException at(
      long step, int epoch, double loss, ParameterLayout layout, float[] weights) {
    int largest = 0;
    float largestAbs = -1f;
    for (ParameterLayout.Segment s : layout.segments()) {
      if (s.kind() != ParameterLayout.Kind.WEIGHT) {
        continue;
      }
      for (int i = s.offset(); i < s.end(); i++) {
        float a = Math.abs(weights[i]);
        if (a > largestAbs || Float.isNaN(a)) {
          largestAbs = a;
          largest = s.layer();
        }
      }
    }
    return new NonFiniteLossException(
        step, epoch, loss, layout.denseLayerCount() - 1, largest, largestAbs);
  }

  private NonFiniteLossException(
      long step, int epoch, double loss, int outputLayer, int largestLayer, float largestAbs) {
    super(
        "non-finite training loss ("
            + loss
            + ") at step "
            + step
            + " (epoch "
            + epoch
            + ")"
            + String.format(
                Locale.ROOT,
                " in output layer %d; largest weights in layer %d (max |w| %.3g)",
                outputLayer,
                largestLayer,
                largestAbs)
            + "; the step was not applied and the weights are those after step "
            + (step - 1)
            + ". Lower optimizer.lr, set clip.norm, or check the data for NaN/Inf.");
    this.step = step;
    this.epoch = epoch;
    this.outputLayer = outputLayer;
    this.largestWeightsLayer = largestLayer;
  }

  /** The 1-based step whose loss was not finite. */
  public long step() {
    return step;
  }

  public int epoch() {
    return epoch;
  }

  /** The 0-based dense layer that computes the loss. */
  public int outputLayer() {
    return outputLayer;
  }

  /** The 0-based dense layer holding the largest |weight|. */
  public int largestWeightsLayer() {
    return largestWeightsLayer;
  }
}
