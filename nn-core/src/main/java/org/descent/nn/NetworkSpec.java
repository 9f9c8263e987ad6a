package org.descent.nn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Immutable description of a multi-layer perceptron: input width, hidden layers, and an output
 * layer (linear) with its loss. Zero hidden layers is a linear model (softmax regression, linear
 * SVM, linear regression). Cheap to serialise and ship to executors; a {@link Network} is built
 * from it.
 */
public record NetworkSpec(
    int inputWidth, List<HiddenLayerSpec> hidden, int outputWidth, Loss loss, List<Tie> ties)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public NetworkSpec(int inputWidth, List<HiddenLayerSpec> hidden, int outputWidth, Loss loss) {
    this(inputWidth, hidden, outputWidth, loss, List.of());
  }

  /**
   * A network whose dense layers may share weight matrices ({@link Tie}), {@code ties} in
   * declaration order (empty when every layer owns its matrix); a bad declaration (no such layer, a
   * layer tied to itself or twice, a chain, shapes that do not fit) is refused here with the layer
   * numbers and shapes in the message.
   */
  public NetworkSpec {
    if (inputWidth <= 0) {
      throw new IllegalArgumentException("input width must be positive, got " + inputWidth);
    }
    if (outputWidth <= 0) {
      throw new IllegalArgumentException("output width must be positive, got " + outputWidth);
    }
    if (loss == null) {
      throw new IllegalArgumentException("the output layer needs a loss");
    }
    loss.checkOutputWidth(outputWidth);
    hidden = List.copyOf(hidden);
    ties = List.copyOf(ties);
    TieRules.check(widths(inputWidth, hidden, outputWidth), ties);
  }

  /** This network with {@code ties} instead of its own. */
  public NetworkSpec withTies(List<Tie> ties) {
    return new NetworkSpec(inputWidth, hidden, outputWidth, loss, ties);
  }

  /**
   * A plain network from layer widths {@code [n0, n1, ..., nL]}: every hidden layer uses {@code
   * activation}, the last layer is the linear output of {@code loss}.
   */
  public static NetworkSpec of(int[] widths, Activation activation, Loss loss) {
    if (widths.length < 2) {
      throw new IllegalArgumentException(
          "a network needs at least an input and an output width, got "
              + widths.length
              + " width(s); write e.g. 784,128,10");
    }
    List<HiddenLayerSpec> hidden = new ArrayList<>();
    for (int i = 1; i < widths.length - 1; i++) {
      if (widths[i] <= 0) {
        throw new IllegalArgumentException(
            "layer " + i + " has width " + widths[i] + "; every width must be positive");
      }
      hidden.add(HiddenLayerSpec.of(widths[i], activation));
    }
    return new NetworkSpec(widths[0], hidden, widths[widths.length - 1], loss);
  }

  /** The tie of dense layer {@code layer} (0-based), or null if it owns its matrix. */
  public Tie tieOf(int layer) {
    for (Tie t : ties) {
      if (t.layer() == layer) {
        return t;
      }
    }
    return null;
  }

  /** Number of dense layers (hidden layers + the output layer). */
  public int denseLayerCount() {
    return hidden.size() + 1;
  }

  /** Layer widths {@code [n0, ..., nL]}. */
  public int[] widths() {
    return widths(inputWidth, hidden, outputWidth);
  }

  private static int[] widths(int inputWidth, List<HiddenLayerSpec> hidden, int outputWidth) {
    int[] w = new int[hidden.size() + 2];
    w[0] = inputWidth;
    for (int i = 0; i < hidden.size(); i++) {
      w[i + 1] = hidden.get(i).width();
    }
    w[w.length - 1] = outputWidth;
    return w;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("NetworkSpec[").append(inputWidth);
    for (HiddenLayerSpec h : hidden) {
      sb.append(" → ").append(h.width()).append(' ').append(h.activation().configName());
      if (h.batchNorm()) {
        sb.append("+bn");
      }
      if (h.dropout() > 0f) {
        sb.append("+dropout(").append(h.dropout()).append(')');
      }
    }
    sb.append(" → ").append(outputWidth).append(' ').append(loss.configName());
    if (!ties.isEmpty()) {
      sb.append(" ties ").append(Tie.format(ties));
    }
    return sb.append(']').toString();
  }
}
