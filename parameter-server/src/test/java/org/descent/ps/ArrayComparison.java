package org.descent.ps;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The float32-against-float64 comparison used by the optimiser tests, per array (one step's
 * parameter or state vector): {@code |got − ref| ≤ REL_OF_MAX·max|ref| + ABS_FLOOR}.
 *
 * <p>Why these numbers: the optimisers store parameters and state in float32 and round once per
 * element per step (relative error ≤ 2^-24 ≈ 6e-8 of the value), and the fixtures' inputs are
 * themselves rounded to float32. Over a few dozen steps that accumulates to a few 1e-7 of the
 * array's largest magnitude, so 1e-5·max|ref| leaves more than an order of magnitude of margin
 * while a wrong formula (missing bias correction, wrong sign, lr applied twice, …) is off by far
 * more. The floor is tiny (1e-12) rather than the 1e-6 one might copy from single-pass checks,
 * because state buffers such as {@code exp_avg_sq} or {@code sum} are themselves of order 1e-4 to
 * 1e-2 (1e-14 with tiny gradients): a 1e-6 absolute floor would accept a wrong second-moment
 * buffer. It only matters for all-zero arrays.
 */
final class ArrayComparison {
  static final double REL_OF_MAX = 1e-5;
  static final double ABS_FLOOR = 1e-12;

  private ArrayComparison() {}

  /**
   * Fails unless every entry is within the bound.
   *
   * @return the largest {@code |got − ref| / max|ref|} in this array (0 for an all-zero ref)
   */
  static double assertClose(String what, double[] ref, float[] got) {
    if (ref.length != got.length) {
      fail(what + ": got " + got.length + " values, reference has " + ref.length);
    }
    double max = 0;
    for (double r : ref) {
      max = Math.max(max, Math.abs(r));
    }
    double bound = REL_OF_MAX * max + ABS_FLOOR;
    double worst = 0;
    for (int i = 0; i < ref.length; i++) {
      double diff = Math.abs(got[i] - ref[i]);
      if (max > 0) {
        worst = Math.max(worst, diff / max);
      }
      if (!(diff <= bound)) {
        fail(
            String.format(
                "%s[%d]: got %.9g, reference %.9g; |diff| %.3g > %.3g (= %.0e·max|ref| %.3g + %.0e)",
                what, i, got[i], ref[i], diff, bound, REL_OF_MAX, max, ABS_FLOOR));
      }
    }
    return worst;
  }
}
