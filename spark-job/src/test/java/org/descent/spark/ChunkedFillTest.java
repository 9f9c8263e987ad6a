package org.descent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A stream's body fills the arrays whatever sizes the network cuts it into. */
class ChunkedFillTest {
  @Test
  void arraysFillTheSameFromAnyCutOfTheBytes() {
    Random r = new Random(5);
    float[] f1 = new float[1001];
    double[] d1 = new double[7];
    float[] f2 = new float[0];
    float[] f3 = new float[333];
    for (int i = 0; i < f1.length; i++) {
      f1[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < d1.length; i++) {
      d1[i] = r.nextGaussian();
    }
    for (int i = 0; i < f3.length; i++) {
      f3[i] = r.nextFloat();
    }
    ByteBuffer all =
        ByteBuffer.allocate(4 * (f1.length + f3.length) + 8 * d1.length)
            .order(ExchangeMessages.ORDER);
    all.asFloatBuffer().put(f1);
    all.position(4 * f1.length);
    all.asDoubleBuffer().put(d1);
    all.position(all.position() + 8 * d1.length);
    all.asFloatBuffer().put(f3);
    all.position(all.capacity()).flip();
    for (int trial = 0; trial < 50; trial++) {
      float[] g1 = new float[f1.length];
      double[] e1 = new double[d1.length];
      float[] g2 = new float[0];
      float[] g3 = new float[f3.length];
      ChunkedFill fill = new ChunkedFill(g1, e1, g2, g3);
      ByteBuffer in = all.duplicate();
      while (in.hasRemaining()) {
        assertFalse(fill.complete());
        int n = Math.min(in.remaining(), 1 + r.nextInt(trial % 2 == 0 ? 13 : 4000));
        ByteBuffer chunk = in.slice().limit(n); // big-endian until the fill sets the order
        fill.accept(chunk);
        in.position(in.position() + n);
      }
      assertTrue(fill.complete());
      assertArrayEquals(f1, g1);
      assertArrayEquals(d1, e1);
      assertArrayEquals(f3, g3);
    }
  }

  @Test
  void moreBytesThanTheArraysHoldIsAnError() {
    ChunkedFill fill = new ChunkedFill(new float[2]);
    assertThrows(IllegalArgumentException.class, () -> fill.accept(ByteBuffer.allocate(9)));
  }
}
