package org.descent.ps;

import java.util.List;

/**
 * Gradient descent with (heavy-ball) momentum in the course's form, with velocity {@code v_0 = 0}:
 *
 * <pre>
 *   g ← g + wd·p          (coupled weight decay, off by default)
 *   v ← ρ·v − lr·g
 *   p ← p + v
 * </pre>
 *
 * <p>State {@code velocity} = {@code v}. PyTorch's SGD keeps {@code buf ← μ·buf + g} and steps
 * {@code p ← p − lr·buf}; the parameters agree whenever the learning rate is constant, and then
 * {@code v = −lr·buf}. When the schedule changes lr, this form lets the old velocity carry the old
 * step sizes, as the course defines it.
 *
 * @param momentum ρ in [0, 1), default 0.9
 * @param weightDecay coupled L2 factor ≥ 0
 */
public record Momentum(double momentum, double weightDecay) implements MomentumFamily {

  public Momentum {
    MomentumFamily.check(momentum, weightDecay);
  }

  @Override
  public String name() {
    return "momentum";
  }

  @Override
  public List<String> stateNames() {
    return List.of("velocity");
  }

  @Override
  public void updateRange(
      float[] params, float[] grads, float[][] state, long step, float lr, int from, int to) {
    float[] v = state[0];
    // Float arithmetic with float hyperparameters: no float↔double conversion per element, so C2
    // vectorises the loop; the rounding stays far inside the reference tolerance (1e-5·max|ref|).
    float rho = (float) momentum;
    float wd = (float) weightDecay;
    for (int i = from; i < to; i++) {
      float g = grads[i] + wd * params[i];
      float vi = rho * v[i] - lr * g;
      v[i] = vi;
      params[i] = params[i] + vi;
    }
    Subnormals.flushEvery(step, from, to, v);
  }
}
