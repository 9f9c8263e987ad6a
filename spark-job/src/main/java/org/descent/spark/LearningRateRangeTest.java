package org.descent.spark;

import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.descent.nn.FeatureScaling;
import org.descent.nn.Network;
import org.descent.nn.NetworkSpec;
import org.descent.ps.NonFiniteGradientException;
import org.descent.ps.ParameterServer;
import org.descent.ps.config.TrainKeys;
import org.descent.ps.train.DataBlock;
import org.descent.ps.train.GradientSum;
import org.descent.ps.train.StepPath;
import org.descent.ps.train.TrainingLoop;
import org.descent.ps.train.TrainingSettings;

/**
 * The learning-rate range test (Smith 2017, "Cyclical Learning Rates for Training Neural Networks",
 * §3.3, with the exponential ramp and smoothed loss of fast.ai's lr_find): train from fresh weights
 * while the rate grows exponentially from {@code start} to {@code end} over {@code steps} steps,
 * recording each minibatch's loss. Steps are the distributed trainer's (the same broadcast and
 * gradient job, a job per step, and {@link TrainingLoop}'s update), only the rate is set per step.
 * The test stops early once the smoothed loss exceeds {@value #DIVERGENCE}× its minimum or the loss
 * or gradient is not finite.
 */
public final class LearningRateRangeTest {
  /** Stop once the smoothed loss is this many times its minimum so far. */
  public static final double DIVERGENCE = 4;

  /**
   * Decay of the exponential moving average of the loss (bias-corrected, as fast.ai). fast.ai's
   * 0.98 remembers ~50 steps: with 200 steps over eight decades of rate that is two decades of lag,
   * which puts the smoothed minimum (and the suggestion) far right of the raw one; 0.9 remembers
   * ~10 steps, under half a decade.
   */
  public static final double SMOOTHING = 0.9;

  private final Network network;
  private final ParameterServer server;
  private final TrainingSettings settings;
  private final double start;
  private final double end;
  private final int steps;
  private int depth = Integer.parseInt(TrainKeys.AGGREGATION_DEPTH.defaultText());

  /**
   * @param server fresh (step 0), built with the optimiser to test; its own schedule is ignored
   * @param settings batch size, seed and shuffling of the steps (epochs and patience are ignored)
   */
  public LearningRateRangeTest(
      Network network,
      ParameterServer server,
      TrainingSettings settings,
      double start,
      double end,
      int steps) {
    if (!(start > 0 && end > start)) {
      throw new IllegalArgumentException(
          "the range test needs 0 < lrFind.start < lrFind.end, got " + start + " and " + end);
    }
    if (steps < 2) {
      throw new IllegalArgumentException("lrFind.steps must be ≥ 2, got " + steps);
    }
    this.network = network;
    this.server = server;
    this.settings = settings;
    this.start = start;
    this.end = end;
    this.steps = steps;
  }

  public LearningRateRangeTest aggregationDepth(int treeDepth) {
    this.depth = treeDepth;
    return this;
  }

  /** The rate of step {@code i} (0-based): {@code start·(end/start)^(i/(steps−1))}. */
  public static double rate(double start, double end, int steps, int i) {
    return start * Math.pow(end / start, (double) i / (steps - 1));
  }

  /** Runs the test on {@code train} (one block per partition); targets in original units. */
  public RangeTestCurve run(JavaRDD<DataBlock> train, FeatureScaling targetScaling) {
    NetworkSpec spec = network.spec();
    FeatureScaling scaling = TrainingBlocks.targetScalingOrNone(spec, targetScaling);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(train.context());
    String runId = UUID.randomUUID().toString();
    RangeTestCurve curve = new RangeTestCurve(SMOOTHING, DIVERGENCE);
    Broadcast<NetworkSpec> specBroadcast = sc.broadcast(spec);
    try (TrainingBlocks blocks = TrainingBlocks.prepare(train, spec, scaling, settings);
        WeightsBroadcast weights = new WeightsBroadcast(sc, b -> {})) {
      GradientStep gradients =
          GradientStep.of(blocks.rdd(), specBroadcast, blocks.plan(), runId, depth);
      // Each update is a point of the curve, so the server's steps since the start count the points
      // so far: point i's rate is rate(i), in the curve and in the update.
      long origin = server.step();
      StepPath<Void> points =
          (epoch, firstStep, firstGlobalStep) ->
              (s, step, more, update) -> {
                sc.setJobDescription(
                    "descent lr-find step " + (server.step() - origin + 1) + " of " + steps);
                GradientSum sum = gradients.run(weights.of(server), epoch, s, step).sum();
                double lr = rate(start, end, steps, (int) (server.step() - origin));
                // A late step of an epoch can be empty: no point of the curve, no update. A loss
                // the curve refuses (diverged) is not trained on either.
                if (sum.weight() > 0 && curve.add(lr, sum.loss() / sum.weight())) {
                  try {
                    update.accept(sum);
                  } catch (NonFiniteGradientException e) {
                    curve.markDiverged();
                  }
                }
                return null;
              };
      // Epochs without end, no validation: the test ends after its steps or when it diverges.
      TrainingSettings unbounded =
          new TrainingSettings(
              Integer.MAX_VALUE, settings.batchSize(), settings.seed(), settings.shuffle(), 0);
      new TrainingLoop<Void>(network, server, unbounded)
          .learningRate(t -> rate(start, end, steps, (int) (t - 1 - origin)))
          .until(() -> server.step() - origin >= steps || curve.diverged())
          .run(points, blocks.plan().stepsPerEpoch(), blocks.weight());
    } finally {
      specBroadcast.destroy();
      sc.setJobDescription(null);
    }
    return curve;
  }
}
