package org.descent.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Row weights (spark.ml's weightCol): a row of weight k counts as k copies of it, a row of weight 0
 * as no row at all — for every head, in the loss and in the gradient.
 */
class WeightedRowsTest {
  private static final int IN = 4;

  private static NetworkSpec spec(Loss loss, int outputs) {
    return NetworkSpec.of(new int[] {IN, 6, outputs}, Activation.TANH, loss);
  }

  private static float[] targetsFor(Loss loss, int outputs, int rows, SplittableRandom rnd) {
    int tw = loss.targetWidth(outputs);
    float[] t = new float[rows * tw];
    for (int i = 0; i < t.length; i++) {
      t[i] =
          loss == Loss.MEAN_SQUARED_ERROR
              ? (float) rnd.nextGaussian()
              : loss == Loss.BINARY_SIGMOID_CROSS_ENTROPY ? rnd.nextInt(2) : rnd.nextInt(outputs);
    }
    return t;
  }

  private static float[] features(int rows, SplittableRandom rnd) {
    float[] x = new float[rows * IN];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    return x;
  }

  @Test
  void aWholeWeightCountsAsThatManyCopiesAndZeroAsNone() {
    Loss[] losses = Loss.values();
    for (Loss loss : losses) {
      int outputs = loss == Loss.BINARY_SIGMOID_CROSS_ENTROPY ? 1 : 3;
      NetworkSpec spec = spec(loss, outputs);
      Network net = new Network(spec);
      SplittableRandom rnd = new SplittableRandom(7);
      float[] p = Initializer.initialParameters(spec, 3);
      int rows = 5;
      int tw = loss.targetWidth(outputs);
      float[] x = features(rows, rnd);
      float[] t = targetsFor(loss, outputs, rows, rnd);
      float[] w = {2, 0, 1, 3, 1};
      float[] weighted = new float[p.length];
      double weightedLoss =
          net.gradient(
              p,
              Minibatch.of(x, 0, rows).targets(t, 0).weights(w, 0),
              net.workspace(rows),
              weighted,
              0,
              false);

      // The same rows, each repeated w times.
      int copies = 7;
      float[] xc = new float[copies * IN];
      float[] tc = new float[copies * tw];
      int c = 0;
      for (int r = 0; r < rows; r++) {
        for (int k = 0; k < w[r]; k++, c++) {
          System.arraycopy(x, r * IN, xc, c * IN, IN);
          System.arraycopy(t, r * tw, tc, c * tw, tw);
        }
      }
      float[] repeated = new float[p.length];
      double repeatedLoss =
          net.gradient(
              p,
              Minibatch.of(xc, 0, copies).targets(tc, 0),
              net.workspace(copies),
              repeated,
              0,
              false);

      assertEquals(repeatedLoss, weightedLoss, 1e-5 * Math.abs(repeatedLoss), loss.name());
      for (int i = 0; i < p.length; i++) {
        assertEquals(
            repeated[i], weighted[i], 1e-5f * (1 + Math.abs(repeated[i])), loss + " index " + i);
      }
    }
  }

  @Test
  void nullWeightsAreTheUnweightedPassBitForBit() {
    NetworkSpec spec = spec(Loss.SOFTMAX_CROSS_ENTROPY, 3);
    Network net = new Network(spec);
    float[] p = Initializer.initialParameters(spec, 5);
    float[] x = new float[3 * IN];
    java.util.Arrays.fill(x, 0.5f);
    float[] t = {0, 1, 2};
    float[] a = new float[p.length];
    float[] b = new float[p.length];
    double la = net.gradient(p, Minibatch.of(x, 0, 3).targets(t, 0), net.workspace(3), a, 0, false);
    double lb = net.gradient(p, Minibatch.of(x, 0, 3).targets(t, 0), net.workspace(3), b, 0, false);
    assertEquals(la, lb);
    org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
  }

  @Test
  void tooFewWeightsAreRefused() {
    NetworkSpec spec = spec(Loss.MEAN_SQUARED_ERROR, 1);
    Network net = new Network(spec);
    float[] p = Initializer.initialParameters(spec, 5);
    float[] x = new float[3 * IN];
    float[] t = new float[3];
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                net.gradient(
                    p,
                    Minibatch.of(x, 0, 3).targets(t, 0).weights(new float[2], 0),
                    net.workspace(3),
                    new float[p.length],
                    0,
                    false));
    assertEquals("weight array holds 2 floats; 3 rows need 3", e.getMessage());
  }

  @Test
  void theInferenceLossWeighsRowsAsTheTrainingPassDoes() {
    // Without dropout or batch norm the inference forward is the training forward, so the two
    // losses of the same weighted rows must agree to the bit.
    NetworkSpec spec = spec(Loss.SOFTMAX_CROSS_ENTROPY, 3);
    Network net = new Network(spec);
    SplittableRandom rnd = new SplittableRandom(11);
    float[] p = Initializer.initialParameters(spec, 2);
    int rows = 4;
    float[] x = features(rows, rnd);
    float[] t = targetsFor(Loss.SOFTMAX_CROSS_ENTROPY, 3, rows, rnd);
    Minibatch weighted =
        Minibatch.of(x, 0, rows).targets(t, 0).weights(new float[] {3, 0, 1, 2}, 0);
    double training = net.gradient(p, weighted, net.workspace(rows), new float[p.length], 0, false);
    double inference = net.loss(p, new float[0], weighted, net.workspace(rows));
    assertEquals(training, inference);
    double unweighted =
        net.loss(p, new float[0], Minibatch.of(x, 0, rows).targets(t, 0), net.workspace(rows));
    org.junit.jupiter.api.Assertions.assertNotEquals(unweighted, inference);
  }

  @Test
  void aTrainingPassOrALossWithoutTargetsIsRefused() {
    NetworkSpec spec = spec(Loss.MEAN_SQUARED_ERROR, 1);
    Network net = new Network(spec);
    float[] p = Initializer.initialParameters(spec, 5);
    Minibatch noTargets = Minibatch.of(new float[2 * IN], 0, 2);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> net.gradient(p, noTargets, net.workspace(2), new float[p.length], 0, false));
    assertEquals("a training pass needs the minibatch's targets", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> net.loss(p, new float[0], noTargets, net.workspace(2)));
    assertEquals("a loss needs the minibatch's targets", e.getMessage());
  }
}
