package org.descent.ps;

import static org.descent.ps.Hyperparameter.EPS;
import static org.descent.ps.Hyperparameter.WEIGHT_DECAY;

import java.util.List;
import java.util.Map;

/**
 * AdaGrad (Duchi, Hazan and Singer 2011) in PyTorch's form, with {@code sum_0 = 0}:
 *
 * <pre>
 *   g   ← g + wd·p        (coupled weight decay, off by default)
 *   sum ← sum + g²
 *   p   ← p − lr·g / (√sum + eps)      eps outside the square root
 * </pre>
 *
 * <p>A zero gradient entry at step 1 gives {@code 0 / (0 + eps) = 0}. State {@code sum}.
 *
 * @param eps > 0 ({@code optimizer.eps}, default 1e-8; PyTorch's AdaGrad uses 1e-10)
 * @param weightDecay coupled L2 factor ≥ 0
 */
public record AdaGrad(double eps, double weightDecay) implements ElementwiseOptimizer {

  public AdaGrad {
    EPS.check(eps);
    WEIGHT_DECAY.check(weightDecay);
  }

  @Override
  public String name() {
    return "adagrad";
  }

  @Override
  public List<String> stateNames() {
    return List.of("sum");
  }

  @Override
  public Map<String, String> settings() {
    return Hyperparameter.settings(name(), Map.of(EPS, eps, WEIGHT_DECAY, weightDecay));
  }

  @Override
  public void updateRange(
      float[] params, float[] grads, float[][] state, long step, float lr, int from, int to) {
    float[] sum = state[0];
    // Float arithmetic with float hyperparameters: no float↔double conversion per element, so C2
    // vectorises the loop; the rounding stays far inside the reference tolerance (1e-5·max|ref|).
    // (float) Math.sqrt(float) is C2's single-precision square root, which vectorises.
    float e = (float) eps;
    float wd = (float) weightDecay;
    for (int i = from; i < to; i++) {
      float g = grads[i] + wd * params[i];
      float s = sum[i] + g * g;
      sum[i] = s;
      params[i] = params[i] - lr * g / ((float) Math.sqrt(s) + e);
    }
  }
}
