package org.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The range test's smoothing, divergence rule, suggestion and rate ramp. */
class RangeTestCurveTest {
  @Test
  void theFirstSmoothedLossIsTheLossItself() {
    RangeTestCurve c = new RangeTestCurve(0.98, 4);
    c.add(1e-5, 2.5);
    assertEquals(2.5, c.points().get(0).smoothedLoss(), 1e-12);
    c.add(1e-4, 1.5);
    // (0.98·0.02·2.5 + 0.02·1.5) / (1 − 0.98²)
    assertEquals(
        (0.98 * 0.02 * 2.5 + 0.02 * 1.5) / (1 - 0.98 * 0.98),
        c.points().get(1).smoothedLoss(),
        1e-12);
  }

  @Test
  void theSuggestionIsATenthOfTheRateAtTheSmoothedMinimum() {
    RangeTestCurve c = new RangeTestCurve(0, 4); // β = 0: smoothed = loss
    double[] losses = {2.0, 1.5, 0.8, 0.5, 0.9, 1.9};
    for (int i = 0; i < losses.length; i++) {
      assertTrue(c.add(Math.pow(10, -5 + i), losses[i]));
    }
    assertEquals(1e-2, c.minimum().learningRate(), 1e-15);
    assertEquals(1e-3, c.suggestion(), 1e-15);
    assertFalse(c.diverged());
  }

  @Test
  void itDivergesOnceTheSmoothedLossExceedsFourTimesItsMinimum() {
    RangeTestCurve c = new RangeTestCurve(0, 4);
    c.add(1e-3, 1.0);
    c.add(1e-2, 0.5);
    assertTrue(c.add(1e-1, 2.0)); // exactly 4× is not yet divergence
    assertFalse(c.diverged());
    assertTrue(c.add(1, 2.01));
    assertTrue(c.diverged());
    assertFalse(c.add(10, 0.1), "no points after divergence");
    assertEquals(4, c.points().size());
  }

  @Test
  void aNonFiniteLossEndsTheTestWithoutAPoint() {
    RangeTestCurve c = new RangeTestCurve(0.98, 4);
    c.add(1e-3, 1.0);
    assertFalse(c.add(1e-2, Double.NaN));
    assertTrue(c.diverged());
    assertEquals(1, c.points().size());
  }

  @Test
  void theRateGrowsExponentiallyFromStartToEnd() {
    assertEquals(1e-7, LearningRateRangeTest.rate(1e-7, 10, 200, 0), 1e-20);
    assertEquals(10, LearningRateRangeTest.rate(1e-7, 10, 200, 199), 1e-9);
    double ratio = LearningRateRangeTest.rate(1e-7, 10, 200, 1) / 1e-7;
    assertEquals(
        ratio,
        LearningRateRangeTest.rate(1e-7, 10, 200, 101)
            / LearningRateRangeTest.rate(1e-7, 10, 200, 100),
        1e-9);
    assertEquals(Math.pow(1e8, 1.0 / 199), ratio, 1e-12);
  }
}
