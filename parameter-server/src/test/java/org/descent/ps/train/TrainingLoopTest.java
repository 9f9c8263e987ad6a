package org.descent.ps.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.descent.nn.Activation;
import org.descent.nn.Initializer;
import org.descent.nn.Loss;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.ParameterServer;
import org.descent.ps.UpdateConfig;
import org.junit.jupiter.api.Test;

/**
 * The training policy of {@link TrainingLoop}, over a scripted {@link StepPath}: every step hands
 * the loop a gradient of ones with a chosen loss sum, rows and weight, so what the loop does with
 * it (update or not, losses, checkpoints, stopping) can be checked exactly.
 */
class TrainingLoopTest {
  private static final NetworkSpec SPEC =
      NetworkSpec.of(new int[] {3, 4, 2}, Activation.RELU, Loss.SOFTMAX_CROSS_ENTROPY);

  private final Network network = new Network(SPEC);

  /** A step's sums: Σ wℓ over its rows, the rows, Σ w. */
  private record Sums(double loss, long rows, double weight) {}

  /** What the scripted path saw: (epoch, stepInEpoch, global step) of every step it ran. */
  private final List<long[]> ran = new ArrayList<>();

  private int finished;

  /** A path whose global step {@code t} sums to {@code script[t % script.length]}. */
  private StepPath<Long> scripted(Sums... script) {
    return new StepPath<>() {
      @Override
      public Epoch<Long> open(int epoch, int stepInEpoch, long step) {
        return (s, t, more, update) -> {
          ran.add(new long[] {epoch, s, t});
          Sums sums = script[(int) (t % script.length)];
          GradientSum sum = new GradientSum(network.layout().size(), network.layout().stateSize());
          if (sums.rows() > 0) {
            Arrays.fill(sum.ownGradient(), 1f);
          }
          sum.addLoss(sums.loss(), sums.rows(), sums.weight());
          update.accept(sum);
          return t + 1;
        };
      }

      @Override
      public void finish() {
        finished++;
      }
    };
  }

  private ParameterServer server(Map<String, String> update) {
    return new ParameterServer(
        network.layout(), Initializer.initialParameters(SPEC, 7), UpdateConfig.fromMap(update));
  }

  private static ParameterServer sgd(Network network, double lr) {
    return new ParameterServer(
        network.layout(),
        Initializer.initialParameters(SPEC, 7),
        UpdateConfig.fromMap(Map.of("optimizer.name", "sgd", "optimizer.lr", Double.toString(lr))));
  }

  private static TrainingSettings settings(int epochs, int patience) {
    return new TrainingSettings(epochs, 8, 1, true, patience);
  }

  private static Evaluation validationLoss(double loss) {
    Evaluation e = new Evaluation();
    e.addLoss(loss * 10, 10);
    return e;
  }

  @Test
  void earlyStoppingEndsAfterPatienceAndReturnsTheBestEpochsWeights() {
    ParameterServer server = sgd(network, 0.1);
    double[] losses = {3, 1, 2, 2, 0.5}; // best at epoch 2; epochs 3 and 4 exhaust patience 2
    List<float[]> weightsAfterEpoch = new ArrayList<>();
    TrainingResult result =
        new TrainingLoop<Long>(network, server, settings(5, 2))
            .validation(
                epoch -> {
                  weightsAfterEpoch.add(server.weights().clone());
                  return validationLoss(losses[epoch - 1]);
                })
            .run(scripted(new Sums(4, 2, 2)), 2, 4);

    assertTrue(result.stoppedEarly());
    assertEquals(4, result.history().size(), "epoch 5 never runs");
    assertEquals(2, result.bestEpoch());
    assertArrayEquals(weightsAfterEpoch.get(1), result.parameters());
    assertFalse(Arrays.equals(server.weights(), result.parameters()), "the last weights differ");
    assertEquals(1, finished, "the path is finished once, early stopping or not");
  }

