package org.descent.ps;

import org.descent.nn.ParameterLayout;

/**
 * A gradient with a NaN or infinite entry reached the parameter server; the step was refused and
 * the weights, optimiser state and step counter are as they were. Usually a sign of divergence:
 * lower the learning rate, clip the gradient, or check the input data.
 */
public final class NonFiniteGradientException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  private final long step;
  private final int layer;
  private final ParameterLayout.Kind kind;
  private final int index;

  NonFiniteGradientException(long step, ParameterLayout.Segment segment, int index, float value) {
    super(message(step, segment, index, value));
    this.step = step;
    this.layer = segment.layer();
    this.kind = segment.kind();
    this.index = index;
  }

  private static String message(long step, ParameterLayout.Segment s, int index, float value) {
    int local = index - s.offset();
    String where =
        s.kind() == ParameterLayout.Kind.WEIGHT
            ? "row " + local / s.cols() + ", column " + local % s.cols()
            : "unit " + local;
    return "non-finite gradient ("
        + value
        + ") at step "
        + step
        + " in layer "
        + s.layer()
        + " "
        + s.kind()
        + " ("
        + where
        + ", flat index "
        + index
        + "); the step was not applied and the weights are those after step "
        + (step - 1)
        + ". Lower optimizer.lr, set clip.norm, or check the data for NaN/Inf.";
  }

  /** The 1-based step that was refused. */
  public long step() {
    return step;
  }

  /** The 0-based dense layer of the first non-finite entry (layout's numbering). */
  public int layer() {
    return layer;
  }

  public ParameterLayout.Kind kind() {
    return kind;
  }

  /** The flat parameter index of the first non-finite entry. */
  public int index() {
    return index;
  }
}
