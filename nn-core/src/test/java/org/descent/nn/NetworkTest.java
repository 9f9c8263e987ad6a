package org.descent.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Behaviour of forward/backward beyond the reference values: sums, dropout, state, inference. */
class NetworkTest {
  private static final NetworkSpec MLP =
      NetworkSpec.of(new int[] {5, 8, 4}, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY);

  @Test
  void gradientOfAllRowsEqualsTheSumOfGradientsOfTwoParts() {
    Network net = new Network(MLP);
    float[] p = Initializer.initialParameters(MLP, 1);
    float[] x = gaussian(10 * 5, 2);
    float[] y = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1};
    Workspace ws = net.workspace(10);
    float[] whole = new float[p.length];
    double lossWhole = net.gradient(p, Minibatch.of(x, 0, 10).targets(y, 0), ws, whole, 0, false);
    float[] parts = new float[p.length];
    double lossA = net.gradient(p, Minibatch.of(x, 0, 4).targets(y, 0), ws, parts, 0, false);
    double lossB = net.gradient(p, Minibatch.of(x, 4 * 5, 6).targets(y, 4), ws, parts, 0, true);
    assertEquals(lossWhole, lossA + lossB, 1e-5 * Math.abs(lossWhole));
    for (int i = 0; i < p.length; i++) {
      assertEquals(whole[i], parts[i], 1e-5f * (1 + Math.abs(whole[i])), "index " + i);
    }
  }

  @Test
  void dropoutMasksDependOnlyOnTheSeed() {
    NetworkSpec spec =
        new NetworkSpec(
            5,
            List.of(HiddenLayerSpec.of(32, Activation.RELU).withDropout(0.5f)),
            4,
            Loss.SOFTMAX_CROSS_ENTROPY);
    Network net = new Network(spec);
    float[] p = Initializer.initialParameters(spec, 3);
    float[] x = gaussian(6 * 5, 4);
    float[] y = {0, 1, 2, 3, 0, 1};
    Workspace ws = net.workspace(6);
    float[] g1 = new float[p.length];
    float[] g2 = new float[p.length];
    float[] g3 = new float[p.length];
    net.gradient(p, Minibatch.of(x, 0, 6).targets(y, 0), ws, g1, 123L, false);
    net.gradient(p, Minibatch.of(x, 0, 6).targets(y, 0), net.workspace(6), g2, 123L, false);
    net.gradient(p, Minibatch.of(x, 0, 6).targets(y, 0), ws, g3, 124L, false);
    assertArrayEquals(g1, g2);
    assertFalse(Arrays.equals(g1, g3));
  }

  @Test
  void invertedDropoutKeepsTheExpectedActivationAndIsIdentityAtInference() {
    int rows = 2000;
    NetworkSpec with =
        new NetworkSpec(
            1,
            List.of(HiddenLayerSpec.of(1, Activation.IDENTITY).withDropout(0.25f)),
            1,
            Loss.MEAN_SQUARED_ERROR);
    Network net = new Network(with);
    float[] p = {1f, 0f, 1f, 0f}; // W1 = 1, b1 = 0, W2 = 1, b2 = 0: output = dropout(x)
    float[] x = new float[rows];
    Arrays.fill(x, 1f);
    float[] t = new float[rows];
    Workspace ws = net.workspace(rows);
    net.gradient(p, Minibatch.of(x, 0, rows).targets(t, 0), ws, new float[4], 9L, false);
    double mean = 0;
    int dropped = 0;
    for (int r = 0; r < rows; r++) {
      mean += ws.logits()[r];
      if (ws.logits()[r] == 0f) {
        dropped++;
      } else {
        assertEquals(1f / 0.75f, ws.logits()[r], 1e-6f);
      }
    }
    assertEquals(1.0, mean / rows, 0.05);
    assertEquals(0.25, dropped / (double) rows, 0.03);
    net.forward(p, new float[0], Minibatch.of(x, 0, rows), ws);
    for (int r = 0; r < rows; r++) {
      assertEquals(1f, ws.logits()[r]);
    }
  }

  @Test
  void inferenceBatchNormUsesTheRunningStatistics() {
    NetworkSpec spec =
        new NetworkSpec(
            1,
            List.of(HiddenLayerSpec.of(1, Activation.IDENTITY).withBatchNorm(true)),
            1,
            Loss.MEAN_SQUARED_ERROR);
    Network net = new Network(spec);
    ParameterLayout layout = net.layout();
    float[] p = new float[layout.size()];
    p[0] = 1f; // W1
    p[2] = 2f; // gamma
    p[3] = 0.5f; // beta
    p[4] = 1f; // W2
    float[] state = {3f, 4f}; // running mean 3, variance 4
    Workspace ws = net.workspace(1);
    net.forward(p, state, Minibatch.of(new float[] {5f}, 0, 1), ws);
    assertEquals(2f * (5f - 3f) / (float) Math.sqrt(4f + 1e-5f) + 0.5f, ws.logits()[0], 1e-6f);
  }

  @Test
  void batchNormStatisticsMergedOverPartitionsEqualThoseOfAllRows() {
    NetworkSpec spec =
        new NetworkSpec(
            3,
            List.of(HiddenLayerSpec.of(4, Activation.TANH).withBatchNorm(true)),
            2,
            Loss.SOFTMAX_CROSS_ENTROPY);
    Network net = new Network(spec);
    ParameterLayout layout = net.layout();
    float[] p = Initializer.initialParameters(spec, 5);
    float[] x = gaussian(12 * 3, 6);
    float[] y = new float[12];
    Workspace ws = net.workspace(12);
    float[] g = new float[p.length];

    BatchNormStatistics whole = new BatchNormStatistics(layout);
    net.gradient(p, Minibatch.of(x, 0, 12).targets(y, 0), ws, g, 0, false);
    whole.add(ws.batchStatistics(), 12);
    BatchNormStatistics parts = new BatchNormStatistics(layout);
    net.gradient(p, Minibatch.of(x, 0, 5).targets(y, 0), ws, g, 0, false);
    parts.add(ws.batchStatistics(), 5);
    BatchNormStatistics second = new BatchNormStatistics(layout);
    net.gradient(p, Minibatch.of(x, 5 * 3, 7).targets(y, 5), ws, g, 0, false);
    second.add(ws.batchStatistics(), 7);
    parts.merge(second);

    float[] a = BatchNormStatistics.initialState(layout);
    float[] b = BatchNormStatistics.initialState(layout);
    whole.applyTo(a, 0.1f);
    parts.applyTo(b, 0.1f);
    assertArrayEquals(a, b, 1e-5f);
    assertNotEquals(BatchNormStatistics.initialState(layout)[0], a[0]);
  }

  @Test
  void batchNormRefusesASingleRowMinibatch() {
    NetworkSpec spec =
        new NetworkSpec(
            2,
            List.of(HiddenLayerSpec.of(3, Activation.RELU).withBatchNorm(true)),
            2,
            Loss.SOFTMAX_CROSS_ENTROPY);
    Network net = new Network(spec);
    float[] p = Initializer.initialParameters(spec, 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                net.gradient(
                    p,
                    Minibatch.of(new float[2], 0, 1).targets(new float[1], 0),
                    net.workspace(1),
                    new float[p.length],
                    0,
                    false));
    assertTrue(e.getMessage().contains("at least 2 rows"), e.getMessage());
  }

  @Test
  void predictGivesProbabilitiesThatSumToOneAndTheArgmaxClass() {
    Network net = new Network(MLP);
    float[] p = Initializer.initialParameters(MLP, 8);
    float[] x = gaussian(3 * 5, 9);
    Workspace ws = net.workspace(4);
    float[] probs = new float[3 * 4];
    net.predict(p, new float[0], Minibatch.of(x, 0, 3), ws, probs, 0);
    for (int r = 0; r < 3; r++) {
      float sum = 0;
      int argmax = 0;
      for (int j = 0; j < 4; j++) {
        sum += probs[r * 4 + j];
        if (probs[r * 4 + j] > probs[r * 4 + argmax]) {
          argmax = j;
        }
      }
      assertEquals(1f, sum, 1e-5f);
      assertEquals(argmax, net.predictedClass(ws, r));
    }
  }

  @Test
  void callsThatDoNotFitTheNetworkAreRefusedClearly() {
    Network net = new Network(MLP);
    float[] p = Initializer.initialParameters(MLP, 1);
    Workspace ws = net.workspace(2);
    float[] g = new float[p.length];
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    net.gradient(
                        p,
                        Minibatch.of(new float[15], 0, 3).targets(new float[3], 0),
                        ws,
                        g,
                        0,
                        false))
            .getMessage()
            .contains("exceeds the workspace capacity"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    net.gradient(
                        new float[3],
                        Minibatch.of(new float[10], 0, 2).targets(new float[2], 0),
                        ws,
                        g,
                        0,
                        false))
            .getMessage()
            .contains("parameters"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    net.gradient(
                        p,
                        Minibatch.of(new float[10], 0, 2).targets(new float[] {0, 7}, 0),
                        ws,
                        g,
                        0,
                        false))
            .getMessage()
            .contains("not an integer in [0, 4)"));
  }

  @Test
  void initialWeightsAreSeededAndScaledForTheActivation() {
    NetworkSpec relu =
        NetworkSpec.of(new int[] {400, 300, 10}, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY);
    float[] a = Initializer.initialParameters(relu, 7);
    assertArrayEquals(a, Initializer.initialParameters(relu, 7));
    assertFalse(Arrays.equals(a, Initializer.initialParameters(relu, 8)));
    ParameterLayout.Dense d = ParameterLayout.of(relu).dense(0);
    double sq = 0;
    for (int i = 0; i < d.in() * d.out(); i++) {
      sq += a[d.weightOffset() + i] * a[d.weightOffset() + i];
    }
    double std = Math.sqrt(sq / (d.in() * d.out()));
    assertEquals(Math.sqrt(2.0 / 400), std, 0.02 * std); // He
    for (int j = 0; j < d.out(); j++) {
      assertEquals(0f, a[d.biasOffset() + j]);
    }
  }

  private static float[] gaussian(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    return x;
  }
}
