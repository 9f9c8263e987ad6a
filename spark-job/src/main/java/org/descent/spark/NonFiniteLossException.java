package org.descent.spark;

/**
 * A training step's minibatch loss was NaN or infinite; training stopped before that step's update
 * (the weights are those after the previous step). Non-finite gradients are reported by {@link
 * org.descent.ps.NonFiniteGradientException}, which also names the layer.
 */
public final class NonFiniteLossException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  private final long step;
  private final int epoch;

  public NonFiniteLossException(long step, int epoch, double loss) {
    super(
        "non-finite training loss ("
            + loss
            + ") at step "
            + step
            + " (epoch "
            + epoch
            + "); the step was not applied and the weights are those after step "
            + (step - 1)
            + ". Lower optimizer.lr, set clip.norm, or check the data for NaN/Inf.");
    this.step = step;
    this.epoch = epoch;
  }

  /** The 1-based step whose loss was not finite. */
  public long step() {
    return step;
  }

  public int epoch() {
    return epoch;
  }
}
