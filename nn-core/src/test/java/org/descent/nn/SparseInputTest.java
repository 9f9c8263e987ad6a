package org.descent.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sparse first layer (CSR × dense, scattered weight gradient) computes what the dense BLAS path
 * computes on the same rows densified, and its gradient matches central differences.
 */
class SparseInputTest {
  private static final NetworkSpec SPEC =
      new NetworkSpec(
          300,
          List.of(
              HiddenLayerSpec.of(16, Activation.RELU),
              HiddenLayerSpec.of(8, Activation.TANH).withDropout(0.2f)),
          4,
          Loss.SOFTMAX_CROSS_ENTROPY);

  @Test
  void sparseGradientEqualsTheDenseGradientOnTheSameRows() {
    int rows = 40;
    SplittableRandom rng = new SplittableRandom(3);
    float[] dense = sparseData(rows, SPEC.inputWidth(), 0.02, rng);
    SparseRows sparse = SparseRows.fromDense(dense, 0, rows, SPEC.inputWidth());
    float[] t = classes(rows, 4, rng);
    Network net = new Network(SPEC);
    float[] params = Initializer.initialParameters(SPEC, 5L);
    Workspace ws = net.workspace(rows);
    float[] gDense = new float[params.length];
    float[] gSparse = new float[params.length];
    double lDense =
        net.gradient(params, Minibatch.of(dense, 0, rows).targets(t, 0), ws, gDense, 9L, false);
    double lSparse =
        net.gradient(params, Minibatch.of(sparse, 0, rows).targets(t, 0), ws, gSparse, 9L, false);

    assertEquals(lDense, lSparse, 1e-5 * Math.abs(lDense));
    assertClose(gDense, gSparse, 1e-5);
  }

  @Test
  void sparseFirstLayerSharingItsMatrixHasTheDenseGradient() {
    // 300 → 300 (owner, sparse input) → 300 → 5: the second layer reuses the first matrix as
    // is, so backward meets that use first and the sparse scatter must add to it.
    NetworkSpec spec =
        NetworkSpec.of(new int[] {300, 300, 300, 5}, Activation.TANH, Loss.MEAN_SQUARED_ERROR)
            .withTies(List.of(new Tie(1, 0, Tie.Mode.SAME)));
    int rows = 20;
    SplittableRandom rng = new SplittableRandom(13);
    float[] dense = sparseData(rows, 300, 0.05, rng);
    SparseRows sparse = SparseRows.fromDense(dense, 0, rows, 300);
    float[] t = new float[rows * 5];
    for (int i = 0; i < t.length; i++) {
      t[i] = (float) rng.nextGaussian();
    }
    Network net = new Network(spec);
    float[] params = Initializer.initialParameters(spec, 7L);
    Workspace ws = net.workspace(rows);
    float[] gDense = new float[params.length];
    float[] gSparse = new float[params.length];
    java.util.Arrays.fill(gSparse, 3f); // overwritten, not added to
    double lDense =
        net.gradient(params, Minibatch.of(dense, 0, rows).targets(t, 0), ws, gDense, 9L, false);
    double lSparse =
        net.gradient(params, Minibatch.of(sparse, 0, rows).targets(t, 0), ws, gSparse, 9L, false);

    assertEquals(lDense, lSparse, 1e-5 * Math.abs(lDense));
    assertClose(gDense, gSparse, 1e-5);
  }

  @Test
  void aRowRangeOfTheSparseRowsIsTheSameRangeOfTheDenseRows() {
    int rows = 30;
    SplittableRandom rng = new SplittableRandom(8);
    float[] dense = sparseData(rows, SPEC.inputWidth(), 0.05, rng);
    SparseRows sparse = SparseRows.fromDense(dense, 0, rows, SPEC.inputWidth());
    float[] t = classes(rows, 4, rng);
    Network net = new Network(SPEC);
    float[] params = Initializer.initialParameters(SPEC, 6L);
    float[] state = new float[net.layout().stateSize()];
    Workspace ws = net.workspace(rows);
    int from = 7;
    int n = 12;
    double lDense =
        net.loss(
            params, state, Minibatch.of(dense, from * SPEC.inputWidth(), n).targets(t, from), ws);
    float[] logitsDense = Arrays.copyOf(ws.logits(), n * 4);
    double lSparse = net.loss(params, state, Minibatch.of(sparse, from, n).targets(t, from), ws);

    assertEquals(lDense, lSparse, 1e-5 * Math.abs(lDense));
    assertClose(logitsDense, Arrays.copyOf(ws.logits(), n * 4), 1e-5);
  }

