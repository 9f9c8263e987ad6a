package org.descent.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradientCheckTest {
  // f(x) = Σ sin(x_i), gradient cos(x_i). Includes a point near π/2, where cos ≈ 0.
  private static final double[] X = {-2.1, -0.4, 0.0, 0.9, 1.5707, 2.6};

  private static double sumSin(double[] x) {
    double s = 0;
    for (double v : x) {
      s += Math.sin(v);
    }
    return s;
  }

  private static double[] cos(double[] x) {
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      g[i] = Math.cos(x[i]);
    }
    return g;
  }

  @Test
  void doubleAcceptsTheRightGradient() {
    GradientCheck.Result r =
        GradientCheck.check(
            GradientCheckTest::sumSin, X.clone(), cos(X), GradientCheck.DOUBLE_STEP);
    assertTrue(r.passes(GradientCheck.DOUBLE_TOLERANCE), r.toString());
    assertArrayEquals(cos(X), r.numerical(), 1e-9);
  }

  @Test
  void doubleRejectsAWrongGradient() {
    double[] wrong = cos(X);
    for (int i = 0; i < wrong.length; i++) {
      wrong[i] = -wrong[i]; // d/dx sin = −cos: a sign error
    }
    GradientCheck.Result r =
        GradientCheck.check(GradientCheckTest::sumSin, X.clone(), wrong, GradientCheck.DOUBLE_STEP);
    assertFalse(r.passes(GradientCheck.DOUBLE_TOLERANCE), r.toString());
    assertEquals(1.0, r.maxRelError(), 1e-6);
  }

  @Test
  void doubleNamesTheOneWrongEntry() {
    double[] g = cos(X);
    g[3] *= 1.001; // a small error in one entry
    GradientCheck.Result r =
        GradientCheck.check(GradientCheckTest::sumSin, X.clone(), g, GradientCheck.DOUBLE_STEP);
    assertFalse(r.passes(GradientCheck.DOUBLE_TOLERANCE), r.toString());
    assertEquals(3, r.worstIndex());
  }

  @Test
  void pointIsRestoredExactly() {
    double[] x = X.clone();
    GradientCheck.check(GradientCheckTest::sumSin, x, cos(X), GradientCheck.DOUBLE_STEP);
    assertArrayEquals(X, x, 0.0);
  }

  @Test
  void floorKeepsNearZeroEntriesFromFailingOnNoise() {
    // f(x) = x0² at x0 = 0: numerical ≈ 0 exactly; an analytic 1e-12 is right to within noise.
    double[] x = {0.0};
    double[] g = {1e-12};
    GradientCheck.Result r = GradientCheck.check(p -> p[0] * p[0], x, g, 1e-6);
    assertTrue(r.passes(GradientCheck.DOUBLE_TOLERANCE), r.toString());
    GradientCheck.Result noFloor = GradientCheck.check(p -> p[0] * p[0], x, g, 1e-6, 1e-300);
    assertFalse(noFloor.passes(GradientCheck.DOUBLE_TOLERANCE), noFloor.toString());
  }

  @Test
  void nanIsReportedAsTheWorstEntry() {
    double[] g = cos(X);
    g[4] = Double.NaN;
    GradientCheck.Result r =
        GradientCheck.check(GradientCheckTest::sumSin, X.clone(), g, GradientCheck.DOUBLE_STEP);
    assertFalse(r.passes(1.0));
    assertEquals(4, r.worstIndex());
  }

  @Test
  void mismatchedLengthsAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> GradientCheck.check(GradientCheckTest::sumSin, X.clone(), new double[2], 1e-6));
  }

  // The float form: the loss reads a float parameter array it shares with the checker, the way a
  // network reads its flat parameters.

  private static float[] floatX() {
    float[] p = new float[X.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) X[i];
    }
    return p;
  }

  private static float sumSinFloat(float[] p) {
    float s = 0;
    for (float v : p) {
      s += (float) Math.sin(v);
    }
    return s;
  }

  private static float[] cosFloat(float[] p) {
    float[] g = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      g[i] = (float) Math.cos(p[i]);
    }
    return g;
  }

  @Test
  void floatAcceptsTheRightGradient() {
    float[] params = floatX();
    GradientCheck.Result r =
        GradientCheck.check(
            p -> sumSinFloat(params), params, cosFloat(params), GradientCheck.FLOAT_STEP);
    assertTrue(r.passes(GradientCheck.FLOAT_TOLERANCE), r.toString());
    assertArrayEquals(floatX(), params, 0f);
  }

  @Test
  void floatRejectsAWrongGradient() {
    float[] params = floatX();
    float[] wrong = cosFloat(params);
    for (int i = 0; i < wrong.length; i++) {
      wrong[i] = -wrong[i];
    }
    GradientCheck.Result r =
        GradientCheck.check(p -> sumSinFloat(params), params, wrong, GradientCheck.FLOAT_STEP);
    assertFalse(r.passes(GradientCheck.FLOAT_TOLERANCE), r.toString());
  }

  @Test
  void floatNamesTheOneWrongEntry() {
    float[] params = floatX();
    float[] g = cosFloat(params);
    g[1] *= 1.1f;
    GradientCheck.Result r =
        GradientCheck.check(p -> sumSinFloat(params), params, g, GradientCheck.FLOAT_STEP);
    assertFalse(r.passes(GradientCheck.FLOAT_TOLERANCE), r.toString());
    assertEquals(1, r.worstIndex());
  }

  @Test
  void floatStepBelowResolutionIsRejected() {
    float[] params = {1000f};
    assertThrows(
        IllegalArgumentException.class,
        () -> GradientCheck.check(p -> p[0], params, new float[] {1f}, 1e-8));
  }
}
