package org.descent.ps;

import static org.descent.ps.Hyperparameter.ALPHA;
import static org.descent.ps.Hyperparameter.EPS;
import static org.descent.ps.Hyperparameter.WEIGHT_DECAY;

import java.util.List;
import java.util.Map;

/**
 * RMSProp (Hinton, lecture 6e, 2012) in PyTorch's uncentred form without momentum, {@code v_0 = 0}:
 *
 * <pre>
 *   g ← g + wd·p          (coupled weight decay, off by default)
 *   v ← α·v + (1 − α)·g²
 *   p ← p − lr·g / (√v + eps)          eps outside the square root
 * </pre>
 *
 * <p>State {@code square_avg} = {@code v}.
 *
 * @param alpha α in [0, 1), default 0.99
 * @param eps > 0, default 1e-8
 * @param weightDecay coupled L2 factor ≥ 0
 */
public record RmsProp(double alpha, double eps, double weightDecay)
    implements ElementwiseOptimizer {

  public RmsProp {
    ALPHA.check(alpha);
    EPS.check(eps);
    WEIGHT_DECAY.check(weightDecay);
  }

  @Override
  public String name() {
    return "rmsprop";
  }

  @Override
  public List<String> stateNames() {
    return List.of("square_avg");
  }

  @Override
  public Map<String, String> settings() {
    return Hyperparameter.settings(
        name(), Map.of(ALPHA, alpha, EPS, eps, WEIGHT_DECAY, weightDecay));
  }

  @Override
  public void updateRange(
      float[] params, float[] grads, float[][] state, long step, float lr, int from, int to) {
    float[] v = state[0];
    // Float arithmetic with float hyperparameters: no float↔double conversion per element, so C2
    // vectorises the loop; the rounding stays far inside the reference tolerance (1e-5·max|ref|).
    // (float) Math.sqrt(float) is C2's single-precision square root, which vectorises.
    float a = (float) alpha;
    float oneMinusA = (float) (1 - alpha);
    float e = (float) eps;
    float wd = (float) weightDecay;
    for (int i = from; i < to; i++) {
      float g = grads[i] + wd * params[i];
      float vi = a * v[i] + oneMinusA * g * g;
      v[i] = vi;
      params[i] = params[i] - lr * g / ((float) Math.sqrt(vi) + e);
    }
    Subnormals.flushEvery(step, from, to, v);
  }
}
