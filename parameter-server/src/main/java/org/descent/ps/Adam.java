package org.descent.ps;

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
public record Adam(double beta1, double beta2, double eps, double weightDecay) implements AdamStep {

  public Adam {
    AdamFamily.check(beta1, beta2, eps, weightDecay);
  }

  @Override
  public String name() {
    return "adam";
  }

  @Override
  public boolean decouplesDecay() {
    return false;
  }
}
