package org.descent.ps.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.descent.ps.UpdateThreads;
import org.junit.jupiter.api.Test;

/** Adding partition sums: entry by entry, the same bits however the work is split. */
class GradientSumTest {

  @Test
  void aLargeSumSplitOverThreadsEqualsTheOneThreadLoopBitForBit() {
    int n = 3 * UpdateThreads.MIN_ENTRIES_PER_THREAD + 5; // split whenever there are 2+ cores
    SplittableRandom random = new SplittableRandom(4);
    GradientSum a = new GradientSum(n, 2);
    GradientSum b = new GradientSum(n, 2);
    float[] expected = new float[n];
    for (int i = 0; i < n; i++) {
      a.gradient()[i] = (float) random.nextGaussian();
      b.gradient()[i] = (float) (random.nextGaussian() * 1e-3);
      expected[i] = a.gradient()[i] + b.gradient()[i];
    }
    a.addLoss(1.5, 3, 3);
    b.addLoss(2.5, 4, 4.5);

    a.add(b);

    assertArrayEquals(expected, a.gradient());
    assertEquals(4.0, a.loss());
    assertEquals(7, a.rows());
    assertEquals(7.5, a.weight());
  }
}
