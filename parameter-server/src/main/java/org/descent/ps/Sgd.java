package org.descent.ps;

import static org.descent.ps.Hyperparameter.WEIGHT_DECAY;

import java.util.List;
import java.util.Map;

/**
 * Plain gradient descent: {@code g ← g + wd·p} (coupled weight decay, off by default), then {@code
 * p ← p − lr·g}. No state.
 *
 * @param weightDecay coupled L2 factor {@code wd ≥ 0} (PyTorch's {@code weight_decay})
 */
public record Sgd(double weightDecay) implements ElementwiseOptimizer {

  public Sgd {
    WEIGHT_DECAY.check(weightDecay);
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public List<String> stateNames() {
    return List.of();
  }

  @Override
  public Map<String, String> settings() {
    return Hyperparameter.settings(name(), Map.of(WEIGHT_DECAY, weightDecay));
  }

  @Override
  public void updateRange(
      float[] params, float[] grads, float[][] state, long step, float lr, int from, int to) {
    // Float arithmetic with float hyperparameters: no float↔double conversion per element, so C2
    // vectorises the loop; the rounding stays far inside the reference tolerance (1e-5·max|ref|).
    float wd = (float) weightDecay;
    for (int i = from; i < to; i++) {
      float g = grads[i] + wd * params[i];
      params[i] = params[i] - lr * g;
    }
  }
}
