package org.descent.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Weight penalties (value and gradient, weights only) and feature scaling. */
class PenaltyAndScalingTest {
  private static final NetworkSpec SPEC =
      NetworkSpec.of(new int[] {3, 4, 2}, Activation.TANH, Loss.SOFTMAX_CROSS_ENTROPY);

  @Test
  void elasticNetGradientMatchesFiniteDifferencesAndSparesBiases() {
    ParameterLayout layout = ParameterLayout.of(SPEC);
    float[] p = Initializer.initialParameters(SPEC, 4);
    for (int i = 0; i < p.length; i++) {
      p[i] += 0.1f; // keep every weight away from |W|'s kink at 0 and biases non-zero
    }
    Penalty pen = Penalty.elasticNet(0.3, 0.7);
    float[] g = new float[p.length];
    pen.addGradient(p, g, layout);
    GradientCheck.Result r = GradientCheck.check(q -> pen.value(q, layout), p, g, 1e-3);
    assertTrue(r.passes(1e-2), r.toString());
    ParameterLayout.Dense d = layout.dense(0);
    assertEquals(0f, g[d.biasOffset()]);
  }

  @Test
  void l2IsLambdaTimesSumOfSquaredWeights() {
    ParameterLayout layout = ParameterLayout.of(SPEC);
    float[] p = new float[layout.size()];
    java.util.Arrays.fill(p, 2f);
    int weights = 3 * 4 + 4 * 2;
    assertEquals(0.5 * 4 * weights, Penalty.l2(0.5).value(p, layout), 1e-9);
    assertEquals(0.5 * 2 * weights, Penalty.l1(0.5).value(p, layout), 1e-9);
    assertEquals(0.5 * 2 * (weights + 4 + 2), new Penalty(0.5, 0, true).value(p, layout), 1e-9);
  }

  @Test
  void standardizeGivesZeroMeanUnitVarianceAndMergesLikeOnePass() {
    float[] x = {1, 10, 2, 20, 3, 30, 4, 40};
    FeatureScaling.Statistics all = new FeatureScaling.Statistics(2).add(x, 0, 4);
    FeatureScaling.Statistics parts =
        new FeatureScaling.Statistics(2)
            .add(x, 0, 1)
            .merge(new FeatureScaling.Statistics(2).add(x, 2, 3));
    FeatureScaling s = FeatureScaling.fit(FeatureScaling.Mode.STANDARDIZE, all, 1);
    assertArrayEquals(
        s.factor(), FeatureScaling.fit(FeatureScaling.Mode.STANDARDIZE, parts, 1).factor());
    float[] y = x.clone();
    s.apply(y, 0, 4);
    assertEquals(0f, y[0] + y[2] + y[4] + y[6], 1e-5f);
    assertEquals(4f, y[1] * y[1] + y[3] * y[3] + y[5] * y[5] + y[7] * y[7], 1e-4f);
    s.invert(y, 0, 4);
    assertArrayEquals(x, y, 1e-5f);
  }

  @Test
  void minmaxMapsToTheUnitIntervalAndDivideDivides() {
    float[] x = {2, 5, 4, 5, 6, 5};
    FeatureScaling.Statistics st = new FeatureScaling.Statistics(2).add(x, 0, 3);
    float[] y = x.clone();
    FeatureScaling.fit(FeatureScaling.Mode.MINMAX, st, 1).apply(y, 0, 3);
    assertArrayEquals(new float[] {0, 0, 0.5f, 0, 1, 0}, y, 1e-6f);
    float[] z = x.clone();
    FeatureScaling.fit(FeatureScaling.Mode.DIVIDE, st, 2).apply(z, 0, 3);
    assertArrayEquals(new float[] {1, 2.5f, 2, 2.5f, 3, 2.5f}, z, 1e-6f);
  }
}