  @Test
  void accumulatingAddsAndOverwritingClearsTheUntouchedRows() {
    int rows = 10;
    SplittableRandom rng = new SplittableRandom(4);
    float[] dense = sparseData(rows, SPEC.inputWidth(), 0.01, rng);
    SparseRows sparse = SparseRows.fromDense(dense, 0, rows, SPEC.inputWidth());
    float[] t = classes(rows, 4, rng);
    Network net = new Network(SPEC);
    float[] params = Initializer.initialParameters(SPEC, 2L);
    Workspace ws = net.workspace(rows);
    float[] once = new float[params.length];
    net.gradient(params, Minibatch.of(sparse, 0, rows).targets(t, 0), ws, once, 1L, false);

    float[] stale = new float[params.length];
    Arrays.fill(stale, 7f);
    net.gradient(params, Minibatch.of(sparse, 0, rows).targets(t, 0), ws, stale, 1L, false);
    assertArrayEquals(once, stale);

    net.gradient(params, Minibatch.of(sparse, 0, rows).targets(t, 0), ws, stale, 1L, true);
    float[] twice = once.clone();
    for (int i = 0; i < twice.length; i++) {
      twice[i] *= 2;
    }
    assertClose(twice, stale, 1e-6);
  }

  @Test
  void sparsePathMatchesFiniteDifferences() {
    NetworkSpec spec =
        new NetworkSpec(
            20,
            List.of(HiddenLayerSpec.of(6, Activation.TANH).withBatchNorm(true)),
            3,
            Loss.SOFTMAX_CROSS_ENTROPY);
    int rows = 8;
    SplittableRandom rng = new SplittableRandom(12);
    float[] dense = sparseData(rows, spec.inputWidth(), 0.2, rng);
    SparseRows sparse = SparseRows.fromDense(dense, 0, rows, spec.inputWidth());
    float[] t = classes(rows, 3, rng);
    Network net = new Network(spec);
    float[] params = Initializer.initialParameters(spec, 12L);
    for (int i = 0; i < params.length; i++) {
      if (params[i] == 0f || params[i] == 1f) {
        params[i] += (float) (rng.nextDouble() - 0.5);
      }
    }
    Workspace ws = net.workspace(rows);
    float[] grad = new float[params.length];
    net.gradient(params, Minibatch.of(sparse, 0, rows).targets(t, 0), ws, grad, 3L, false);
    float[] scratch = new float[params.length];
    GradientCheck.Result r =
        GradientCheck.check(
            p ->
                net.gradient(
                    p, Minibatch.of(sparse, 0, rows).targets(t, 0), ws, scratch, 3L, false),
            params,
            grad,
            1e-2);
    assertTrue(r.passes(2e-2), r::toString);
  }

  @Test
  void sparseRowsRefuseColumnsOutOfOrderOrRange() {
    SparseRows s = new SparseRows(5, 2, 4);
    IllegalArgumentException beyond =
        assertThrows(
            IllegalArgumentException.class,
            () -> s.addRow(new int[] {1, 5}, new float[] {1f, 2f}, 0, 2));
    assertTrue(beyond.getMessage().contains("beyond the width 5"), beyond.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> s.addRow(new int[] {3, 3}, new float[] {1f, 2f}, 0, 2));
    s.addRow(new int[] {0, 4}, new float[] {1f, 2f}, 0, 2);
    float[] row = new float[5];
    s.copyRowTo(0, row, 0);
    assertArrayEquals(new float[] {1f, 0f, 0f, 0f, 2f}, row);
  }

  @Test
  void theWorkspaceDoesNotGrowWithTheInputWidth() {
    NetworkSpec wide =
        new NetworkSpec(
            1_000_000, List.of(HiddenLayerSpec.of(8, Activation.RELU)), 2, Loss.MEAN_SQUARED_ERROR);
    Workspace ws = new Network(wide).workspace(512);
    assertEquals(512 * 8, ws.deltaA.length);
  }

  static float[] sparseData(int rows, int width, double density, SplittableRandom rng) {
    float[] x = new float[rows * width];
    for (int i = 0; i < x.length; i++) {
      if (rng.nextDouble() < density) {
        x[i] = (float) rng.nextGaussian();
      }
    }
    return x;
  }

  private static float[] classes(int rows, int k, SplittableRandom rng) {
    float[] t = new float[rows];
    for (int i = 0; i < rows; i++) {
      t[i] = rng.nextInt(k);
    }
    return t;
  }

  private static void assertClose(float[] expected, float[] actual, double rel) {
    double max = 1e-6;
    for (float e : expected) {
      max = Math.max(max, Math.abs(e));
    }
    double scale = max;
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]);
      int at = i;
      assertTrue(
          err <= rel * scale,
          () ->
              "index " + at + ": " + expected[at] + " vs " + actual[at] + " (scale " + scale + ")");
    }
  }
}
