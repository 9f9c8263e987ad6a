package org.descent.ps;

/**
 * The elementwise step of {@link Adam} and {@link AdamW}, one kernel for both: they differ only in
 * where the weight decay enters ({@link #decouplesDecay}). The step fuses the parameter server's
 * division ({@link #updateRangeFromSum}), so the mean gradient is never written out.
 */
interface AdamStep extends ElementwiseOptimizer, AdamFamily {

  /**
   * Whether the weight decay shrinks the parameters before the step, {@code p ← p·(1 − lr·wd)}
   * (AdamW), rather than being added to the gradient, {@code g ← g + wd·p} (Adam).
   */
  boolean decouplesDecay();

  @Override
  default void updateRange(
      float[] params, float[] grads, float[][] state, long step, float lr, int from, int to) {
    updateRangeFromSum(params, grads, null, 1f, state, step, lr, from, to); // x / 1 is x exactly
  }

  /**
   * {@link #updateRange} with the parameter server's division fused in: entry i's gradient is
   * {@code (sum[i] + addend[i]) / rows} ({@code sum[i] / rows} without an addend), computed in the
   * update's own pass, so the mean gradient is never written out (a pass over memory less). The
   * same float operations as dividing first, so the same bits.
   */
  default void updateRangeFromSum(
      float[] params,
      float[] sum,
      float[] addend,
      float rows,
      float[][] state,
      long step,
      float lr,
      int from,
      int to) {
    double decay = weightDecay();
    step(
        params,
        sum,
        addend,
        rows,
        state[0],
        state[1],
        step,
        lr,
        beta1(),
        beta2(),
        eps(),
        decouplesDecay() ? 0 : decay,
        decouplesDecay() ? decay : 0,
        from,
        to);
  }

  /**
   * The Adam kernel: {@code coupledDecay} is added to the gradient, {@code decoupledDecay} shrinks
   * {@code p ← p·(1 − lr·wd)} before the Adam step. The gradient of entry i is {@code (grads[i] +
   * addend[i]) / rows} ({@code grads[i] / rows} without an addend): the parameter server's division
   * fused into the update ({@link #updateRangeFromSum}); {@code x / 1} is {@code x} exactly, so
   * rows 1 and no addend is the plain update.
   */
  private static void step(
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
