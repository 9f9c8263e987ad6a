package org.descent.ps;

import java.util.Arrays;
import java.util.List;
import org.descent.nn.ParameterLayout;

/**
 * LAMB, layer-wise adaptive moments for large batches (You et al. 2019, "Large Batch Optimization
 * for Deep Learning: Training BERT in 76 minutes", Algorithm 2, with φ = identity). For step {@code
 * t = 1, 2, …} and each parameter tensor ℓ (a layer's weights, its biases, and, if present, its
 * batch-norm γ and β, each on its own, as the paper and its reference implementations do; a ratio
 * over the whole layer would let the weights' norm set the biases' step):
 *
 * <pre>
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   u = m̂ / (√v̂ + eps) + wd·p          Adam direction plus decoupled weight decay
 *   r_ℓ = ‖p_ℓ‖ / ‖u_ℓ‖                 trust ratio; 1 when either norm is 0
 *   p ← p − lr·r_ℓ·u
 * </pre>
 *
 * <p>m̂, v̂ are bias-corrected as in {@link Adam}. The trust ratio makes each tensor's step
 * proportional to its norm, which is what lets the learning rate grow with the batch. States {@code
 * exp_avg}, {@code exp_avg_sq}. Norms are summed in double.
 */
public final class Lamb implements AdamFamily {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;

  /** Per tensor: its flat {@code [start, end)} pair; null means one group (the whole vector). */
  private final int[][] groups;

  private final int size;

  /**
   * LAMB over the parameter tensors (segments) of {@code layout}; with {@code layout == null} the
   * whole vector is one tensor.
   *
   * @param beta1 β1 in [0, 1), default 0.9
   * @param beta2 β2 in [0, 1), default 0.999
   * @param eps > 0 ({@code optimizer.eps}, default 1e-8; the paper uses 1e-6)
   * @param weightDecay decoupled decay factor λ ≥ 0 ({@code optimizer.weightDecay}, default 0; the
   *     paper uses 0.01)
   */
  public Lamb(double beta1, double beta2, double eps, double weightDecay, ParameterLayout layout) {
    AdamFamily.check(beta1, beta2, eps, weightDecay);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.groups = layout == null ? null : layerGroups(layout);
    this.size = layout == null ? -1 : layout.size();
  }

  /** One group per segment (tensor) of the layout. */
  private static int[][] layerGroups(ParameterLayout layout) {
    List<ParameterLayout.Segment> segments = layout.segments();
    int[][] out = new int[segments.size()][];
    for (int k = 0; k < out.length; k++) {
      out[k] = new int[] {segments.get(k).offset(), segments.get(k).end()};
    }
    return out;
  }

  @Override
  public double beta1() {
    return beta1;
  }

  @Override
  public double beta2() {
    return beta2;
  }

  @Override
  public double eps() {
    return eps;
  }

  @Override
  public double weightDecay() {
    return weightDecay;
  }

  @Override
  public String name() {
    return "lamb";
  }

  @Override
  public void update(float[] params, float[] grads, float[][] state, long step, float lr) {
    UpdateArguments.check(this, params, grads, state, step, lr);
    if (size >= 0 && params.length != size) {
      throw new IllegalArgumentException(
          "LAMB was built for a layout of " + size + " parameters, got " + params.length);
    }
    float[] m = state[0];
    float[] v = state[1];
    // Per-step constants hoisted out of the loops (bias corrections as a reciprocal and a
    // reciprocal square root) and per-element math in float, as in Adam; only the norms are
    // summed in double.
    float invBc1 = (float) (1 / (1 - Math.pow(beta1, step)));
    float invSqrtBc2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, step)));
    float b1 = (float) beta1;
    float oneMinusB1 = (float) (1 - beta1);
    float b2 = (float) beta2;
    float oneMinusB2 = (float) (1 - beta2);
    float e = (float) eps;
    float wd = (float) weightDecay;
    int[][] layers = groups == null ? new int[][] {{0, params.length}} : groups;
    for (int[] ranges : layers) {
      // Pass 1: moments and the two norms. Pass 2 recomputes u from the stored (float) moments
      // and the unchanged p, so both passes see the same u without a scratch array.
      double paramSquares = 0;
      double updateSquares = 0;
      for (int r = 0; r < ranges.length; r += 2) {
        for (int i = ranges[r]; i < ranges[r + 1]; i++) {
          float g = grads[i];
          float mi = b1 * m[i] + oneMinusB1 * g;
          float vi = b2 * v[i] + oneMinusB2 * g * g;
          m[i] = mi;
          v[i] = vi;
          float p = params[i];
          float u = mi * invBc1 / ((float) Math.sqrt(vi) * invSqrtBc2 + e) + wd * p;
          paramSquares += (double) p * p;
          updateSquares += (double) u * u;
        }
      }
      double ratio = trustRatio(Math.sqrt(paramSquares), Math.sqrt(updateSquares));
      float stepSize = (float) (lr * ratio);
      for (int r = 0; r < ranges.length; r += 2) {
        for (int i = ranges[r]; i < ranges[r + 1]; i++) {
          float p = params[i];
          float u = m[i] * invBc1 / ((float) Math.sqrt(v[i]) * invSqrtBc2 + e) + wd * p;
          params[i] = p - stepSize * u;
        }
      }
    }
    Subnormals.flushEvery(step, 0, params.length, m, v);
  }

  /** {@code ‖p‖ / ‖u‖}, or 1 when either norm is 0 (a fresh zero layer, or nothing to do). */
  static double trustRatio(double paramNorm, double updateNorm) {
    return paramNorm > 0 && updateNorm > 0 ? paramNorm / updateNorm : 1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Lamb l
        && beta1 == l.beta1
        && beta2 == l.beta2
        && eps == l.eps
        && weightDecay == l.weightDecay
        && size == l.size
        && Arrays.deepEquals(groups, l.groups);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(groups) * 31 + Double.hashCode(beta1 + beta2 + eps + weightDecay);
  }

  @Override
  public String toString() {
    return "Lamb[beta1="
        + beta1
        + ", beta2="
        + beta2
        + ", eps="
        + eps
        + ", weightDecay="
        + weightDecay
        + ", tensors="
        + (groups == null ? 1 : groups.length)
        + "]";
  }
}