  @Test
  void aStepWithoutWeightIsSkippedButCountsAsAGlobalStep() {
    ParameterServer server = sgd(network, 0.1);
    float[] initial = server.weights().clone();
    List<Long> recorded = new ArrayList<>();
    // Global steps 0..3: trained, no rows at all, rows that all weigh 0, trained.
    TrainingResult result =
        new TrainingLoop<Long>(network, server, settings(1, 0))
            .onStep(recorded::add)
            .run(
                scripted(
                    new Sums(6, 3, 3), new Sums(0, 0, 0), new Sums(0, 2, 0), new Sums(2, 1, 1)),
                4,
                4);

    assertEquals(2, server.step(), "only the two steps with weight update");
    assertEquals(List.of(1L, 4L), recorded, "no record for the skipped steps");
    assertArrayEquals(new double[] {2, 2}, result.stepLosses(), "no NaN loss for them either");
    assertEquals(8.0 / 4, result.history().get(0).trainLoss());
    assertEquals(4, ran.size(), "every step of the plan is run");
    assertEquals(3, ran.get(3)[2], "and numbered globally");
    assertFalse(Arrays.equals(initial, server.weights()));
  }

  @Test
  void theEpochLossIsTheWeightedMeanOverRowsNotTheMeanOfStepLosses() {
    ParameterServer server = sgd(network, 0.01);
    // Step losses 2 and 3 over weights 1 and 3: Σwℓ / Σw = (2 + 9) / 4, not (2 + 3) / 2.
    TrainingResult result =
        new TrainingLoop<Long>(network, server, settings(2, 0))
            .run(scripted(new Sums(2, 1, 1), new Sums(9, 5, 3)), 2, 4);

    assertArrayEquals(new double[] {2, 3, 2, 3}, result.stepLosses());
    for (EpochMetrics m : result.history()) {
      assertEquals(11.0 / 4, m.trainLoss(), 1e-15);
      assertEquals(2, m.steps());
    }
  }

  @Test
  void checkpointsComeEveryKGlobalStepsAcrossEpochsAfterTheUpdate() {
    ParameterServer server = sgd(network, 0.1);
    List<LoopState> states = new ArrayList<>();
    List<Long> serverSteps = new ArrayList<>();
    new TrainingLoop<Long>(network, server, settings(3, 0))
        .checkpointEvery(
            3,
            state -> {
              states.add(state);
              serverSteps.add(server.step());
            })
        .run(scripted(new Sums(1, 1, 1), new Sums(0, 0, 0)), 4, 2);

    // 12 global steps (every second one empty): checkpoints after steps 3, 6, 9 and 12.
    assertEquals(4, states.size());
    long[][] where = {{3, 1, 3}, {6, 2, 2}, {9, 3, 1}, {12, 3, 4}};
    for (int i = 0; i < where.length; i++) {
      LoopState s = states.get(i);
      assertArrayEquals(where[i], new long[] {s.step(), s.epoch(), s.stepInEpoch()}, "at " + i);
      assertEquals(4, s.stepsPerEpoch());
      assertEquals(s.epoch() - 1, s.history().size(), "the finished epochs' metrics");
    }
    assertEquals(List.of(2L, 3L, 5L, 6L), serverSteps, "taken after the step's update");
    assertEquals(1.0, states.get(1).epochLossSum(), "epoch 2's Σwℓ after its steps 0 and 1");
  }

