package org.descent.ps;

/**
 * An optimiser whose update of entry {@code i} reads and writes entry {@code i} only, of the
 * parameters, the gradient and each state array: every rule here but LAMB, whose trust ratio needs
 * a layer's norms. Any split of {@code [0, d)} into ranges, updated in any order or at once, then
 * gives the bits of one pass, which lets the parameter server spread a large update over threads
 * ({@link UpdateThreads}).
 */
public interface ElementwiseOptimizer extends Optimizer {

  /**
   * {@link #update} of the entries {@code [from, to)} only, without the argument checks (the caller
   * made them once for the whole array).
   */
  void updateRange(
      float[] params, float[] grads, float[][] state, long step, float lr, int from, int to);

  @Override
  default void update(float[] params, float[] grads, float[][] state, long step, float lr) {
    UpdateArguments.check(this, params, grads, state, step, lr);
    updateRange(params, grads, state, step, lr, 0, params.length);
  }
}
