package org.descent.ps;

import java.util.Map;
import org.descent.ps.config.UpdateKeys;

/**
 * Limits on the (mean, regularised) gradient before the optimiser sees it. First by value: each
 * entry clamped to {@code [−maxValue, maxValue]}; then by global norm: if {@code ‖g‖₂ > maxNorm}
 * over all parameters, every entry is scaled by {@code maxNorm / ‖g‖₂} (direction kept; Pascanu et
 * al. 2013). 0 turns either off.
 *
 * @param maxNorm {@code clip.norm} ≥ 0, 0 = off
 * @param maxValue {@code clip.value} ≥ 0, 0 = off
 */
public record GradientClipping(double maxNorm, double maxValue) {
  public static final GradientClipping NONE = new GradientClipping(0, 0);

  public GradientClipping {
    UpdateKeys.CLIP_NORM.check(maxNorm);
    UpdateKeys.CLIP_VALUE.check(maxValue);
  }

  static GradientClipping fromConfig(FlatConfig c) {
    return new GradientClipping(UpdateKeys.CLIP_NORM.read(c), UpdateKeys.CLIP_VALUE.read(c));
  }

  Map<String, String> settings() {
    return Map.ofEntries(
        UpdateKeys.CLIP_NORM.setting(maxNorm), UpdateKeys.CLIP_VALUE.setting(maxValue));
  }

  /** Whether either limit is set. */
  public boolean isActive() {
    return maxNorm > 0 || maxValue > 0;
  }

  /** Clips {@code grads} in place: by value, then by norm, as configured. */
  public void clip(float[] grads) {
    if (maxValue > 0) {
      clipByValue(grads, maxValue);
    }
    if (maxNorm > 0) {
      clipByNorm(grads, maxNorm);
    }
  }

  /** Clamps every entry of {@code grads} to {@code [−limit, limit]}, in place. */
  public static void clipByValue(float[] grads, double limit) {
    float hi = (float) limit;
    float lo = -hi;
    for (int i = 0; i < grads.length; i++) {
      grads[i] = Math.max(lo, Math.min(hi, grads[i]));
    }
  }

  /**
   * Scales {@code grads} in place so that its L2 norm is at most {@code limit}.
   *
   * @return the norm before scaling
   */
  public static double clipByNorm(float[] grads, double limit) {
    double norm = l2Norm(grads);
    if (norm > limit) {
      double scale = limit / norm;
      for (int i = 0; i < grads.length; i++) {
        grads[i] = (float) (grads[i] * scale);
      }
    }
    return norm;
  }

  /** {@code ‖x‖₂}, summed in double. */
  public static double l2Norm(float[] x) {
    double sum = 0;
    for (float v : x) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum);
  }
}
