package org.descent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.descent.data.DataSettings;
import org.descent.data.TrainingData;
import org.descent.nn.Activation;
import org.descent.nn.FeatureScaling;
import org.descent.nn.HiddenLayerSpec;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.Dataset;
import org.descent.ps.train.Evaluation;
import org.descent.ps.train.Evaluations;
import org.descent.ps.train.GradientSum;
import org.descent.ps.train.LocalTrainer;
import org.descent.ps.train.MinibatchPlan;
import org.descent.ps.train.PartitionStep;
import org.descent.ps.train.SparseBlocks;
import org.descent.ps.train.TrainingResult;
import org.descent.ps.train.TrainingSettings;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sparse input through Spark: one step's aggregated gradient over sparse blocks equals the local
 * sum of PartitionSteps over the same blocks (and the dense blocks' gradient within float
 * rounding), and a wide libsvm file trains end to end through the sparse path to the weights of the
 * dense path.
 */
class SparseSparkTrainingTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  private static final int WIDTH = 2000;
  private static final long SEED = 9;

  @TempDir Path dir;

  static NetworkSpec spec() {
    return new NetworkSpec(
        WIDTH,
        List.of(HiddenLayerSpec.of(12, Activation.RELU).withDropout(0.2f)),
        3,
        Loss.SOFTMAX_CROSS_ENTROPY);
  }

  @Test
  void distributedSparseGradientIsTheLocalSum() {
    Dataset data = rows(300);
    NetworkSpec spec = spec();
    Network network = new Network(spec);
    int partitions = 3;
    DataBlock[] sparse = SparseBlocks.sparseOf(data).partition(partitions);
    DataBlock[] dense = DataBlock.partition(data, partitions);
    MinibatchPlan plan = new MinibatchPlan(SEED, true, data.rows(), 64);
    float[] weights = Initializer.initialParameters(spec, SEED);
    GradientSum local = new GradientSum(network.layout().size(), network.layout().stateSize());
    GradientSum denseSum = new GradientSum(network.layout().size(), network.layout().stateSize());
    for (int p = 0; p < partitions; p++) {
      new PartitionStep(network, plan.rowsPerStep(sparse[p].rows()), WIDTH, 1)
          .accumulate(weights, sparse[p], plan, 2, 1, 5, p, local);
      new PartitionStep(network, plan.rowsPerStep(dense[p].rows()), WIDTH, 1)
          .accumulate(weights, dense[p], plan, 2, 1, 5, p, denseSum);
    }

    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SPARK.session().sparkContext());
    JavaRDD<DataBlock> rdd = sc.parallelize(Arrays.asList(sparse), partitions).cache();
    Broadcast<NetworkSpec> specB = sc.broadcast(spec);
    Broadcast<float[]> w = sc.broadcast(weights.clone());
    try {
      GradientSum distributed =
          GradientStep.of(rdd, specB, plan, UUID.randomUUID().toString(), 2).run(w, 2, 1, 5).sum();
      assertEquals(local.rows(), distributed.rows());
      assertEquals(local.loss(), distributed.loss(), 1e-9 * Math.abs(local.loss()));
      assertClose(local.gradient(), distributed.gradient(), 1e-5);
      assertClose(denseSum.gradient(), distributed.gradient(), 1e-5);
    } finally {
      w.destroy();
      specB.destroy();
      rdd.unpersist(true);
    }
  }

  @Test
  void distributedSparseEvaluationShipsItsConfusionCountsToTheDriver() {
    NetworkSpec spec = spec();
    Network network = new Network(spec);
    float[] weights = Initializer.initialParameters(spec, SEED);
    float[] state = new float[network.layout().stateSize()];
    DataBlock[] sparse = SparseBlocks.sparseOf(rows(300)).partition(3);
    FeatureScaling none = FeatureScaling.none(1);
    Evaluation local = new Evaluation();
    for (DataBlock b : sparse) {
      local.merge(LocalTrainer.evaluate(network, weights, state, b, none, true));
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SPARK.session().sparkContext());
    JavaRDD<DataBlock> rdd = sc.parallelize(Arrays.asList(sparse), 3);
    Evaluation distributed = DistributedEvaluator.evaluate(rdd, spec, weights, state, none, true);
    assertEquals(300, distributed.rows());
    assertArrayEquals(local.confusion(), distributed.confusion());
    assertEquals(local.accuracy(), distributed.accuracy());
    assertFalse(
        Evaluations.hasPairs(DistributedEvaluator.evaluate(rdd, spec, weights, state, none)));
  }

  @Test
  void aWideLibsvmFileTrainsThroughTheSparsePathToTheDenseWeights() throws IOException {
    Path file = dir.resolve("wide.libsvm");
    Files.writeString(file, libsvm(rows(400)));
    TrainingSettings settings = new TrainingSettings(3, 64, SEED, true, 0);
    TrainingData sparse = load(file, "auto");
    TrainingData dense = load(file, "false");
    try {
      assertTrue(sparse.sparse(), "density " + sparse.density());
      assertTrue(sparse.train().collect().stream().allMatch(DataBlock::isSparse));
      TrainingResult s = train(sparse, settings);
      TrainingResult d = train(dense, settings);
      assertClose(d.parameters(), s.parameters(), 1e-4);
      double first = s.history().get(0).validationLoss();
      double last = s.history().get(2).validationLoss();
      assertTrue(last < first, "validation loss " + first + " → " + last);
      assertTrue(
          s.history().get(2).validationAccuracy() > 0.5, s.history().toString()); // chance: 1/3
      // The same model up to float rounding: at most one of the ~100 validation rows may flip.
      assertEquals(
          d.history().get(2).validationAccuracy(), s.history().get(2).validationAccuracy(), 0.011);
    } finally {
      sparse.unpersist();
      dense.unpersist();
    }
  }

  private static TrainingResult train(TrainingData data, TrainingSettings settings) {
    NetworkSpec spec = spec();
    return new DistributedTrainer(
            new Network(spec), DistributedTrainerTest.server(spec, 0.01), settings)
        .train(data.train(), data.validation(), null)
        .training();
  }

  private static TrainingData load(Path file, String sparse) {
    Map<String, String> m = new HashMap<>();
    m.put("data.train", file.toString());
    m.put("data.format", "libsvm");
    m.put("data.scaling", "maxabs");
    m.put("data.sparse", sparse);
    m.put("data.validationFraction", "0.25");
    m.put("data.testFraction", "0");
    m.put("train.partitions", "3");
    return TrainingData.load(SPARK.session(), DataSettings.fromMap(m), spec());
  }

  /** ~0.7% of the features stored; the class is the third of the columns most entries fall in. */
  static Dataset rows(int n) {
    Random rng = new Random(SEED);
    float[] x = new float[n * WIDTH];
    float[] t = new float[n];
    for (int r = 0; r < n; r++) {
      int k = rng.nextInt(3);
      t[r] = k;
      for (int c = 0; c < WIDTH; c++) {
        boolean favoured = c * 3 / WIDTH == k;
        if (rng.nextDouble() < (favoured ? 0.02 : 0.001)) {
          x[r * WIDTH + c] = 1 + rng.nextInt(4);
        }
      }
    }
    return new Dataset(x, t, n, WIDTH, 1);
  }

  static String libsvm(Dataset d) {
    StringBuilder b = new StringBuilder();
    for (int r = 0; r < d.rows(); r++) {
      b.append((int) d.targets()[r]);
      for (int c = 0; c < d.width(); c++) {
        float v = d.features()[r * d.width() + c];
        if (v != 0) {
          b.append(' ').append(c + 1).append(':').append(v);
        }
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static void assertClose(float[] expected, float[] actual, double rel) {
    double scale = 0;
    for (float e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    assertTrue(scale > 0, "all zero proves nothing");
    for (int i = 0; i < expected.length; i++) {
      double diff = Math.abs(expected[i] - actual[i]);
      if (diff > rel * scale) {
        throw new AssertionError(
            "[" + i + "] = " + actual[i] + ", expected " + expected[i] + " (±" + rel * scale + ")");
      }
    }
  }
}
