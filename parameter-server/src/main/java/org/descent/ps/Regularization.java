package org.descent.ps;

import java.util.Map;
import org.descent.nn.ParameterLayout;
import org.descent.nn.ParameterLayout.Kind;
import org.descent.nn.Penalty;
import org.descent.ps.config.UpdateKeys;

/**
 * Penalty on the weights, added to the mean loss (not divided by the row count):
 *
 * <pre>
 *   R(W) = l1·Σ|W| + l2·ΣW²        ∂R/∂W = l1·sign(W) + 2·l2·W
 * </pre>
 *
 * <p>L2 has no ½ (the same convention as nn-core's reference fixtures), so its gradient is {@code
 * 2·l2·W}; both at once is the elastic net. sign(0) = 0 (the subgradient that leaves a zero weight
 * alone). It applies to segments of kind {@link Kind#WEIGHT}; with {@code includeBiases} also to
 * {@link Kind#BIAS}; batch-norm γ and β are never penalised (shrinking γ towards 0 would switch
 * units off).
 *
 * @param l1 λ1 ≥ 0
 * @param l2 λ2 ≥ 0
 * @param includeBiases whether biases are penalised too (default false)
 */
public record Regularization(double l1, double l2, boolean includeBiases) {
  public static final Regularization NONE = new Regularization(0, 0, false);

  public Regularization {
    UpdateKeys.REGULARIZATION_L1.check(l1);
    UpdateKeys.REGULARIZATION_L2.check(l2);
  }

  static Regularization fromConfig(FlatConfig c) {
    return new Regularization(
        UpdateKeys.REGULARIZATION_L1.read(c),
        UpdateKeys.REGULARIZATION_L2.read(c),
        UpdateKeys.REGULARIZATION_BIASES.read(c));
  }

  Map<String, String> settings() {
    return Map.ofEntries(
        UpdateKeys.REGULARIZATION_L1.setting(l1),
        UpdateKeys.REGULARIZATION_L2.setting(l2),
        UpdateKeys.REGULARIZATION_BIASES.setting(includeBiases));
  }

  public boolean isActive() {
    return l1 > 0 || l2 > 0;
  }

  /** The same penalty as nn-core's {@link Penalty}, which computes it. */
  public Penalty asPenalty() {
    return new Penalty(l1, l2, includeBiases);
  }

  /** Adds {@code ∂R/∂params} into {@code grads} (in place). */
  public void addGradient(float[] params, float[] grads, ParameterLayout layout) {
    layout.checkParameters(params, "parameter array");
    layout.checkParameters(grads, "gradient array");
    asPenalty().addGradient(params, grads, layout);
  }
}
