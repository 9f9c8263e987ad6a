package org.descent.ps.train;

import java.util.function.Consumer;
import org.descent.nn.FeatureScaling;
import org.descent.nn.Minibatch;
import org.descent.nn.Network;
import org.descent.nn.Workspace;
import org.descent.ps.ParameterServer;

/**
 * Trains on in-memory data in one process: seeded shuffled minibatches, nn-core for the gradient
 * sum in this thread, and {@link TrainingLoop} for the rest (the update, per-epoch validation
 * metrics, early stopping on validation loss with patience, the best weights kept). Each step is
 * exactly what the Spark job does with a single partition.
 */
public final class LocalTrainer {
  private final Network network;
  private final ParameterServer server;
  private final TrainingSettings settings;
  private Consumer<EpochMetrics> progress = m -> {};
  private int partitions = 1;

  public LocalTrainer(Network network, ParameterServer server, TrainingSettings settings) {
    this.network = network;
    this.server = server;
    this.settings = settings;
  }

  /**
   * Splits the training rows into this many contiguous blocks and sums their gradients each step,
   * exactly as the Spark job does with that many partitions (default 1).
   */
  public LocalTrainer partitions(int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("partitions must be positive, got " + count);
    }
    this.partitions = count;
    return this;
  }

  /** Called after every epoch, e.g. to print progress. */
  public LocalTrainer onEpoch(Consumer<EpochMetrics> listener) {
    this.progress = listener;
    return this;
  }

  /**
   * Trains on {@code train}; validates on {@code validation} (may be null) after every epoch.
   * {@code targetScaling} maps regression targets to the scale the network is trained on (use
   * {@link FeatureScaling#none}); metrics are reported in the original units.
   */
  public TrainingResult train(Dataset train, Dataset validation, FeatureScaling targetScaling) {
    return train(
        DataBlock.of(train), validation == null ? null : DataBlock.of(validation), targetScaling);
  }

  /**
   * {@link #train(Dataset, Dataset, FeatureScaling)} on blocks, which may hold sparse rows ({@link
   * DataBlock#isSparse}): the steps then run nn-core's sparse first layer.
   */
  public TrainingResult train(DataBlock train, DataBlock validation, FeatureScaling targetScaling) {
    DataBlock[] blocks =
        train.withTargets(scaledTargets(train, targetScaling)).partition(partitions);
    MinibatchPlan plan =
        new MinibatchPlan(settings.seed(), settings.shuffle(), train.rows(), settings.batchSize());
    PartitionStep[] parts = new PartitionStep[blocks.length];
    for (int p = 0; p < blocks.length; p++) {
      parts[p] =
          new PartitionStep(
              network, plan.rowsPerStep(blocks[p].rows()), train.width(), train.targetWidth());
    }
    GradientSum sum = new GradientSum(network.layout().size(), network.layout().stateSize());
    boolean classifier = network.spec().loss().isClassification();
    // The step path: every block's share of the step, summed in block order, in this thread.
    StepPath<Void> steps =
        (epoch, firstStep, firstGlobalStep) ->
            (s, step, more, update) -> {
              sum.clear();
              for (int p = 0; p < blocks.length; p++) {
                parts[p].accumulate(server.weights(), blocks[p], plan, epoch, s, step, p, sum);
              }
              update.accept(sum);
              return null;
            };
    return new TrainingLoop<Void>(network, server, settings)
        .validation(
            epoch ->
                validation == null
                    ? null
                    : evaluate(
                        network,
                        server.weights(),
                        server.layerState(),
                        validation,
                        targetScaling,
                        classifier))
        .onEpoch(progress)
        .run(steps, plan.stepsPerEpoch(), train.totalWeight());
  }

  /**
   * Inference-mode metrics of {@code params} on {@code data}: mean loss (on the training scale),
   * accuracy for classifiers, MSE/MAE/R² in original units for regression.
   */
  public static Evaluation evaluate(
      Network network, float[] params, float[] state, Dataset data, FeatureScaling targetScaling) {
    return evaluate(network, params, state, DataBlock.of(data), targetScaling);
  }

  /**
   * {@link #evaluate(Network, float[], float[], Dataset, FeatureScaling)} on a dense or sparse
   * block.
   */
  public static Evaluation evaluate(
      Network network,
      float[] params,
      float[] state,
      DataBlock data,
      FeatureScaling targetScaling) {
    return evaluate(network, params, state, data, targetScaling, false);
  }

  /**
   * {@link #evaluate(Network, float[], float[], DataBlock, FeatureScaling)}, for a classifier with
   * {@code confusion} also counting (actual, predicted) pairs ({@link Evaluation#confusion}).
   */
  public static Evaluation evaluate(
      Network network,
      float[] params,
      float[] state,
      DataBlock data,
      FeatureScaling targetScaling,
      boolean confusion) {
    int chunk = Math.min(1024, data.rows());
    Workspace ws = network.workspace(chunk);
    int outWidth = network.spec().outputWidth();
    boolean classifier = network.spec().loss().isClassification();
    float[] targets = scaledTargets(data, targetScaling);
    float[] out = new float[chunk * outWidth];
    Evaluation e =
        classifier && confusion
            ? Evaluation.countingPairs(network.spec().loss().classCount(outWidth))
            : new Evaluation();
    for (int from = 0; from < data.rows(); from += chunk) {
      int n = Math.min(chunk, data.rows() - from);
      int tOff = from * data.targetWidth();
      Minibatch rows =
          data.isSparse()
              ? Minibatch.of(data.sparseFeatures(), from, n)
              : Minibatch.of(data.features(), from * data.width(), n);
      double loss = network.loss(params, state, rows.targets(targets, tOff), ws);
      e.addLoss(loss, n);
      if (classifier) {
        for (int r = 0; r < n; r++) {
          e.addPrediction(network.predictedClass(ws, r), (int) data.targets()[from + r]);
        }
      } else {
        System.arraycopy(ws.logits(), 0, out, 0, n * outWidth);
        targetScaling.invert(out, 0, n);
        for (int i = 0; i < n * outWidth; i++) {
          e.addRegression(out[i], data.targets()[from * outWidth + i]);
        }
      }
    }
    return e;
  }

  private static float[] scaledTargets(DataBlock d, FeatureScaling scaling) {
    if (scaling.mode() == FeatureScaling.Mode.NONE) {
      return d.targets();
    }
    float[] t = d.targets().clone();
    scaling.apply(t, 0, d.rows());
    return t;
  }
}
