package org.descent.ps;

import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter 2019): Adam with decoupled weight decay, as {@code
 * torch.optim.AdamW}. First {@code p ← p·(1 − lr·wd)}, then the {@link Adam} step with the raw
 * gradient; the decay never enters {@code m} or {@code v}. It applies to every entry, biases
 * included. States {@code exp_avg}, {@code exp_avg_sq}.
 *
 * @param beta1 β1 in [0, 1), default 0.9
 * @param beta2 β2 in [0, 1), default 0.999
 * @param eps > 0, default 1e-8
 * @param weightDecay decoupled decay factor ≥ 0, default 0.01 (PyTorch's default)
 */
public record AdamW(double beta1, double beta2, double eps, double weightDecay)
    implements ElementwiseOptimizer {

  public AdamW {
    Adam.checkHyperparameters(beta1, beta2, eps, weightDecay);
  }

  static AdamW fromConfig(FlatConfig c) {
    return new AdamW(
        Hyperparameter.BETA1.read(c, 0.9),
        Hyperparameter.BETA2.read(c, 0.999),
        Hyperparameter.EPS.read(c, 1e-8),
        Hyperparameter.WEIGHT_DECAY.read(c, 0.01));
  }

  @Override
  public String name() {
    return "adamw";
  }

  @Override
  public List<String> stateNames() {
    return List.of("exp_avg", "exp_avg_sq");
  }

  @Override
  public Map<String, String> settings() {
    return Adam.settings(name(), beta1, beta2, eps, weightDecay);
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
    Adam.step(
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
        0,
        weightDecay,
        from,
        to);
  }
}
