package org.descent.ps;

import java.util.Map;
import org.descent.nn.ParameterLayout;
import org.descent.nn.ParameterLayout.Kind;
import org.descent.nn.ParameterLayout.Segment;
import org.descent.ps.config.UpdateKeys;

/**
 * Projections applied to the weights after each update, on segments of kind {@link Kind#WEIGHT}
 * only (biases and batch-norm parameters are free). First non-negativity ({@code W ← max(W, 0)}),
 * then max-norm (Srivastava et al. 2014): each unit's incoming weight vector, column {@code j} of
 * the {@code [in, out]} matrix, is rescaled to {@code ‖W[:, j]‖₂ ≤ c} when longer. Rescaling keeps
 * signs, so both together still hold afterwards.
 *
 * @param nonNegative {@code constraint.nonNegative}
 * @param maxNorm {@code constraint.maxNorm} c ≥ 0, 0 = off
 */
public record WeightConstraints(boolean nonNegative, double maxNorm) {
  public static final WeightConstraints NONE = new WeightConstraints(false, 0);

  public WeightConstraints {
    UpdateKeys.CONSTRAINT_MAX_NORM.check(maxNorm);
  }

  static WeightConstraints fromConfig(FlatConfig c) {
    return new WeightConstraints(
        UpdateKeys.CONSTRAINT_NON_NEGATIVE.read(c), UpdateKeys.CONSTRAINT_MAX_NORM.read(c));
  }

  Map<String, String> settings() {
    return Map.ofEntries(
        UpdateKeys.CONSTRAINT_NON_NEGATIVE.setting(nonNegative),
        UpdateKeys.CONSTRAINT_MAX_NORM.setting(maxNorm));
  }

  public boolean isActive() {
    return nonNegative || maxNorm > 0;
  }

  /** Projects the weight segments of {@code params} in place. */
  public void apply(float[] params, ParameterLayout layout) {
    layout.checkParameters(params, "parameter array");
    for (Segment s : layout.segments()) {
      if (s.kind() != Kind.WEIGHT) {
        continue;
      }
      if (nonNegative) {
        for (int i = s.offset(); i < s.end(); i++) {
          params[i] = Math.max(params[i], 0f);
        }
      }
      if (maxNorm > 0) {
        limitColumnNorms(params, s, maxNorm);
      }
    }
  }

  /** Rescales each column j (indices {@code offset + i·cols + j}) to norm ≤ {@code limit}. */
  static void limitColumnNorms(float[] params, Segment s, double limit) {
    int rows = s.rows();
    int cols = s.cols();
    double[] squares = new double[cols];
    for (int i = 0; i < rows; i++) {
      int row = s.offset() + i * cols;
      for (int j = 0; j < cols; j++) {
        double w = params[row + j];
        squares[j] += w * w;
      }
    }
    boolean any = false;
    for (int j = 0; j < cols; j++) {
      double norm = Math.sqrt(squares[j]);
      squares[j] = norm > limit ? limit / norm : 1; // now the scale of column j
      any |= norm > limit;
    }
    if (!any) {
      return;
    }
    for (int i = 0; i < rows; i++) {
      int row = s.offset() + i * cols;
      for (int j = 0; j < cols; j++) {
        params[row + j] = (float) (params[row + j] * squares[j]);
      }
    }
  }
}
