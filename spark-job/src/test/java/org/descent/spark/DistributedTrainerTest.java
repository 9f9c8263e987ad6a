package org.descent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.BroadcastBlockId;
import org.descent.nn.Activation;
import org.descent.nn.FeatureScaling;
import org.descent.nn.HiddenLayerSpec;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.NonFiniteGradientException;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.descent.ps.train.CsvDatasetReader;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.Dataset;
import org.descent.ps.train.EpochMetrics;
import org.descent.ps.train.LocalTrainer;
import org.descent.ps.train.TrainingResult;
import org.descent.ps.train.TrainingSettings;
import org.descent.sparktest.Await;
import org.descent.sparktest.LocalSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Short runs on the digits data (1,797 rows × 64 features, 10 classes) on local[2] against {@link
 * LocalTrainer#partitions} with the same seed, rows and partitioning. Weights agree within 1e-5 ×
 * max|w| per entry (float summation order differs); two distributed runs agree bit for bit.
 */
class DistributedTrainerTest {
  @RegisterExtension
  static final LocalSpark SPARK =
      LocalSpark.withCores(2).withKryo(DescentKryoRegistrator.class.getName());

  private static final int P = 3;
  private static final long SEED = 42;
  private static final double WEIGHT_TOLERANCE = 1e-5;

  private static Dataset train;
  private static Dataset validation;

  @BeforeAll
  static void readDigits() throws IOException {
    Dataset[] parts = digits().split(0.8, SEED);
    train = parts[0];
    validation = parts[1];
  }

  /** The bundled digits, features scaled to [0, 1]. */
  static Dataset digits() throws IOException {
    Dataset all = CsvDatasetReader.read(Path.of("../data/digits.csv.gz"), "label", 10);
    FeatureScaling.divide(all.width(), 16f).apply(all.features(), 0, all.rows());
    return all;
  }

  /**
   * Waits (up to 10 s) until {@code spark} runs no job: Spark marks a job done a moment after its
   * last result arrives, and killed tasks end soon after.
   */
  static void assertNoActiveJobs(LocalSpark spark, String message) throws InterruptedException {
    var tracker = spark.session().sparkContext().statusTracker();
    Await.until(() -> tracker.getActiveJobIds().length == 0, Duration.ofSeconds(10), message);
  }

  static NetworkSpec mlp() {
    return new NetworkSpec(
        64,
        List.of(HiddenLayerSpec.of(32, Activation.RELU).withDropout(0.1f)),
        10,
        Loss.SOFTMAX_CROSS_ENTROPY);
  }

  static ParameterServer server(NetworkSpec spec, double lr) {
    return server(spec, "adam", lr);
  }

  static ParameterServer server(NetworkSpec spec, String optimizer, double lr) {
    UpdateConfig update =
        UpdateConfig.fromMap(
            Map.of("optimizer.name", optimizer, "optimizer.lr", Double.toString(lr)));
    return new ParameterServer(
        new Network(spec).layout(), Initializer.initialParameters(spec, SEED), update);
  }

  /**
   * The blocks of {@code DataBlock.partition(d, partitions)}, one per partition, cached. Local
   * checkpoint cuts the lineage, so steps do not ship the parallelized blocks with every task.
   */
  static JavaRDD<DataBlock> blocks(Dataset d, int partitions) {
    return blocks(SPARK, d, partitions);
  }

  static JavaRDD<DataBlock> blocks(LocalSpark spark, Dataset d, int partitions) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.session().sparkContext());
    JavaRDD<DataBlock> rdd =
        sc.parallelize(Arrays.asList(DataBlock.partition(d, partitions)), partitions);
    rdd.rdd().localCheckpoint();
    rdd.count();
    return rdd;
  }

  @Test
  void sameWeightsAsTheLocalTrainerAndTheSameBitsTwice() {
    NetworkSpec spec = mlp();
    TrainingSettings settings = new TrainingSettings(3, 64, SEED, true, 0);
    JavaRDD<DataBlock> rdd = blocks(train, P);
    JavaRDD<DataBlock> val = blocks(validation, 2);

    List<EpochMetrics> epochs = new ArrayList<>();
    List<StepRecord> seen = new ArrayList<>();
    DistributedTrainingResult first =
        new DistributedTrainer(new Network(spec), server(spec, 0.01), settings)
            .logEvery(10)
            .onEpoch(epochs::add)
            .onStep(seen::add)
            .train(rdd, val, null);
    DistributedTrainingResult second =
        new DistributedTrainer(new Network(spec), server(spec, 0.01), settings)
            .train(rdd, val, null);
    TrainingResult local =
        new LocalTrainer(new Network(spec), server(spec, 0.01), settings)
            .partitions(P)
            .train(train, validation, FeatureScaling.none(1));

    TrainingResult d = first.training();
    assertArrayEquals(d.parameters(), second.training().parameters());
    assertArrayEquals(d.stepLosses(), second.training().stepLosses());
    assertClose(local.parameters(), d.parameters(), WEIGHT_TOLERANCE);
    assertEquals(local.bestEpoch(), d.bestEpoch());
    assertEquals(local.stepLosses().length, d.stepLosses().length);
    for (int i = 0; i < d.stepLosses().length; i++) {
      assertEquals(local.stepLosses()[i], d.stepLosses()[i], 1e-4 * local.stepLosses()[i]);
    }
    assertEquals(3, d.history().size());
    assertEquals(d.history(), epochs);
    for (int e = 0; e < 3; e++) {
      EpochMetrics l = local.history().get(e);
      EpochMetrics m = d.history().get(e);
      assertEquals(l.trainLoss(), m.trainLoss(), 1e-4 * l.trainLoss());
      assertEquals(l.validationLoss(), m.validationLoss(), 1e-4 * l.validationLoss());
      assertEquals(l.validationAccuracy(), m.validationAccuracy(), 2.0 / validation.rows());
    }
    assertTrue(d.history().get(2).validationAccuracy() > 0.8, "learns: " + d.history());

    // One timing record per step, in order, with every part measured.
    int stepsPerEpoch = (train.rows() + 63) / 64;
    assertEquals(3 * stepsPerEpoch, first.steps().size());
    assertEquals(first.steps(), seen);
    long rows = 0;
    for (int i = 0; i < first.steps().size(); i++) {
      StepRecord r = first.steps().get(i);
      assertEquals(i + 1, r.step());
      assertEquals(i / stepsPerEpoch + 1, r.epoch());
      assertTrue(r.computeNanos() > 0 && r.aggregateNanos() > 0 && r.updateNanos() > 0, "" + r);
      assertTrue(r.broadcastNanos() >= 0 && r.stepNanos() >= r.computeNanos(), "" + r);
      // Local mode measures scheduling; the five parts add up to the step.
      assertTrue(r.schedulingNanos() >= 0, "" + r);
      assertPartsAddUp(r);
      rows += r.rows();
    }
    assertEquals(3L * train.rows(), rows);
  }

  @Test
  void pipelinedStepsGiveTheSameBitsAsStepsRunOneAfterTheOther() {
    NetworkSpec spec = mlp();
    TrainingSettings settings = new TrainingSettings(2, 64, SEED, true, 0);
    JavaRDD<DataBlock> rdd = blocks(train, P);
    JavaRDD<DataBlock> val = blocks(validation, 2);
    List<Broadcast<float[]>> pipelinedWeights = new ArrayList<>();
    List<Broadcast<float[]>> serialWeights = new ArrayList<>();
    DistributedTrainingResult pipelined =
        new DistributedTrainer(new Network(spec), server(spec, "adam", 0.01), settings)
            .onWeightsBroadcast(pipelinedWeights::add)
            .train(rdd, val, null);
    DistributedTrainingResult serial =
        new DistributedTrainer(new Network(spec), server(spec, "adam", 0.01), settings)
            .pipelining(false)
            .onWeightsBroadcast(serialWeights::add)
            .train(rdd, val, null);
    assertSameBits(serial, pipelined);
    // Every step but an epoch's first had its job submitted before the previous update ended.
    int steps = pipelined.steps().size();
    assertEquals(
        steps - 2,
        pipelinedWeights.stream()
            .map(LocalWeights.class::cast)
            .filter(LocalWeights::isDeferred)
            .count());
    assertEquals(
        0,
        serialWeights.stream()
            .map(LocalWeights.class::cast)
            .filter(LocalWeights::isDeferred)
            .count());
    assertEquals(0, LocalWeights.held(), "weights left in the local table");
  }

  @Test
  void anErrorMidEpochLeavesNoPipelinedJobOrWeightsBehind() throws InterruptedException {
    NetworkSpec spec = mlp();
    JavaRDD<DataBlock> rdd = blocks(train, P);
    DistributedTrainer trainer =
        new DistributedTrainer(
                new Network(spec), server(spec, 0.01), new TrainingSettings(2, 64, SEED, true, 0))
            .onStep(
                r -> {
                  if (r.step() == 3) {
                    throw new IllegalStateException("listener failed at step 3");
                  }
                });
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> trainer.train(rdd, null, null));
    assertEquals("listener failed at step 3", e.getMessage());
    assertEquals(0, LocalWeights.held(), "weights left in the local table");
    assertNoActiveJobs(SPARK, "step 4's job still running");
  }

  @Test
  void everyPreviousWeightsBroadcastIsDestroyed() throws InterruptedException {
    NetworkSpec spec = mlp();
    JavaRDD<DataBlock> rdd = blocks(train, 2);
    JavaRDD<DataBlock> val = blocks(validation, 2);
    List<Broadcast<float[]>> made = new ArrayList<>();
    List<Integer> liveAtStep = new ArrayList<>();
    new DistributedTrainer(
            new Network(spec), server(spec, 0.01), new TrainingSettings(2, 128, 1, true, 0))
        .stepTransport("jobs") // a job and a broadcast per step (EpochJobTest covers the other way)
        .onWeightsBroadcast(made::add)
        .onStep(r -> liveAtStep.add((int) made.stream().filter(Broadcast::isValid).count()))
        .train(rdd, val, null);
    // One per step; the end-of-epoch validation broadcast is the next step's.
    assertEquals(liveAtStep.size() + 1, made.size());
    assertTrue(liveAtStep.stream().allMatch(n -> n == 1), "live broadcasts: " + liveAtStep);
    assertTrue(made.stream().noneMatch(Broadcast::isValid), "all destroyed after training");
    // In local mode the weights stay in the JVM (LocalWeights), and leave its table on destroy.
    assertTrue(made.stream().allMatch(b -> b instanceof LocalWeights), "local-mode weights");
    assertEquals(0, LocalWeights.held(), "weights left in the local table");
    // And their blocks leave the driver's block manager (removal is asynchronous).
    Await.until(
        () -> made.stream().noneMatch(b -> stored(b.id())),
        Duration.ofSeconds(10),
        "the weights broadcasts leave the block manager");
  }

  private static boolean stored(long broadcastId) {
    return SparkEnv.get()
            .blockManager()
            .getStatus(new BroadcastBlockId(broadcastId, ""))
            .isDefined()
        || SparkEnv.get()
            .blockManager()
            .getStatus(new BroadcastBlockId(broadcastId, "piece0"))
            .isDefined();
  }

  @Test
  void earlyStoppingKeepsTheBestEpochsWeightsAndLayerState() {
    // A wide batch-norm net on 150 rows overfits: validation loss turns up within a few epochs.
    NetworkSpec spec =
        new NetworkSpec(
            64,
            List.of(HiddenLayerSpec.of(128, Activation.RELU).withBatchNorm(true)),
            10,
            Loss.SOFTMAX_CROSS_ENTROPY);
    Dataset small = train.select(range(150));
    TrainingSettings settings = new TrainingSettings(40, 32, SEED, true, 2);
    JavaRDD<DataBlock> rdd = blocks(small, 2);
    JavaRDD<DataBlock> val = blocks(validation, 2);
    ParameterServer ps = server(spec, 0.02);
    Map<Integer, float[][]> snapshots = new HashMap<>();
    TrainingResult d =
        new DistributedTrainer(new Network(spec), ps, settings)
            .onEpoch(
                m ->
                    snapshots.put(
                        m.epoch(), new float[][] {ps.weights().clone(), ps.layerState().clone()}))
            .train(rdd, val, null)
            .training();
    TrainingResult local =
        new LocalTrainer(new Network(spec), server(spec, 0.02), settings)
            .partitions(2)
            .train(small, validation, FeatureScaling.none(1));

    assertTrue(d.stoppedEarly(), "history: " + d.history());
    assertEquals(local.stoppedEarly(), d.stoppedEarly());
    assertEquals(local.bestEpoch(), d.bestEpoch());
    assertEquals(d.bestEpoch() + 2, d.history().size());
    assertArrayEquals(snapshots.get(d.bestEpoch())[0], d.parameters());
    assertArrayEquals(snapshots.get(d.bestEpoch())[1], d.layerState());
    assertFalse(Arrays.equals(ps.weights(), d.parameters()), "the last weights are not the best");
    // The reported validation loss is that of the kept weights.
    double kept =
        LocalTrainer.evaluate(
                new Network(spec),
                d.parameters(),
                d.layerState(),
                validation,
                FeatureScaling.none(1))
            .loss();
    assertEquals(d.history().get(d.bestEpoch() - 1).validationLoss(), kept, 1e-9 * kept);
  }

  @Test
  void regressionWithScaledTargetsMatchesTheLocalTrainer() throws IOException {
    Dataset all = CsvDatasetReader.read(Path.of("../data/diabetes.csv"), "target", 0);
    FeatureScaling.Statistics fs = new FeatureScaling.Statistics(all.width());
    fs.add(all.features(), 0, all.rows());
    FeatureScaling.fit(FeatureScaling.Mode.STANDARDIZE, fs, 1f)
        .apply(all.features(), 0, all.rows());
    Dataset[] parts = all.split(0.8, SEED);
    FeatureScaling.Statistics ts = new FeatureScaling.Statistics(1);
    ts.add(parts[0].targets(), 0, parts[0].rows());
    FeatureScaling targets = FeatureScaling.fit(FeatureScaling.Mode.STANDARDIZE, ts, 1f);
    NetworkSpec spec =
        NetworkSpec.of(new int[] {10, 16, 1}, Activation.TANH, Loss.MEAN_SQUARED_ERROR);
    TrainingSettings settings = new TrainingSettings(3, 32, SEED, true, 0);
    JavaRDD<DataBlock> rdd = blocks(parts[0], 2);
    JavaRDD<DataBlock> val = blocks(parts[1], 2);
    TrainingResult d =
        new DistributedTrainer(new Network(spec), server(spec, 0.01), settings)
            .train(rdd, val, targets)
            .training();
    TrainingResult local =
        new LocalTrainer(new Network(spec), server(spec, 0.01), settings)
            .partitions(2)
            .train(parts[0], parts[1], targets);
    assertClose(local.parameters(), d.parameters(), WEIGHT_TOLERANCE);
    EpochMetrics l = local.history().get(2);
    EpochMetrics m = d.history().get(2);
    assertEquals(l.validationMse(), m.validationMse(), 1e-4 * l.validationMse());
    assertEquals(l.validationMae(), m.validationMae(), 1e-4 * l.validationMae());
    assertEquals(l.validationR2(), m.validationR2(), 1e-4);
    assertTrue(m.validationMse() > 100, "MSE in original units (not standardised): " + m);
  }

  @Test
  void divergenceStopsTrainingNamingTheStepAndLayer() {
    // Regression on the digit labels with SGD at lr 1e6: the error grows geometrically.
    NetworkSpec spec =
        NetworkSpec.of(new int[] {64, 16, 1}, Activation.TANH, Loss.MEAN_SQUARED_ERROR);
    JavaRDD<DataBlock> rdd = blocks(train, 2);
    List<StepRecord> done = new ArrayList<>();
    ArithmeticException e =
        assertThrows(
            ArithmeticException.class,
            () ->
                new DistributedTrainer(
                        new Network(spec),
                        server(spec, "sgd", 1e6),
                        new TrainingSettings(5, 64, 1, true, 0))
                    .onStep(done::add)
                    .train(rdd, null, null));
    long failed = done.size() + 1;
    assertTrue(failed < 10, "diverged late: " + done);
    assertTrue(e.getMessage().contains("at step " + failed + " "), e.getMessage());
    if (e instanceof NonFiniteGradientException g) {
      assertEquals(failed, g.step());
      assertTrue(e.getMessage().contains("in layer " + g.layer()), e.getMessage());
    } else {
      NonFiniteLossException l = (NonFiniteLossException) e;
      assertEquals(failed, l.step(), e.toString());
      assertTrue(
          e.getMessage().contains("largest weights in layer " + l.largestWeightsLayer()),
          e.getMessage());
    }
  }

  @Test
  void aNonFiniteLossNamesTheStep() {
    Dataset bad = train.select(range(200));
    Arrays.fill(bad.features(), 100 * 64, 101 * 64, Float.NaN); // one row, in step 1's batch
    // tanh passes the NaN on to the loss (nn-core's ReLU maps NaN to 0: only the gradient shows
    // it).
    NetworkSpec spec =
        NetworkSpec.of(new int[] {64, 16, 10}, Activation.TANH, Loss.SOFTMAX_CROSS_ENTROPY);
    NonFiniteLossException e =
        assertThrows(
            NonFiniteLossException.class,
            () ->
                new DistributedTrainer(
                        new Network(spec),
                        server(spec, 0.01),
                        new TrainingSettings(1, 200, 1, true, 0))
                    .train(blocks(bad, 2), null, null));
    assertEquals(1, e.step());
    assertEquals(1, e.epoch());
    assertTrue(
        e.getMessage()
            .startsWith("non-finite training loss (NaN) at step 1 (epoch 1) in output layer 1;"),
        e.getMessage());
    assertEquals(1, e.outputLayer());
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  /** A step's five parts add up to the step. */
  static void assertPartsAddUp(StepRecord r) {
    assertEquals(
        r.stepNanos(),
        r.broadcastNanos()
            + r.schedulingNanos()
            + r.computeNanos()
            + r.aggregateNanos()
            + r.updateNanos(),
        "" + r);
  }

  /** The same weights, step losses and epoch losses, to the bit. */
  static void assertSameBits(DistributedTrainingResult expected, DistributedTrainingResult actual) {
    assertArrayEquals(expected.training().parameters(), actual.training().parameters());
    assertArrayEquals(expected.training().stepLosses(), actual.training().stepLosses());
    assertEquals(expected.training().history().size(), actual.training().history().size());
    for (int e = 0; e < expected.training().history().size(); e++) {
      EpochMetrics a = expected.training().history().get(e);
      EpochMetrics b = actual.training().history().get(e);
      assertEquals(a.trainLoss(), b.trainLoss());
      assertEquals(a.validationLoss(), b.validationLoss());
    }
  }

  private static void assertClose(float[] expected, float[] actual, double rel) {
    assertEquals(expected.length, actual.length);
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    System.out.printf("max |Δw| / max |w| = %.3g%n", worst / scale);
    assertTrue(worst <= rel * scale, "max |Δ| " + worst + " > " + rel + " × max|w| " + scale);
  }
}