  @Test
  void theScheduleAndItsWarmUpCountUpdatesAcrossEpochs() {
    ParameterServer server =
        server(Map.of("optimizer.name", "sgd", "optimizer.lr", "0.1", "schedule.warmupSteps", "4"));
    List<Double> steps = new ArrayList<>();
    float[] before = {server.weights()[0]};
    Consumer<Long> stepSize =
        t -> {
          steps.add((double) (before[0] - server.weights()[0])); // gradient 1, weight 1: lr
          before[0] = server.weights()[0];
        };
    // Three steps an epoch, the middle one empty: updates 1, 2 in epoch 1, 3, 4 in epoch 2, …
    new TrainingLoop<Long>(network, server, settings(3, 0))
        .onStep(stepSize)
        .run(scripted(new Sums(1, 1, 1), new Sums(0, 0, 0), new Sums(1, 1, 1)), 3, 2);

    double[] expected = {0.025, 0.05, 0.075, 0.1, 0.1, 0.1}; // ramp 0.1·t/4, then 0.1
    assertEquals(expected.length, steps.size());
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], steps.get(i), 1e-6, "update " + (i + 1));
    }
    assertEquals(6, server.step());
  }

  @Test
  void aResumedRunGoesOnFromTheCheckpointAsIfNeverStopped() {
    Sums[] script = {new Sums(3, 2, 2), new Sums(0, 0, 0), new Sums(5, 3, 3)};
    ParameterServer whole = sgd(network, 0.1);
    List<byte[]> snapshots = new ArrayList<>();
    List<LoopState> states = new ArrayList<>();
    double[] val = {2, 1, 3, 4};
    TrainingResult uninterrupted =
        new TrainingLoop<Long>(network, whole, settings(4, 2))
            .validation(e -> validationLoss(val[e - 1]))
            .checkpointEvery(
                4,
                s -> {
                  states.add(s);
                  snapshots.add(whole.snapshot());
                })
            .run(scripted(script), 3, 5);

    // Resume from the checkpoint after global step 4 (epoch 2, step 1 done).
    ParameterServer restored = ParameterServer.restore(snapshots.get(0), network.layout());
    ran.clear();
    TrainingResult resumed =
        new TrainingLoop<Long>(network, restored, settings(4, 2))
            .validation(e -> validationLoss(val[e - 1]))
            .resumeFrom(states.get(0))
            .run(scripted(script), 3, 5);

    assertArrayEquals(new long[] {2, 1, 4}, ran.get(0), "resumes at the next step");
    assertArrayEquals(uninterrupted.parameters(), resumed.parameters());
    assertEquals(uninterrupted.bestEpoch(), resumed.bestEpoch());
    assertEquals(uninterrupted.stoppedEarly(), resumed.stoppedEarly());
    assertEquals(uninterrupted.history().size(), resumed.history().size());
    for (int i = 0; i < uninterrupted.history().size(); i++) {
      assertEquals(
          uninterrupted.history().get(i).trainLoss(), resumed.history().get(i).trainLoss());
    }
  }

  @Test
  void untilEndsTheRunMidEpochWithoutMetricsForThePartialEpoch() {
    ParameterServer server = sgd(network, 0.1);
    // Four steps an epoch, one of them empty; end after 5 updates: in epoch 2.
    TrainingResult result =
        new TrainingLoop<Long>(network, server, settings(10, 0))
            .until(() -> server.step() >= 5)
            .run(
                scripted(
                    new Sums(1, 1, 1), new Sums(1, 1, 1), new Sums(0, 0, 0), new Sums(1, 1, 1)),
                4,
                3);

    assertEquals(5, server.step());
    assertEquals(1, result.history().size(), "only epoch 1 finished");
    assertArrayEquals(new long[] {2, 1, 5}, ran.get(ran.size() - 1), "the last step run");
    assertEquals(1, finished);
    assertFalse(result.stoppedEarly(), "not early stopping's doing");
  }

  @Test
  void aLearningRateFunctionReplacesTheScheduleForEachUpdate() {
    ParameterServer server = sgd(network, 0.1);
    List<Double> steps = new ArrayList<>();
    float[] before = {server.weights()[0]};
    new TrainingLoop<Long>(network, server, settings(1, 0))
        .learningRate(t -> 0.01 * t)
        .onStep(
            t -> {
              steps.add((double) (before[0] - server.weights()[0]));
              before[0] = server.weights()[0];
            })
        .run(scripted(new Sums(1, 1, 1), new Sums(0, 0, 0)), 6, 3);

    assertEquals(3, steps.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(0.01 * (i + 1), steps.get(i), 1e-6, "update " + (i + 1) + " at its own rate");
    }
  }
}
