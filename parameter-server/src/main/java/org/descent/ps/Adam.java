package org.descent.ps;

import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1) with bias correction, {@code m_0 = v_0 = 0}, step {@code t
 * = 1, 2, …}:
 *
 * <pre>
 *   g ← g + wd·p                      (coupled weight decay, off by default)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   p ← p − lr·m̂ / (√v̂ + eps)        m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t)
 * </pre>
 *
 * <p>States {@code exp_avg} = {@code m} and {@code exp_avg_sq} = {@code v}, both stored without
 * bias correction (as PyTorch does). eps is outside the square root, added after bias correction.
 *
 * @param beta1 β1 in [0, 1), default 0.9
 * @param beta2 β2 in [0, 1), default 0.999
 * @param eps > 0, default 1e-8
 * @param weightDecay coupled L2 factor ≥ 0 (for decoupled decay use {@link AdamW})
 */
public record Adam(double beta1, double beta2, double eps, double weightDecay)
    implements ElementwiseOptimizer {

  public Adam {
    checkHyperparameters(beta1, beta2, eps, weightDecay);
  }

  static Adam fromConfig(FlatConfig c) {
    return new Adam(
        Hyperparameter.BETA1.read(c, 0.9),
        Hyperparameter.BETA2.read(c, 0.999),
        Hyperparameter.EPS.read(c, 1e-8),
        Hyperparameter.WEIGHT_DECAY.read(c, 0));
  }

  static void checkHyperparameters(double beta1, double beta2, double eps, double weightDecay) {
    Hyperparameter.BETA1.check(beta1);
    Hyperparameter.BETA2.check(beta2);
    Hyperparameter.EPS.check(eps);
    Hyperparameter.WEIGHT_DECAY.check(weightDecay);
  }

  static Map<String, String> settings(
      String name, double beta1, double beta2, double eps, double weightDecay) {
    return Hyperparameter.settings(
        name,
        Map.of(
            Hyperparameter.BETA1,
            beta1,
            Hyperparameter.BETA2,
            beta2,
            Hyperparameter.EPS,
            eps,
            Hyperparameter.WEIGHT_DECAY,
            weightDecay));
  }

  @Override
  public String name() {
    return "adam";
  }

  @Override
  public List<String> stateNames() {
    return List.of("exp_avg", "exp_avg_sq");
  }

  @Override
  public Map<String, String> settings() {
    return settings(name(), beta1, beta2, eps, weightDecay);
  }

  @Override
  public void updateRange(
      float[] params, float[] grads, float[][] state, long step, float lr, int from, int to) {
    updateRangeFromSum(params, grads, null, 1f, state, step, lr, from, to); // x / 1 is x exactly
  }

  @Override
  public boolean fusesDivision() {
    return true;
  }

  @Override
  public void updateRangeFromSum(
      float[] params,
      float[] sum,
      float[] addend,
      float rows,
      float[][] state,
      long step,
      float lr,
      int from,
      int to) {
    step(
        params,
        sum,
        addend,
        rows,
        state[0],
        state[1],
        step,
        lr,
        beta1,
        beta2,
        eps,
        weightDecay,
        0,
        from,
        to);
  }

  /**
   * The Adam kernel shared with {@link AdamW}: {@code coupledDecay} is added to the gradient,
   * {@code decoupledDecay} shrinks {@code p ← p·(1 − lr·wd)} before the Adam step. The gradient of
   * entry i is {@code (grads[i] + addend[i]) / rows} ({@code grads[i] / rows} without an addend):
   * the parameter server's division fused into the update ({@link
   * ElementwiseOptimizer#updateRangeFromSum}); {@code x / 1} is {@code x} exactly, so rows 1 and no
   * addend is the plain update.
   */
  static void step(
      float[] params,
      float[] grads,
      float[] addend,
      float rows,
      float[] m,
      float[] v,
      long step,
      float lr,
      double beta1,
      double beta2,
      double eps,
      double coupledDecay,
      double decoupledDecay,
      int from,
      int to) {
    // The bias corrections are per step, not per element: computed once in double, as PyTorch
    // does (step_size = lr / (1 − β1^t), denominator √v / √(1 − β2^t) + eps), so the loop has
    // no pow, no double division and no float↔double conversion, and C2 vectorises it. Float
    // rounding stays far inside the reference tolerance (1e-5·max|ref|).
    double biasCorrection1 = 1 - Math.pow(beta1, step);
    double biasCorrection2 = 1 - Math.pow(beta2, step);
    float stepSize = (float) (lr / biasCorrection1);
    float invSqrtBc2 = (float) (1 / Math.sqrt(biasCorrection2));
    float shrink = (float) (1 - (double) lr * decoupledDecay); // exactly 1 without decay
    float b1 = (float) beta1;
    float oneMinusB1 = (float) (1 - beta1);
    float b2 = (float) beta2;
    float oneMinusB2 = (float) (1 - beta2);
    float e = (float) eps;
    float wd = (float) coupledDecay;
    if (addend == null) {
      for (int i = from; i < to; i++) {
        float p = params[i];
        float g = grads[i] / rows + wd * p;
        float mi = b1 * m[i] + oneMinusB1 * g;
        float vi = b2 * v[i] + oneMinusB2 * g * g;
        m[i] = mi;
        v[i] = vi;
        params[i] = p * shrink - stepSize * mi / ((float) Math.sqrt(vi) * invSqrtBc2 + e);
      }
    } else {
      for (int i = from; i < to; i++) {
        float p = params[i];
        float g = (grads[i] + addend[i]) / rows + wd * p;
        float mi = b1 * m[i] + oneMinusB1 * g;
        float vi = b2 * v[i] + oneMinusB2 * g * g;
        m[i] = mi;
        v[i] = vi;
        params[i] = p * shrink - stepSize * mi / ((float) Math.sqrt(vi) * invSqrtBc2 + e);
      }
    }
    Subnormals.flushEvery(step, from, to, m, v);
  }
}
