package org.descent.ps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.descent.nn.ParameterLayout;
import org.descent.nn.ParameterLayout.Kind;
import org.descent.nn.ParameterLayout.Segment;
import org.junit.jupiter.api.Test;

/** Non-negativity and max-norm per unit (column j of each [in, out] weight matrix). */
class WeightConstraintsTest {
  private static final ParameterLayout LAYOUT = SmallNetworks.withBatchNorm();

  private static double columnNorm(float[] p, Segment s, int j) {
    double sum = 0;
    for (int i = 0; i < s.rows(); i++) {
      double w = p[s.offset() + i * s.cols() + j];
      sum += w * w;
    }
    return Math.sqrt(sum);
  }

  @Test
  void nonNegativeZeroesNegativeWeightsAndLeavesOtherParametersAlone() {
    float[] p = SmallNetworks.gaussian(new Random(6), LAYOUT.size(), 1);
    float[] before = p.clone();
    new WeightConstraints(true, 0).apply(p, LAYOUT);
    for (Segment s : LAYOUT.segments()) {
      for (int i = s.offset(); i < s.end(); i++) {
        float expected = s.kind() == Kind.WEIGHT ? Math.max(0, before[i]) : before[i];
        assertEquals(expected, p[i], s + " index " + i);
      }
    }
  }

  @Test
  void maxNormRescalesEachLongUnitColumnToTheLimit() {
    float[] p = SmallNetworks.gaussian(new Random(7), LAYOUT.size(), 2);
    float[] before = p.clone();
    double c = 1.5;
    new WeightConstraints(false, c).apply(p, LAYOUT);
    for (Segment s : LAYOUT.segments()) {
      if (s.kind() != Kind.WEIGHT) {
        continue;
      }
      for (int j = 0; j < s.cols(); j++) {
        double old = columnNorm(before, s, j);
        double scale = old > c ? c / old : 1;
        assertEquals(Math.min(old, c), columnNorm(p, s, j), 1e-6 * c, s + " column " + j);
        for (int i = 0; i < s.rows(); i++) {
          int k = s.offset() + i * s.cols() + j;
          assertEquals(before[k] * scale, p[k], 1e-6, "direction of column " + j + " kept");
        }
      }
    }
  }

  @Test
  void maxNormLeavesShortColumnsBiasesAndBatchNormUnchanged() {
    float[] p = SmallNetworks.gaussian(new Random(8), LAYOUT.size(), 0.01);
    for (Segment s : LAYOUT.segments()) {
      if (s.kind() != Kind.WEIGHT) {
        for (int i = s.offset(); i < s.end(); i++) {
          p[i] = 100;
        }
      }
    }
    float[] before = p.clone();
    new WeightConstraints(false, 1).apply(p, LAYOUT);
    assertTrue(Arrays.equals(before, p));
  }

  @Test
  void maxNormMeasuresColumnsNotRows() {
    // W0 is [3, 4]; put a long row 0 whose columns are each short.
    float[] p = new float[LAYOUT.size()];
    Segment w0 = LAYOUT.segments().get(0);
    for (int j = 0; j < w0.cols(); j++) {
      p[w0.offset() + j] = 0.9f; // row norm 1.8, each column norm 0.9
    }
    float[] before = p.clone();
    new WeightConstraints(false, 1).apply(p, LAYOUT);
    assertTrue(Arrays.equals(before, p));
  }
}
