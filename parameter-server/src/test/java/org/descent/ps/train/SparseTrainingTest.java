package org.descent.ps.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.descent.nn.Activation;
import org.descent.nn.FeatureScaling;
import org.descent.nn.HiddenLayerSpec;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.junit.jupiter.api.Test;

/**
 * Training on sparse blocks is training on the same rows packed dense: same weights after several
 * Adam steps over several partitions (within float rounding), same validation metrics.
 */
class SparseTrainingTest {
  private static final int WIDTH = 500;
  static final NetworkSpec SPEC =
      new NetworkSpec(
          WIDTH,
          List.of(HiddenLayerSpec.of(16, Activation.RELU).withDropout(0.1f)),
          3,
          Loss.SOFTMAX_CROSS_ENTROPY);

  @Test
  void sparseAndDenseBlocksOfTheSameRowsTrainToTheSameWeights() {
    Dataset train = data(300, 7);
    Dataset validation = data(50, 8);
    TrainingSettings s = new TrainingSettings(2, 64, 5, true, 0);
    TrainingResult dense = trainer(s).train(DataBlock.of(train), DataBlock.of(validation), none());
    TrainingResult sparse =
        trainer(s).train(SparseBlocks.sparseOf(train), SparseBlocks.sparseOf(validation), none());

    float[] a = dense.parameters();
    float[] b = sparse.parameters();
    float[] initial = Initializer.initialParameters(SPEC, 5);
    double maxAbs = 0;
    double moved = 0;
    for (int i = 0; i < a.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(a[i] - b[i]));
      moved = Math.max(moved, Math.abs(a[i] - initial[i]));
    }
    assertTrue(moved > 1e-2, "training moved the weights by at most " + moved);
    assertTrue(maxAbs < 1e-4, "sparse and dense weights differ by up to " + maxAbs);
    EpochMetrics d = dense.history().get(1);
    EpochMetrics p = sparse.history().get(1);
    assertEquals(d.trainLoss(), p.trainLoss(), 1e-5);
    assertEquals(d.validationLoss(), p.validationLoss(), 1e-5);
    assertEquals(d.validationAccuracy(), p.validationAccuracy(), 1e-12);
  }

  @Test
  void sparseBlocksPartitionIntoSparseBlocksOfTheSameRows() {
    Dataset d = data(31, 3);
    DataBlock[] parts = SparseBlocks.sparseOf(d).partition(3);
    DataBlock[] dense = DataBlock.partition(d, 3);
    for (int p = 0; p < 3; p++) {
      assertTrue(parts[p].isSparse());
      assertFalse(dense[p].isSparse());
      assertEquals(dense[p].rows(), parts[p].rows());
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          dense[p].features(), parts[p].asDataset().features());
      org.junit.jupiter.api.Assertions.assertArrayEquals(dense[p].targets(), parts[p].targets());
    }
  }

  private static LocalTrainer trainer(TrainingSettings s) {
    Network net = new Network(SPEC);
    ParameterServer server =
        new ParameterServer(
            net.layout(),
            Initializer.initialParameters(SPEC, 5),
            UpdateConfig.fromMap(Map.of("optimizer.name", "adam", "optimizer.lr", "0.01")));
    return new LocalTrainer(net, server, s).partitions(3);
  }

  private static FeatureScaling none() {
    return FeatureScaling.none(1);
  }

  /** Rows with ~2% non-zeros; the class is decided by which third of the columns holds most. */
  static Dataset data(int rows, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[rows * WIDTH];
    float[] t = new float[rows];
    for (int r = 0; r < rows; r++) {
      int k = rng.nextInt(3);
      t[r] = k;
      for (int c = 0; c < WIDTH; c++) {
        boolean favoured = c * 3 / WIDTH == k;
        if (rng.nextDouble() < (favoured ? 0.04 : 0.01)) {
          x[r * WIDTH + c] = 0.5f + rng.nextFloat();
        }
      }
    }
    return new Dataset(x, t, rows, WIDTH, 1);
  }
}
