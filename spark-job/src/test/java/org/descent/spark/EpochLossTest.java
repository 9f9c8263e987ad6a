package org.descent.spark;

import static org.descent.spark.DistributedTrainerTest.mlp;
import static org.descent.spark.DistributedTrainerTest.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.descent.nn.FeatureScaling;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.Dataset;
import org.descent.ps.train.LocalTrainer;
import org.descent.ps.train.TrainingResult;
import org.descent.ps.train.TrainingSettings;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One rule for steps without rows in every trainer (no update, nothing recorded), and the epoch's
 * training loss as Σ wℓ / Σ w over its rows.
 */
class EpochLossTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  private static Dataset random(int rows) {
    Random r = new Random(3);
    float[] x = new float[rows * 64];
    float[] y = new float[rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < rows; i++) {
      y[i] = r.nextInt(10);
    }
    return new Dataset(x, y, rows, 64, 1);
  }

  @Test
  void stepsWithoutRowsAreRecordedByNeitherTrainer() {
    // 10 rows, batch 1: 10 steps an epoch, and each partition of 5 rows has rows in only 5.
    Dataset d = random(10);
    NetworkSpec spec = mlp();
    TrainingSettings settings = new TrainingSettings(2, 1, 42, true, 0);
    for (String transport : new String[] {"jobs", "memory", "network"}) {
      JavaRDD<DataBlock> rdd = DistributedTrainerTest.blocks(SPARK, d, 2);
      DistributedTrainingResult distributed =
          new DistributedTrainer(new Network(spec), server(spec, "sgd", 0.01), settings)
              .stepTransport(transport)
              .train(rdd, null, null);
      TrainingResult local =
          new LocalTrainer(new Network(spec), server(spec, "sgd", 0.01), settings)
              .partitions(2)
              .train(d, null, FeatureScaling.none(1));
      int recorded = distributed.steps().size();
      assertTrue(recorded < 2 * 10, transport + ": some steps have no rows, " + recorded);
      assertEquals(local.stepLosses().length, recorded, transport);
      for (StepRecord r : distributed.steps()) {
        assertTrue(r.rows() > 0 && Double.isFinite(r.loss()), transport + ": " + r);
      }
      for (int e = 0; e < 2; e++) {
        assertEquals(
            local.history().get(e).trainLoss(),
            distributed.training().history().get(e).trainLoss(),
            1e-5,
            transport);
      }
    }
  }

  @Test
  void theEpochLossIsTheWeightedMeanWhateverTheBatches() {
    // Weights 1 and 5, a vanishing learning rate (the weights barely move): the epoch's loss is
    // Σ wℓ / Σ w over the same rows at the same weights whether they come in one step or seven.
    // Averaging the steps' means by row counts instead would give a different number.
    Dataset d = random(70);
    float[] w = new float[70];
    for (int i = 0; i < w.length; i++) {
      w[i] = i % 3 == 0 ? 5f : 1f;
    }
    // No dropout: its masks would differ between the two batchings.
    NetworkSpec spec =
        new NetworkSpec(
            64,
            java.util.List.of(
                org.descent.nn.HiddenLayerSpec.of(32, org.descent.nn.Activation.RELU)),
            10,
            org.descent.nn.Loss.SOFTMAX_CROSS_ENTROPY);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SPARK.session().sparkContext());
    DataBlock[] parts = DataBlock.partition(d, 2);
    DataBlock[] weighted = new DataBlock[2];
    int from = 0;
    for (int p = 0; p < 2; p++) {
      DataBlock b = parts[p];
      weighted[p] =
          new DataBlock(
              b.features(),
              b.targets(),
              Arrays.copyOfRange(w, from, from + b.rows()),
              b.rows(),
              b.width(),
              b.targetWidth());
      from += b.rows();
    }
    JavaRDD<DataBlock> rdd = sc.parallelize(Arrays.asList(weighted), 2).cache();
    double[] loss = new double[2];
    int[] batches = {70, 10};
    for (int i = 0; i < 2; i++) {
      loss[i] =
          new DistributedTrainer(
                  new Network(spec),
                  server(spec, "sgd", 1e-30),
                  new TrainingSettings(1, batches[i], 42, true, 0))
              .train(rdd, null, null)
              .training()
              .history()
              .get(0)
              .trainLoss();
    }
    // Float rounding of the per-row losses differs between the batchings: ~1e-8 relative.
    assertEquals(loss[0], loss[1], 1e-6 * loss[0], "one step vs seven");
  }
}
