package org.descent.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.descent.nn.Activation;
import org.descent.nn.HiddenLayerSpec;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.Minibatch;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.nn.ParameterLayout;
import org.descent.nn.Workspace;
import org.junit.jupiter.api.Test;

/** A folded dense layer equals the dense layer followed by batch norm in inference mode. */
class BatchNormFoldingTest {
  private static final List<HiddenLayerSpec> WITH_BN =
      List.of(
          HiddenLayerSpec.of(7, Activation.IDENTITY).withBatchNorm(true),
          HiddenLayerSpec.of(5, Activation.TANH).withBatchNorm(true),
          HiddenLayerSpec.of(4, Activation.RELU));

  @Test
  void foldedDenseEqualsDenseFollowedByBatchNormInference() {
    NetworkSpec spec = new NetworkSpec(6, WITH_BN, 3, Loss.MEAN_SQUARED_ERROR);
    ParameterLayout layout = ParameterLayout.of(spec);
    SplittableRandom rng = new SplittableRandom(5);
    float[] params = Initializer.initialParameters(spec, 4);
    float[] state = new float[layout.stateSize()];
    for (int l = 0; l < layout.denseLayerCount(); l++) {
      ParameterLayout.BatchNorm bn = layout.batchNorm(l);
      if (bn == null) {
        continue;
      }
      for (int j = 0; j < bn.width(); j++) {
        params[bn.gammaOffset() + j] = (float) (0.5 + rng.nextDouble() * 1.5);
        params[bn.betaOffset() + j] = (float) rng.nextGaussian();
        state[bn.runningMeanOffset() + j] = (float) (2 * rng.nextGaussian());
        state[bn.runningVarOffset() + j] = (float) (0.05 + 3 * rng.nextDouble());
      }
    }
    // The same network without batch norm, its dense layers replaced by the folded ones.
    List<HiddenLayerSpec> plain = WITH_BN.stream().map(h -> h.withBatchNorm(false)).toList();
    NetworkSpec foldedSpec = new NetworkSpec(6, plain, 3, Loss.MEAN_SQUARED_ERROR);
    ParameterLayout foldedLayout = ParameterLayout.of(foldedSpec);
    float[] folded = new float[foldedLayout.size()];
    for (int l = 0; l < layout.denseLayerCount(); l++) {
      BatchNormFolding.FoldedDense d = BatchNormFolding.fold(layout, params, state, l);
      ParameterLayout.Dense target = foldedLayout.dense(l);
      System.arraycopy(d.weights(), 0, folded, target.weightOffset(), d.weights().length);
      System.arraycopy(d.bias(), 0, folded, target.biasOffset(), d.bias().length);
    }
    int rows = 200;
    float[] x = new float[rows * 6];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (3 * rng.nextGaussian());
    }
    float[] expected = predict(spec, params, state, x, rows);
    float[] actual = predict(foldedSpec, folded, new float[0], x, rows);
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - actual[i]));
    }
    System.out.printf("batch-norm folding: max |folded − dense+BN| = %.3g%n", max);
    assertTrue(max <= 1e-5, "max abs difference " + max);
  }

  @Test
  void aLayerWithoutBatchNormIsCopiedUnchanged() {
    NetworkSpec spec = new NetworkSpec(6, WITH_BN, 3, Loss.MEAN_SQUARED_ERROR);
    ParameterLayout layout = ParameterLayout.of(spec);
    float[] params = Initializer.initialParameters(spec, 8);
    BatchNormFolding.FoldedDense d =
        BatchNormFolding.fold(layout, params, new float[layout.stateSize()], 2);
    ParameterLayout.Dense dense = layout.dense(2);
    assertArrayEquals(
        java.util.Arrays.copyOfRange(
            params, dense.weightOffset(), dense.weightOffset() + dense.in() * dense.out()),
        d.weights());
    assertArrayEquals(
        java.util.Arrays.copyOfRange(params, dense.biasOffset(), dense.biasOffset() + dense.out()),
        d.bias());
  }

  @Test
  void tiedLayersUnfoldIntoTheUntiedNetWithTheSamePredictions() {
    NetworkSpec tied =
        new NetworkSpec(
            5,
            List.of(
                HiddenLayerSpec.of(3, org.descent.nn.Activation.TANH).withBatchNorm(true),
                HiddenLayerSpec.of(5, org.descent.nn.Activation.TANH)),
            3,
            Loss.MEAN_SQUARED_ERROR,
            List.of(new org.descent.nn.Tie(1, 0, org.descent.nn.Tie.Mode.TRANSPOSE)));
    ParameterLayout layout = ParameterLayout.of(tied);
    float[] params = Initializer.initialParameters(tied, 9);
    float[] state = org.descent.nn.BatchNormStatistics.initialState(layout);
    NetworkSpec untied = tied.withTies(List.of());
    List<HiddenLayerSpec> plain =
        untied.hidden().stream().map(h -> h.withBatchNorm(false)).toList();
    NetworkSpec foldedSpec = new NetworkSpec(5, plain, 3, Loss.MEAN_SQUARED_ERROR);
    ParameterLayout foldedLayout = ParameterLayout.of(foldedSpec);
    float[] folded = new float[foldedLayout.size()];
    for (int l = 0; l < layout.denseLayerCount(); l++) {
      BatchNormFolding.FoldedDense d = BatchNormFolding.fold(layout, params, state, l);
      ParameterLayout.Dense target = foldedLayout.dense(l);
      System.arraycopy(d.weights(), 0, folded, target.weightOffset(), d.weights().length);
      System.arraycopy(d.bias(), 0, folded, target.biasOffset(), d.bias().length);
    }
    java.util.SplittableRandom rng = new java.util.SplittableRandom(10);
    float[] x = new float[50 * 5];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    float[] expected = predict(tied, params, state, x, 50);
    float[] actual = predict(foldedSpec, folded, new float[0], x, 50);
    assertArrayEquals(expected, actual, 1e-5f);
  }

  private static float[] predict(
      NetworkSpec spec, float[] params, float[] state, float[] x, int rows) {
    Network net = new Network(spec);
    Workspace ws = net.workspace(rows);
    float[] out = new float[rows * spec.outputWidth()];
    net.predict(params, state, Minibatch.of(x, 0, rows), ws, out, 0);
    return out;
  }
}
