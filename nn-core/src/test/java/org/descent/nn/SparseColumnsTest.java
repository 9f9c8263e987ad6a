package org.descent.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SparseColumns} indexes only the columns of the current batch and reuses its buffers: a
 * batch after another (other columns, fewer, none, another width) gives exactly — bit for bit —
 * what a column-by-column pass over the whole width gives, in the same order of operations.
 */
class SparseColumnsTest {
  private static final int OUT = 5;

  @Test
  void eachBatchSeesOnlyItsOwnColumnsWhateverCameBefore() {
    SparseColumns sc = new SparseColumns();
    SplittableRandom rng = new SplittableRandom(21);
    int width = 60;
    // Dense-ish, then columns [0, 30) only, then [30, 60) only, then empty rows, then no rows.
    checkBatch(sc, batch(9, width, 0, width, 0.3, rng), 0, 9, rng);
    checkBatch(sc, batch(7, width, 0, 30, 0.2, rng), 0, 7, rng);
    checkBatch(sc, batch(7, width, 30, width, 0.2, rng), 0, 7, rng);
    checkBatch(sc, batch(4, width, 0, width, 0.0, rng), 0, 4, rng);
    SparseRows some = batch(10, width, 0, width, 0.1, rng);
    checkBatch(sc, some, 3, 5, rng);
    checkBatch(sc, some, 4, 0, rng);
    checkBatch(sc, some, 0, 10, rng);
    // Another width, wider and narrower.
    checkBatch(sc, batch(6, 200, 0, 200, 0.05, rng), 0, 6, rng);
    checkBatch(sc, batch(6, 8, 0, 8, 0.5, rng), 0, 6, rng);
    checkBatch(sc, batch(3, 8, 0, 8, 1.0, rng), 0, 3, rng);
  }

  @Test
  void fewColumnsAreSortedAndManyReadFromTheMaskInTheSameOrder() {
    SparseColumns sc = new SparseColumns();
    SplittableRandom rng = new SplittableRandom(22);
    int width =
        100_000; // 1,563 mask words: up to ~150 columns are sorted, ~2,000 read from the mask
    // Rows sharing a few columns: first counted is not ascending, so an unsorted list would show.
    checkBatch(sc, batch(8, width, 99_980, width, 0.5, rng), 0, 8, rng);
    checkBatch(sc, batch(2, width, 0, width, 1e-2, rng), 0, 2, rng);
    checkBatch(sc, batch(8, width, 0, 20, 0.5, rng), 0, 8, rng);
    checkBatch(sc, batch(2, width, 0, width, 1e-4, rng), 0, 2, rng);
    checkBatch(sc, batch(2, width, 50_000, width, 1e-2, rng), 0, 2, rng);
    checkBatch(sc, batch(2, width, 0, 50_000, 1e-2, rng), 0, 2, rng);
  }

  @Test
  void aWorkspaceReusedAcrossBatchesGivesTheGradientOfAFreshOne() {
    NetworkSpec spec =
        new NetworkSpec(
            400, List.of(HiddenLayerSpec.of(6, Activation.RELU)), 3, Loss.SOFTMAX_CROSS_ENTROPY);
    Network net = new Network(spec);
    float[] params = Initializer.initialParameters(spec, 4L);
    SplittableRandom rng = new SplittableRandom(5);
    SparseRows first = batch(12, 400, 0, 200, 0.05, rng);
    SparseRows second = batch(12, 400, 150, 400, 0.05, rng);
    float[] t = new float[12];
    for (int i = 0; i < t.length; i++) {
      t[i] = rng.nextInt(3);
    }
    Workspace reused = net.workspace(12);
    float[] g = new float[params.length];
    net.gradient(params, Minibatch.of(first, 0, 12).targets(t, 0), reused, g, 1L, false);
    double lossReused =
        net.gradient(params, Minibatch.of(second, 0, 12).targets(t, 0), reused, g, 1L, false);
    float[] fresh = new float[params.length];
    double lossFresh =
        net.gradient(
            params, Minibatch.of(second, 0, 12).targets(t, 0), net.workspace(12), fresh, 1L, false);

    assertArrayEquals(new double[] {lossFresh}, new double[] {lossReused});
    assertArrayEquals(fresh, g);
  }

  /** Runs both kernels on rows xRow .. xRow+rows-1 and compares them with a full-width pass. */
  private static void checkBatch(
      SparseColumns sc, SparseRows x, int xRow, int rows, SplittableRandom rng) {
    int width = x.width();
    float[] dense = new float[Math.max(1, rows) * width];
    for (int r = 0; r < rows; r++) {
      x.copyRowTo(xRow + r, dense, r * width);
    }
    int wOff = 3;
    float[] weights = random(wOff + width * OUT, rng);
    float[] z = random(Math.max(1, rows) * OUT, rng);
    float[] delta = random(Math.max(1, rows) * OUT, rng);
    int gOff = 2;
    float[] grad = random(gOff + width * OUT + 4, rng);

    float[] zExpected = z.clone();
    float[] gradExpected = grad.clone();
    for (int c = 0; c < width; c++) {
      for (int r = 0; r < rows; r++) {
        float v = dense[r * width + c];
        if (v == 0f) {
          continue;
        }
        for (int j = 0; j < OUT; j++) {
          zExpected[r * OUT + j] += v * weights[wOff + c * OUT + j];
          gradExpected[gOff + c * OUT + j] += v * delta[r * OUT + j];
        }
      }
    }

    sc.transpose(x, xRow, rows);
    sc.timesWeights(weights, wOff, OUT, z);
    sc.scatterGradient(delta, OUT, grad, gOff);
    assertArrayEquals(zExpected, z);
    assertArrayEquals(gradExpected, grad);
  }

  /** Rows with non-zeros only in columns [from, to), each present with probability density. */
  private static SparseRows batch(
      int rows, int width, int from, int to, double density, SplittableRandom rng) {
    float[] dense = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      for (int c = from; c < to; c++) {
        if (rng.nextDouble() < density) {
          dense[r * width + c] = (float) rng.nextGaussian();
        }
      }
    }
    return SparseRows.fromDense(dense, 0, rows, width);
  }

  private static float[] random(int n, SplittableRandom rng) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rng.nextGaussian();
    }
    return a;
  }
}
