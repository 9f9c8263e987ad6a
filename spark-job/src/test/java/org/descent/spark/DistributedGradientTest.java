package org.descent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.descent.nn.Activation;
import org.descent.nn.HiddenLayerSpec;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.Dataset;
import org.descent.ps.train.GradientSum;
import org.descent.ps.train.MinibatchPlan;
import org.descent.ps.train.PartitionStep;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One step's aggregated gradient over P Spark partitions equals the local trainer's sum over {@code
 * DataBlock.partition(sameDataset, P)}: bit for bit with P = 1; with P > 1 up to float summation
 * order (the local trainer accumulates every block into one buffer, the tasks sum from zero and the
 * tree adds the partial sums), within 1e-5 × max|g| per entry, loss and batch-norm sums within 1e-9
 * relative. And it is bit for bit the partition-ordered sum of the per-partition sums, whatever the
 * aggregation depth's tree — so training is deterministic.
 */
class DistributedGradientTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  private static final long SEED = 7;
  private static final int EPOCH = 2;
  private static final int STEP_IN_EPOCH = 1;
  private static final long STEP = 5;

  static NetworkSpec plain() {
    return NetworkSpec.of(new int[] {6, 8, 3}, Activation.TANH, Loss.SOFTMAX_CROSS_ENTROPY);
  }

  /** Batch norm and dropout: masks and statistics must come out as in the local step. */
  static NetworkSpec batchNormAndDropout() {
    return new NetworkSpec(
        6,
        List.of(
            HiddenLayerSpec.of(8, Activation.RELU).withBatchNorm(true),
            HiddenLayerSpec.of(5, Activation.TANH).withDropout(0.3f)),
        3,
        Loss.SOFTMAX_CROSS_ENTROPY);
  }

  static Dataset randomData(int rows, int width, int classes) {
    Random r = new Random(11);
    float[] x = new float[rows * width];
    float[] y = new float[rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < rows; i++) {
      y[i] = r.nextInt(classes);
    }
    return new Dataset(x, y, rows, width, 1);
  }

  @ParameterizedTest(name = "P = {0}")
  @ValueSource(ints = {1, 2, 7})
  void plainNetwork(int partitions) {
    check(plain(), partitions);
  }

  @ParameterizedTest(name = "P = {0}")
  @ValueSource(ints = {1, 2, 7})
  void batchNormAndDropoutNetwork(int partitions) {
    check(batchNormAndDropout(), partitions);
  }

  private void check(NetworkSpec spec, int partitions) {
    Network network = new Network(spec);
    Dataset data = randomData(211, 6, 3);
    DataBlock[] blocks = DataBlock.partition(data, partitions);
    MinibatchPlan plan = new MinibatchPlan(SEED, true, data.rows(), 64);
    float[] weights = Initializer.initialParameters(spec, SEED);

    // The local trainer's step: every block accumulates into one sum.
    GradientSum local = new GradientSum(network.layout().size(), network.layout().stateSize());
    // The same per-partition sums, added in the one fixed order (PartitionTree's).
    PartitionResult[] own = new PartitionResult[partitions];
    for (int p = 0; p < partitions; p++) {
      step(network, blocks[p], plan)
          .accumulate(weights, blocks[p], plan, EPOCH, STEP_IN_EPOCH, STEP, p, local);
      own[p] = new PartitionResult(network.layout().size(), network.layout().stateSize()).reset(p);
      step(network, blocks[p], plan)
          .accumulate(weights, blocks[p], plan, EPOCH, STEP_IN_EPOCH, STEP, p, own[p].sum());
    }
    GradientSum ordered = PartitionTree.sum(own).sum();

    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SPARK.session().sparkContext());
    JavaRDD<DataBlock> rdd = sc.parallelize(Arrays.asList(blocks), partitions).cache();
    Broadcast<NetworkSpec> specB = sc.broadcast(spec);
    Broadcast<float[]> w = sc.broadcast(weights.clone());
    String run = UUID.randomUUID().toString();
    try {
      long bytes = 4L * network.layout().size() + 8L * network.layout().stateSize();
      // Local mode sums straight to the driver unless the results would not fit
      // spark.driver.maxResultSize: a huge result size forces the tree levels here.
      for (int depth : new int[] {1, 2, 3, -2, -3}) {
        boolean tree = depth < 0;
        GradientSum distributed =
            GradientStep.of(rdd, specB, plan, run, Math.abs(depth), tree ? Long.MAX_VALUE : bytes)
                .run(w, EPOCH, STEP_IN_EPOCH, STEP)
                .sum();
        assertEquals(local.rows(), distributed.rows());
        assertEquals(local.loss(), distributed.loss(), 1e-9 * Math.abs(local.loss()));
        assertClose(local.gradient(), distributed.gradient(), 1e-5, "depth " + depth);
        double[] bn = local.batchNormSums();
        for (int i = 0; i < bn.length; i++) {
          assertEquals(bn[i], distributed.batchNormSums()[i], 1e-9 * (1 + Math.abs(bn[i])));
        }
        if (partitions == 1) {
          assertArrayEquals(local.gradient(), distributed.gradient());
        }
        if (!tree || depth == -1 || partitions <= 3) { // one level: exactly the ordered sum
          assertArrayEquals(ordered.gradient(), distributed.gradient());
          assertEquals(ordered.loss(), distributed.loss());
        }
      }
      assertEquals(0, LocalHandOver.held(), "local hand-over left results behind");
      // A second run of the same step (another job, other task threads) gives the same bits.
      GradientSum again =
          GradientStep.of(rdd, specB, plan, run, 2, bytes).run(w, EPOCH, 1, STEP).sum();
      GradientSum first =
          GradientStep.of(rdd, specB, plan, run, 2, bytes).run(w, EPOCH, 1, STEP).sum();
      assertArrayEquals(first.gradient(), again.gradient());
    } finally {
      w.destroy();
      specB.destroy();
      rdd.unpersist(true);
    }
  }

  private static PartitionStep step(Network network, DataBlock block, MinibatchPlan plan) {
    return new PartitionStep(
        network, plan.rowsPerStep(block.rows()), block.width(), block.targetWidth());
  }

  private static void assertClose(float[] expected, float[] actual, double rel, String what) {
    double scale = 0;
    for (float e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    assertTrue(scale > 0, "a zero gradient proves nothing");
    for (int i = 0; i < expected.length; i++) {
      double diff = Math.abs(expected[i] - actual[i]);
      if (diff > rel * scale) {
        throw new AssertionError(
            what
                + ": gradient["
                + i
                + "] = "
                + actual[i]
                + ", expected "
                + expected[i]
                + " (±"
                + rel * scale
                + ")");
      }
    }
  }
}
