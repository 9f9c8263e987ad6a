package org.descent.ps;

import java.util.List;

/**
 * Nesterov momentum in PyTorch's reparameterised form (Sutskever et al. 2013, as implemented by
 * {@code torch.optim.SGD(nesterov=True)}), with {@code buf_0 = 0}:
 *
 * <pre>
 *   g   ← g + wd·p        (coupled weight decay, off by default)
 *   buf ← μ·buf + g
 *   p   ← p − lr·(g + μ·buf)
 * </pre>
 *
 * <p>The parameters tracked are the look-ahead point, so the gradient is evaluated where it is
 * given. State {@code momentum_buffer} = {@code buf}.
 *
 * @param momentum μ in [0, 1), default 0.9
 * @param weightDecay coupled L2 factor ≥ 0
 */
public record Nesterov(double momentum, double weightDecay) implements MomentumFamily {

  public Nesterov {
    MomentumFamily.check(momentum, weightDecay);
  }

  @Override
  public String name() {
    return "nesterov";
  }

  @Override
  public List<String> stateNames() {
    return List.of("momentum_buffer");
  }

  @Override
  public void updateRange(
      float[] params, float[] grads, float[][] state, long step, float lr, int from, int to) {
    float[] buf = state[0];
    // Float arithmetic with float hyperparameters: no float↔double conversion per element, so C2
    // vectorises the loop; the rounding stays far inside the reference tolerance (1e-5·max|ref|).
    float mu = (float) momentum;
    float wd = (float) weightDecay;
    for (int i = from; i < to; i++) {
      float g = grads[i] + wd * params[i];
      float b = mu * buf[i] + g;
      buf[i] = b;
      params[i] = params[i] - lr * (g + mu * b);
    }
    Subnormals.flushEvery(step, from, to, buf);
  }
}
