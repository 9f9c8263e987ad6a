package org.descent.ps.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.descent.nn.Activation;
import org.descent.nn.FeatureScaling;
import org.descent.nn.HiddenLayerSpec;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.ParameterServer;
import org.descent.ps.ParameterServerSnapshot;
import org.descent.ps.UpdateConfig;
import org.junit.jupiter.api.Test;

/** Epochs, minibatch plan, early stopping, best weights, and exact resume from a snapshot. */
class LocalTrainerTest {
  private static final NetworkSpec SPEC =
      new NetworkSpec(
          64,
          List.of(HiddenLayerSpec.of(32, Activation.RELU).withBatchNorm(true).withDropout(0.1f)),
          10,
          Loss.SOFTMAX_CROSS_ENTROPY);

  private static ParameterServer server(Network net, long seed) {
    return new ParameterServer(
        net.layout(),
        Initializer.initialParameters(SPEC, seed),
        UpdateConfig.fromMap(Map.of("optimizer.name", "adam", "optimizer.lr", "0.01")));
  }

  @Test
  void everyRowIsVisitedOncePerEpochAcrossPartitions() {
    MinibatchPlan plan = new MinibatchPlan(3, true, 1001, 64);
    int[] sizes = {334, 333, 334};
    for (int p = 0; p < sizes.length; p++) {
      boolean[] seen = new boolean[sizes[p]];
      int[] order = plan.order(2, p, sizes[p]);
      for (int s = 0; s < plan.stepsPerEpoch(); s++) {
        int from = plan.from(s, sizes[p]);
        for (int i = 0; i < plan.count(s, sizes[p]); i++) {
          assertTrue(!seen[order[from + i]], "row visited twice");
          seen[order[from + i]] = true;
        }
      }
      for (boolean b : seen) {
        assertTrue(b, "row never visited");
      }
    }
    assertEquals(16, plan.stepsPerEpoch()); // ⌈1001 / 64⌉
  }

  @Test
  void sameSeedSameWeightsAndPartitionedRunsAgreeWithinFloatRounding() {
    Dataset[] d = BundledData.digits(1);
    Network net = new Network(SPEC);
    TrainingSettings s = new TrainingSettings(2, 64, 5, true, 0);
    float[] a =
        new LocalTrainer(net, server(net, 5), s)
            .train(d[0], null, FeatureScaling.none(1))
            .parameters();
    float[] b =
        new LocalTrainer(net, server(net, 5), s)
            .train(d[0], null, FeatureScaling.none(1))
            .parameters();
    assertArrayEquals(a, b);
  }

  @Test
  void theEpochLossIsPerUnitOfRowWeight() {
    Dataset d = BundledData.digits(1)[0];
    Network net = new Network(SPEC);
    TrainingSettings s = new TrainingSettings(2, 64, 5, true, 0);
    float[] twos = new float[d.rows()];
    java.util.Arrays.fill(twos, 2f);
    DataBlock weighted =
        new DataBlock(d.features(), d.targets(), twos, d.rows(), d.width(), d.targetWidth());

    TrainingResult plain =
        new LocalTrainer(net, server(net, 5), s).train(d, null, FeatureScaling.none(1));
    TrainingResult doubled =
        new LocalTrainer(net, server(net, 5), s).train(weighted, null, FeatureScaling.none(1));

    // Every row weighing 2 is the same mean: the same steps, and the same loss per unit weight.
    assertArrayEquals(plain.parameters(), doubled.parameters());
    for (int e = 0; e < 2; e++) {
      assertEquals(plain.history().get(e).trainLoss(), doubled.history().get(e).trainLoss(), 1e-12);
    }
  }

  @Test
  void earlyStoppingKeepsTheBestEpochsWeights() {
    Dataset[] d = BundledData.digits(2);
    Dataset[] tv = d[0].split(0.5, 3);
    Network net = new Network(SPEC);
    List<float[]> perEpoch = new java.util.ArrayList<>();
    ParameterServer ps = server(net, 6);
    // A high learning rate overfits half the data quickly; patience 2 then stops the run.
    ParameterServer fast =
        new ParameterServer(
            net.layout(),
            Initializer.initialParameters(SPEC, 6),
            UpdateConfig.fromMap(Map.of("optimizer.name", "adam", "optimizer.lr", "0.05")));
    TrainingResult r =
        new LocalTrainer(net, fast, new TrainingSettings(60, 16, 4, true, 2))
            .onEpoch(m -> perEpoch.add(fast.weights().clone()))
            .train(tv[0], tv[1], FeatureScaling.none(1));
    assertTrue(r.stoppedEarly(), "expected the validation loss to stop improving");
    double best = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    for (EpochMetrics m : r.history()) {
      if (m.validationLoss() < best) {
        best = m.validationLoss();
        bestEpoch = m.epoch();
      }
    }
    assertEquals(bestEpoch, r.bestEpoch());
    assertEquals(bestEpoch + 2, r.history().size());
    assertArrayEquals(perEpoch.get(bestEpoch - 1), r.parameters());
    assertTrue(ps.step() == 0);
  }

  @Test
  void snapshotAtStepKRestoreAndContinueIsBitIdenticalToNeverStopping() throws IOException {
    Dataset[] d = BundledData.digits(4);
    DataBlock[] blocks = DataBlock.partition(d[0], 3);
    Network net = new Network(SPEC);
    MinibatchPlan plan = new MinibatchPlan(9, true, d[0].rows(), 128);
    int k = 7;
    int total = 2 * plan.stepsPerEpoch() + 3;

    ParameterServer straight = server(net, 8);
    run(net, straight, blocks, plan, 0, total);

    ParameterServer first = server(net, 8);
    run(net, first, blocks, plan, 0, k);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ParameterServerSnapshot.write(first, bytes);
    ParameterServer resumed =
        ParameterServer.restore(new ByteArrayInputStream(bytes.toByteArray()), net.layout());
    run(net, resumed, blocks, plan, k, total);

    assertEquals(straight.step(), resumed.step());
    assertArrayEquals(straight.weights(), resumed.weights());
    assertArrayEquals(straight.layerState(), resumed.layerState());
  }

  /** Global steps [from, to) through the same per-partition code the trainers use. */
  private static void run(
      Network net, ParameterServer ps, DataBlock[] blocks, MinibatchPlan plan, long from, long to) {
    GradientSum sum = new GradientSum(net.layout().size(), net.layout().stateSize());
    PartitionStep[] parts = new PartitionStep[blocks.length];
    for (int p = 0; p < blocks.length; p++) {
      parts[p] = new PartitionStep(net, plan.rowsPerStep(blocks[p].rows()), 64, 1);
    }
    for (long step = from; step < to; step++) {
      int epoch = (int) (step / plan.stepsPerEpoch()) + 1;
      int inEpoch = (int) (step % plan.stepsPerEpoch());
      sum.clear();
      for (int p = 0; p < blocks.length; p++) {
        parts[p].accumulate(ps.weights(), blocks[p], plan, epoch, inEpoch, step, p, sum);
      }
      float[] state = ps.layerState();
      sum.batchNormStatistics(net.layout()).applyTo(state, 0.1f);
      ps.setLayerState(state);
      ps.apply(sum.gradient(), sum.rows());
    }
  }
}
