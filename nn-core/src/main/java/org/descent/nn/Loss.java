package org.descent.nn;

import java.util.Arrays;
import java.util.Locale;

/**
 * Output heads: the loss fused with its output function. Logits are the last dense layer's linear
 * output, row-major {@code [rows, width]}. Every method works with <em>sums</em> over rows, so a
 * distributed step can add partition results and divide by the global row count exactly once.
 *
 * <p>Targets are one float per row for the classification heads (the class index, or 0/1 for the
 * binary head) and {@code width} floats per row for mean squared error ({@link #targetWidth}).
 */
public enum Loss {
  /** L_i = log Σ_j e^(s_ij) − s_{i,y_i}; output = softmax. */
  SOFTMAX_CROSS_ENTROPY("softmax_cross_entropy", "softmax"),
  /** Weston–Watkins: L_i = Σ_{j≠y_i} max(0, s_ij − s_{i,y_i} + 1); output = raw scores. */
  MULTICLASS_HINGE("multiclass_hinge", "hinge"),
  /** L_i = Σ_k (s_ik − t_ik)² (no ½, not divided by width); output = identity. */
  MEAN_SQUARED_ERROR("mean_squared_error", "mse"),
  /** L_i = −[t ln σ(s) + (1 − t) ln(1 − σ(s))], one output; output = σ(s). */
  BINARY_SIGMOID_CROSS_ENTROPY("binary_sigmoid_cross_entropy", "sigmoid");

  private final String configName;
  private final String headName;

  Loss(String configName, String headName) {
    this.configName = configName;
    this.headName = headName;
  }

  /** The loss's full name, as in the reference fixtures, e.g. {@code softmax_cross_entropy}. */
  public String configName() {
    return configName;
  }

  /** The short head name of {@code model.head}: softmax, hinge, mse or sigmoid. */
  public String headName() {
    return headName;
  }

