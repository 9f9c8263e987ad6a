package org.descent.nn.reference;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Float32 comparison against float64 references. The fixtures' own note: a float32 run of the same
 * cases is off by up to about 1.2e-6 × max|ref| of each array, and much more relative to small
 * entries after cancellation. So arrays are compared per array: |got − ref| ≤ rel · max|ref| + abs.
 */
public final class Tolerance {
  /** Single-pass values (one forward/backward): 1e-5 of the array's largest magnitude. */
  public static final double SINGLE_PASS = 1e-5;

  private Tolerance() {}

  public static void assertArrayClose(
      String what, double[] ref, float[] got, int gotOffset, double relOfMax) {
    double max = 0;
    for (double r : ref) {
      max = Math.max(max, Math.abs(r));
    }
    double bound = relOfMax * max + 1e-7;
    for (int i = 0; i < ref.length; i++) {
      double diff = Math.abs(got[gotOffset + i] - ref[i]);
      if (!(diff <= bound)) {
        fail(
            String.format(
                "%s[%d]: got %.9g, reference %.9g (|diff| %.3g > bound %.3g = %.0e·max|ref| %.3g)",
                what, i, got[gotOffset + i], ref[i], diff, bound, relOfMax, max));
      }
    }
  }

  public static void assertArrayClose(String what, double[] ref, float[] got, double relOfMax) {
    if (got.length != ref.length) {
      fail(what + ": got " + got.length + " values, reference has " + ref.length);
    }
    assertArrayClose(what, ref, got, 0, relOfMax);
  }

  public static void assertClose(String what, double ref, double got, double rel) {
    double bound = rel * Math.abs(ref) + 1e-7;
    if (!(Math.abs(got - ref) <= bound)) {
      fail(String.format("%s: got %.9g, reference %.9g (bound %.3g)", what, got, ref, bound));
    }
  }
}
