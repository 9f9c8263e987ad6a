package org.descent.ps;

/**
 * Keeps optimiser state out of the subnormal range (below {@link Float#MIN_NORMAL} ≈ 1.2e-38). A
 * state entry whose gradient stays 0 decays geometrically — Adam's first moment by β1 = 0.9 a step
 * reaches the subnormal range after ≈ 700 steps and stays there for ≈ 150 more — and x86 cores take
 * a microcode assist for every subnormal operand or result. Over Fashion-MNIST's model, where the
 * border pixels give many first-layer weights a zero gradient, Adam's update of 235k parameters
 * became 12× slower (0.14 → 1.7 ms) from step ≈ 700 on. Every {@value #EVERY}th step the decaying
 * arrays' subnormal entries are set to 0: a branch the CPU predicts (almost no entry is subnormal),
 * cheaper than a flush inside the vectorised update loops, where C2's float min/max or select made
 * the loop slower than the assists it saved. Between flushes an entry is subnormal for at most
 * {@value #EVERY} steps. Set to 0, an entry changes its weight by less than 1e-30 × lr, where the
 * subnormal value would have changed it by no more; the step count decides when, so runs stay
 * reproducible and a resumed run flushes when an uninterrupted one would.
 */
final class Subnormals {
  /** Steps between flushes: 0.16 ms a step on average for Adam over 235k parameters, 0.13 clean. */
  static final int EVERY = 16;

  private Subnormals() {}

  /**
   * On every {@value #EVERY}th step (1-based {@code step}), flushes the entries {@code [from, to)}
   * of each array.
   */
  static void flushEvery(long step, int from, int to, float[]... arrays) {
    if (step % EVERY == 0) {
      for (float[] a : arrays) {
        flush(a, from, to);
      }
    }
  }

  /** Sets every subnormal entry of {@code a[from, to)} to 0 of its sign. */
  static void flush(float[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Math.abs(a[i]) < Float.MIN_NORMAL) {
        a[i] = Math.copySign(0f, a[i]);
      }
    }
  }
}
