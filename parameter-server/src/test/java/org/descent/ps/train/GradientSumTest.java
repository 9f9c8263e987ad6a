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

  @Test
  void aGradientKeptApartIsAddedWhenReadCopiedOrSerialisedAndDroppedByClear() throws Exception {
    GradientSum a = sumOf(1f, 2f, 3f);
    GradientSum b = sumOf(0.5f, 0.25f, 0.125f);
    a.addKeepingGradientApart(b);
    assertEquals(2, a.rows());
    assertArrayEquals(new float[] {1f, 2f, 3f}, a.ownGradient());
    assertArrayEquals(new float[] {0.5f, 0.25f, 0.125f}, a.gradientAddend());
    assertArrayEquals(new float[] {1.5f, 2.25f, 3.125f}, a.copy().gradient());

    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(a);
    }
    GradientSum read;
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      read = (GradientSum) in.readObject();
    }
    assertArrayEquals(new float[] {1.5f, 2.25f, 3.125f}, read.gradient());
    assertEquals(null, a.gradientAddend(), "serialising added it");

    GradientSum c = sumOf(1f, 1f, 1f);
    c.addKeepingGradientApart(b);
    c.clear();
    assertEquals(null, c.gradientAddend());
    assertArrayEquals(new float[3], c.gradient());
  }

  private static GradientSum sumOf(float... gradient) {
    GradientSum s = new GradientSum(gradient.length, 0);
    System.arraycopy(gradient, 0, s.gradient(), 0, gradient.length);
    s.addLoss(1, 1, 1);
    return s;
  }
}