  /** Parses a head name (softmax, hinge, mse, sigmoid) or a full loss name. */
  public static Loss parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (Loss l : values()) {
      if (l.configName.equals(key) || l.headName.equals(key)) {
        return l;
      }
    }
    String[] names = Arrays.stream(values()).map(Loss::headName).toArray(String[]::new);
    String[] all =
        Arrays.stream(values())
            .flatMap(l -> java.util.stream.Stream.of(l.headName, l.configName))
            .toArray(String[]::new);
    throw Names.unknown("head", name, all, "valid heads", names);
  }

  /** True when targets are class indices and predictions are classes. */
  public boolean isClassification() {
    return this != MEAN_SQUARED_ERROR;
  }

  /** Number of classes a classifier with this head and output width predicts. */
  public int classCount(int outputWidth) {
    return this == BINARY_SIGMOID_CROSS_ENTROPY ? 2 : outputWidth;
  }

  /** Floats of target per row. */
  public int targetWidth(int outputWidth) {
    return this == MEAN_SQUARED_ERROR ? outputWidth : 1;
  }

  /** Throws with a clear message when the output width cannot go with this head. */
  public void checkOutputWidth(int width) {
    switch (this) {
      case BINARY_SIGMOID_CROSS_ENTROPY -> {
        if (width != 1) {
          throw new IllegalArgumentException(
              "binary_sigmoid_cross_entropy needs an output layer of width 1, got "
                  + width
                  + "; use softmax_cross_entropy for "
                  + width
                  + " classes");
        }
      }
      case SOFTMAX_CROSS_ENTROPY, MULTICLASS_HINGE -> {
        if (width < 2) {
          throw new IllegalArgumentException(
              configName
                  + " needs an output layer of at least 2 classes, got "
                  + width
                  + "; use binary_sigmoid_cross_entropy for a single output");
        }
      }
      case MEAN_SQUARED_ERROR -> {
        if (width < 1) {
          throw new IllegalArgumentException("mean_squared_error needs at least 1 output");
        }
      }
    }
  }

  /**
   * Returns Σ_i L_i over {@code rows} rows and writes ∂(Σ_i L_i)/∂logits into {@code delta} (not
   * divided by rows). {@code delta} may be null to compute the loss only.
   */
  public double lossSumAndDelta(
      float[] logits, float[] targets, int targetOffset, int rows, int width, float[] delta) {
    double sum = 0.0;
    for (int r = 0; r < rows; r++) {
      sum += rowLossAndDelta(logits, targets, targetOffset, r, width, delta);
    }
    return sum;
  }

  /**
   * Σ_i w_i·L_i with w_i = {@code weights[weightOffset + i]} (≥ 0), and its gradient in {@code
   * delta}: each row's delta scaled by its weight. {@code weights == null} weighs every row 1.
   */
  public double weightedLossSumAndDelta(
      float[] logits,
      float[] targets,
      int targetOffset,
      float[] weights,
      int weightOffset,
      int rows,
      int width,
      float[] delta) {
    if (weights == null) {
      return lossSumAndDelta(logits, targets, targetOffset, rows, width, delta);
    }
    double sum = 0.0;
    for (int r = 0; r < rows; r++) {
      float w = weights[weightOffset + r];
      sum += w * rowLossAndDelta(logits, targets, targetOffset, r, width, delta);
      if (delta != null) {
        for (int j = r * width, end = j + width; j < end; j++) {
          delta[j] *= w;
        }
      }
    }
    return sum;
  }

  /** The largest of {@code width} logits from {@code base}: the shift that keeps exp finite. */
  private static double rowMax(float[] logits, int base, int width) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < width; j++) {
      max = Math.max(max, logits[base + j]);
    }
    return max;
  }

  /** Σ_j exp(logit_j − max) over the row: softmax's normaliser, shifted by the row's max. */
  private static double sumExp(float[] logits, int base, int width, double max) {
    double z = 0.0;
    for (int j = 0; j < width; j++) {
      z += Math.exp(logits[base + j] - max);
    }
    return z;
  }

  /** L_r of row {@code r}; writes its ∂L_r/∂logits into delta's row r unless delta is null. */
  private double rowLossAndDelta(
      float[] logits, float[] targets, int targetOffset, int r, int width, float[] delta) {
    int base = r * width;
    switch (this) {
      case SOFTMAX_CROSS_ENTROPY -> {
        int y = classOf(targets[targetOffset + r], width, r);
        double max = rowMax(logits, base, width);
        double logZ = max + Math.log(sumExp(logits, base, width, max));
        if (delta != null) {
          for (int j = 0; j < width; j++) {
            delta[base + j] = (float) Math.exp(logits[base + j] - logZ);
          }
          delta[base + y] -= 1f;
        }
        return logZ - logits[base + y];
      }
      case MULTICLASS_HINGE -> {
        int y = classOf(targets[targetOffset + r], width, r);
        double sy = logits[base + y];
        double sum = 0.0;
        int violations = 0;
        for (int j = 0; j < width; j++) {
          if (j == y) {
            continue;
          }
          double margin = logits[base + j] - sy + 1.0;
          boolean violated = margin > 0;
          if (violated) {
            sum += margin;
            violations++;
          }
          if (delta != null) {
            delta[base + j] = violated ? 1f : 0f;
          }
        }
        if (delta != null) {
          delta[base + y] = -violations;
        }
        return sum;
      }
      case MEAN_SQUARED_ERROR -> {
        double sum = 0.0;
        for (int j = 0; j < width; j++) {
          double diff = (double) logits[base + j] - targets[targetOffset + base + j];
          sum += diff * diff;
          if (delta != null) {
            delta[base + j] = (float) (2.0 * diff);
          }
        }
        return sum;
      }
      default -> {
        // BINARY_SIGMOID_CROSS_ENTROPY (width 1):
        // −[t ln σ(s) + (1−t) ln(1−σ(s))] = softplus(s) − t·s, stable for any s.
        double s = logits[r];
        double t = binaryOf(targets[targetOffset + r], r);
        if (delta != null) {
          delta[r] = (float) (Activation.sigmoid(s) - t);
        }
        return stableSoftplus(s) - t * s;
      }
    }
  }

  /** Writes the head's output (probabilities, scores or values) for {@code rows} rows into out. */
  public void output(float[] logits, int rows, int width, float[] out) {
    switch (this) {
      case SOFTMAX_CROSS_ENTROPY -> {
        for (int r = 0; r < rows; r++) {
          int base = r * width;
          double max = rowMax(logits, base, width);
          double z = sumExp(logits, base, width, max);
          for (int j = 0; j < width; j++) {
            out[base + j] = (float) (Math.exp(logits[base + j] - max) / z);
          }
        }
      }
      case BINARY_SIGMOID_CROSS_ENTROPY -> {
        for (int r = 0; r < rows; r++) {
          out[r] = (float) Activation.sigmoid(logits[r]);
        }
      }
      case MULTICLASS_HINGE, MEAN_SQUARED_ERROR -> {
        if (out != logits) {
          System.arraycopy(logits, 0, out, 0, rows * width);
        }
      }
    }
  }

  /** The predicted class of one row from its logits (argmax; σ(s) ≥ 0.5 for the binary head). */
  public int predictClass(float[] logits, int row, int width) {
    int base = row * width;
    if (this == BINARY_SIGMOID_CROSS_ENTROPY) {
      return logits[base] >= 0f ? 1 : 0;
    }
    int best = 0;
    for (int j = 1; j < width; j++) {
      if (logits[base + j] > logits[base + best]) {
        best = j;
      }
    }
    return best;
  }

  private static double stableSoftplus(double s) {
    return Math.max(s, 0.0) + Math.log1p(Math.exp(-Math.abs(s)));
  }

  private static int classOf(float target, int width, int row) {
    int y = (int) target;
    if (y != target || y < 0 || y >= width) {
      throw new IllegalArgumentException(
          "row " + row + ": class label " + target + " is not an integer in [0, " + width + ")");
    }
    return y;
  }

  private static double binaryOf(float target, int row) {
    if (target != 0f && target != 1f) {
      throw new IllegalArgumentException(
          "row " + row + ": binary label " + target + " must be 0 or 1");
    }
    return target;
  }
}
