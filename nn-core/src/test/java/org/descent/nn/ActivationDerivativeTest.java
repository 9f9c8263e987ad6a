package org.descent.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rectifiers' backward pass is branch-free (see {@link Activation#step}); it must still give
 * exactly f'(z)·d as the textbook branch does, at the edges of the float range too.
 */
class ActivationDerivativeTest {
  private static final float[] EDGES = {
    0f,
    -0f,
    Float.MIN_VALUE,
    -Float.MIN_VALUE,
    Float.MIN_NORMAL,
    1e-30f,
    -1e-30f,
    1f,
    -1f,
    Float.MAX_VALUE,
    -Float.MAX_VALUE,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY
  };

  @Test
  void stepIsOneExactlyForPositiveInputs() {
    for (float z : EDGES) {
      assertEquals(z > 0f ? 1f : 0f, Activation.step(z), "step(" + z + ")");
    }
  }

  @Test
  void reluLeakyReluAndEluBackwardEqualTheBranchingDefinition() {
    float slope = 0.01f;
    float[] z = inputs();
    for (Activation act :
        new Activation[] {Activation.RELU, Activation.LEAKY_RELU, Activation.ELU}) {
      float[] a = new float[z.length];
      act.forward(z, a, 0, z.length, slope);
      float[] d = upstream(z.length);
      float[] expected = d.clone();
      for (int i = 0; i < z.length; i++) {
        if (!(z[i] > 0f)) {
          expected[i] *=
              switch (act) {
                case RELU -> 0f;
                case LEAKY_RELU -> slope;
                default -> a[i] + 1f;
              };
        }
      }
      act.backward(z, a, d, 0, z.length, slope);
      for (int i = 0; i < z.length; i++) {
        // Compare values: ReLU may now give −0 where the branch stored +0, which sums identically.
        assertEquals(expected[i], d[i], 0f, act + " at z = " + z[i]);
      }
    }
  }

  @Test
  void backwardHonoursTheOffsetAndLength() {
    float[] z = {-1f, -1f, 2f, -3f, -1f};
    float[] d = {5f, 5f, 5f, 5f, 5f};
    Activation.RELU.backward(z, z.clone(), d, 1, 3, 0f);
    assertEquals(5f, d[0]);
    assertEquals(0f, d[1]);
    assertEquals(5f, d[2]);
    assertEquals(0f, d[3]);
    assertEquals(5f, d[4]);
  }

  private static float[] inputs() {
    Random random = new Random(7);
    float[] z = new float[EDGES.length + 1000];
    System.arraycopy(EDGES, 0, z, 0, EDGES.length);
    for (int i = EDGES.length; i < z.length; i++) {
      z[i] = (float) random.nextGaussian() * (i % 3 == 0 ? 1e-20f : 1f);
    }
    return z;
  }

  private static float[] upstream(int n) {
    Random random = new Random(11);
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = (float) random.nextGaussian();
    }
    return d;
  }
}
