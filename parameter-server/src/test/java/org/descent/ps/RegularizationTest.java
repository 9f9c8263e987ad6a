package org.descent.ps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.descent.nn.ParameterLayout;
import org.descent.nn.ParameterLayout.Kind;
import org.descent.nn.ParameterLayout.Segment;
import org.junit.jupiter.api.Test;

/** R(W) = l1·Σ|W| + l2·ΣW² on weights (no ½), ∂R/∂W = l1·sign(W) + 2·l2·W. */
class RegularizationTest {
  private static final ParameterLayout LAYOUT = SmallNetworks.withBatchNorm();

  /** Parameters whose entries are all ±(0.1 … 1.1): away from L1's kink at 0. */
  private static float[] params() {
    Random random = new Random(5);
    float[] p = new float[LAYOUT.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) ((0.1 + random.nextDouble()) * (random.nextBoolean() ? 1 : -1));
    }
    return p;
  }

  private static double sumOver(float[] p, boolean biases, boolean squared) {
    double s = 0;
    for (Segment seg : LAYOUT.segments()) {
      if (seg.kind() == Kind.WEIGHT || (biases && seg.kind() == Kind.BIAS)) {
        for (int i = seg.offset(); i < seg.end(); i++) {
          s += squared ? (double) p[i] * p[i] : Math.abs(p[i]);
        }
      }
    }
    return s;
  }

  @Test
  void l2PenaltyIsLambdaTimesSumOfSquaredWeightsWithoutAHalf() {
    float[] p = params();
    assertEquals(
        0.3 * sumOver(p, false, true),
        new Regularization(0, 0.3, false).asPenalty().value(p, LAYOUT),
        1e-12);
  }

  @Test
  void l1PenaltyIsLambdaTimesSumOfAbsoluteWeights() {
    float[] p = params();
    assertEquals(
        0.2 * sumOver(p, false, false),
        new Regularization(0.2, 0, false).asPenalty().value(p, LAYOUT),
        1e-12);
  }

  @Test
  void elasticNetPenaltyIsTheSumOfBoth() {
    float[] p = params();
    double both = new Regularization(0.2, 0.3, false).asPenalty().value(p, LAYOUT);
    double l1 = new Regularization(0.2, 0, false).asPenalty().value(p, LAYOUT);
    double l2 = new Regularization(0, 0.3, false).asPenalty().value(p, LAYOUT);
    assertEquals(l1 + l2, both, 1e-12);
  }

  @Test
  void gradientMatchesCentralDifferencesOfThePenalty() {
    for (boolean biases : new boolean[] {false, true}) {
      Regularization r = new Regularization(0.2, 0.3, biases);
      float[] p = params();
      float[] grad = new float[p.length];
      r.addGradient(p, grad, LAYOUT);
      double h = 1e-3; // exact for the quadratic part; the |·| part is linear away from 0
      for (int i = 0; i < p.length; i++) {
        float[] plus = p.clone();
        float[] minus = p.clone();
        plus[i] = (float) (p[i] + h);
        minus[i] = (float) (p[i] - h);
        double numeric =
            (r.asPenalty().value(plus, LAYOUT) - r.asPenalty().value(minus, LAYOUT))
                / ((double) plus[i] - minus[i]);
        double bound = 1e-5 * Math.max(1, Math.abs(numeric));
        assertEquals(numeric, grad[i], bound, "∂R/∂p[" + i + "] (biases " + biases + ")");
      }
    }
  }

  @Test
  void biasesAndBatchNormAreNotPenalisedByDefault() {
    float[] p = params();
    float[] grad = new float[p.length];
    new Regularization(0.2, 0.3, false).addGradient(p, grad, LAYOUT);
    for (Segment seg : LAYOUT.segments()) {
      for (int i = seg.offset(); i < seg.end(); i++) {
        boolean touched = grad[i] != 0;
        assertEquals(seg.kind() == Kind.WEIGHT, touched, seg + " index " + i);
      }
    }
  }

  @Test
  void biasesArePenalisedOnRequestButBatchNormNever() {
    float[] p = params();
    float[] grad = new float[p.length];
    new Regularization(0, 0.3, true).addGradient(p, grad, LAYOUT);
    for (Segment seg : LAYOUT.segments()) {
      boolean expected = seg.kind() == Kind.WEIGHT || seg.kind() == Kind.BIAS;
      for (int i = seg.offset(); i < seg.end(); i++) {
        assertEquals(expected, grad[i] != 0, seg + " index " + i);
      }
    }
  }

  @Test
  void l1GradientAtAZeroWeightIsZero() {
    float[] p = new float[LAYOUT.size()];
    float[] grad = new float[p.length];
    new Regularization(0.5, 0, false).addGradient(p, grad, LAYOUT);
    for (float g : grad) {
      assertEquals(0f, g);
    }
  }

  @Test
  void gradientIsAddedToTheExistingGradient() {
    float[] p = params();
    float[] grad = new float[p.length];
    Arrays.fill(grad, 1f);
    new Regularization(0, 0.25, false).addGradient(p, grad, LAYOUT);
    int i = LAYOUT.dense(0).weightOffset();
    assertEquals(1 + 2 * 0.25 * p[i], grad[i], 1e-6);
  }
}
