package org.descent.ps;

/**
 * AdamW (Loshchilov and Hutter 2019): Adam with decoupled weight decay, as {@code
 * torch.optim.AdamW}. First {@code p ← p·(1 − lr·wd)}, then the {@link Adam} step with the raw
 * gradient; the decay never enters {@code m} or {@code v}. It applies to every entry, biases
 * included. States {@code exp_avg}, {@code exp_avg_sq}.
 *
 * @param beta1 β1 in [0, 1), default 0.9
 * @param beta2 β2 in [0, 1), default 0.999
 * @param eps > 0, default 1e-8
 * @param weightDecay decoupled decay factor ≥ 0 ({@code optimizer.weightDecay}, default 0: set it;
 *     PyTorch's AdamW uses 0.01)
 */
public record AdamW(double beta1, double beta2, double eps, double weightDecay)
    implements AdamStep {

  public AdamW {
    AdamFamily.check(beta1, beta2, eps, weightDecay);
  }

  @Override
  public String name() {
    return "adamw";
  }

  @Override
  public boolean decouplesDecay() {
    return true;
  }
}
